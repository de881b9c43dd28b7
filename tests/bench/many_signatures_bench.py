#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""How verification grows with the number of signatures, and what repeated Flate bombs in
/DSS cost: one run, figures and ratios (docs/benchmarks.md, "Many signatures").

  many_signatures_bench.py BUILD_DIR PKI_DIR WORK_DIR [--counts 50,100,200,400]

Makes one PDF signed again and again (bench_make_signature_chain), keeps copies after each
count, and runs `sandi verify` on each in a child process: wall time and peak RSS (wait4),
each with its ratio to the previous count (linear growth: the ratio of the counts; quadratic:
its square). Then a small file whose /DSS names one Flate bomb a thousand times and twenty
distinct ones (each decoding to just under 4 MiB).
"""
import os
import resource
import subprocess
import sys
import time
import zlib

BUILD, PKI, WORK = (os.path.abspath(a) for a in sys.argv[1:4])
counts = [50, 100, 200, 400]
if "--counts" in sys.argv:
    counts = [int(x) for x in sys.argv[sys.argv.index("--counts") + 1].split(",")]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import pdftool  # noqa: E402

SANDI = os.path.join(BUILD, "client/cli/sandi")
KEY = os.path.join(PKI, "people/baubau/wa-ode-sitti-signing.p12")
PASS = os.path.join(PKI, "pass/user.pass")
TRUST = ["--trust", os.path.join(PKI, "trust/root.pem"), "--crl", os.path.join(PKI, "crls.pem")]
os.makedirs(WORK, exist_ok=True)


def measure(path):
    """(seconds, peak RSS in MiB, exit status) of `sandi verify` on `path`, in a child."""
    t = time.perf_counter()
    p = subprocess.Popen([SANDI, "verify", *TRUST, path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t, usage.ru_maxrss / 1024.0, p.returncode


base = os.path.join(WORK, "base.pdf")
open(base, "wb").write(pdftool.base_pdf())
t = time.perf_counter()
subprocess.run([os.path.join(BUILD, "tests/bench/bench_make_signature_chain"), base, KEY, PASS, WORK,
                *map(str, counts)], check=True)
print("made the signature chain (%s signatures) in %.1f s" % (",".join(map(str, counts)), time.perf_counter() - t))
print("%10s %10s %10s %10s %12s %10s %10s" % ("signatures", "size MiB", "seconds", "ms/sig", "time ratio",
                                              "RSS MiB", "RSS ratio"))
prev = None
for n in counts:
    f = os.path.join(WORK, "sigs-%d.pdf" % n)
    secs, rss, code = measure(f)
    assert code == 0, "sigs-%d.pdf does not verify (exit %d)" % (n, code)
    size = os.path.getsize(f) / 2**20
    ratio = ("%.2f (n %.1fx)" % (secs / prev[1], n / prev[0])) if prev else "-"
    rss_ratio = ("%.2f" % (rss / prev[2])) if prev else "-"
    print("%10d %10.2f %10.2f %10.2f %12s %10.1f %10s" % (n, size, secs, 1000 * secs / n, ratio, rss, rss_ratio))
    prev = (n, secs, rss)

# /DSS with Flate bombs: one bomb named 1000 times, and 20 distinct ones (~80 MiB decoded in all).
def stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


bomb = stream(zlib.compress(bytes(4 * 2**20 - 16), 9), b"/Filter /FlateDecode ")
objs = {1: b"<< /Type /Catalog /Pages 2 0 R /DSS 6 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", 4: stream(b"BT ET"),
        5: bomb}
distinct = {10 + i: stream(zlib.compress(b"%d" % i + bytes(4 * 2**20 - 20), 9), b"/Filter /FlateDecode ")
            for i in range(20)}
objs.update(distinct)
objs[6] = b"<< /Certs [" + b" 5 0 R" * 1000 + b"] /CRLs [" + b" ".join(b"%d 0 R" % n for n in distinct) + b"] >>"
out = bytearray(b"%PDF-1.7\n")
offsets = {}
for num in sorted(objs):
    offsets[num] = len(out)
    out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
size = max(objs) + 1
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f\r\n" % size
for num in range(1, size):
    out += (b"%010d 00000 n\r\n" % offsets[num]) if num in offsets else b"0000000000 65535 f\r\n"
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
src = os.path.join(WORK, "dss-bombs-src.pdf")
open(src, "wb").write(out)
signed = os.path.join(WORK, "dss-bombs.pdf")
subprocess.run([SANDI, "sign", "--key", KEY, "--pass-file", PASS, src, "-o", signed], check=True,
               stdout=subprocess.DEVNULL)
secs, rss, code = measure(signed)
print("/DSS bombs (%.0f KiB file; 1,000 references to one bomb and 20 distinct ones, ~84 MiB decoded): "
      "%.2f s, %.1f MiB peak RSS, exit %d (1: WALK_BUDGET_EXHAUSTED)" % (os.path.getsize(signed) / 1024, secs, rss, code))
