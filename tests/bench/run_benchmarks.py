#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Side-by-side timings for docs/benchmarks.md, as ratios measured in one run (the
machine is shared and noisy: each command runs REPEAT times, the median counts).

  run_benchmarks.py BUILD_DIR DEMO_PKI WORK_DIR [--size-mb 100] [--files 1000] [--repeat 5]

1. Signing a large PDF: `sandi sign` against the limit (map the file and SHA-256 it
   once, bench_hash_file), `pdfsig -add-signature` (NSS) and `mutool sign`, all with
   the same RSA-3072 key and the file in the page cache.
2. Verifying many signed PDFs: `sandi verify DIR` against `pdfsig` run once per file,
   twice: B-B signatures with the CRLs given, and B-LT signatures whose only revocation
   evidence is OCSP responses in their /DSS (made by the demo CAs' OCSP responders, with a
   delegated responder certificate of profile `ocsp` each; every file has its own). The
   second corpus is checked first: every signature TOTAL-PASSED, every certificate below
   the root settled by OCSP (REVOCATION_CHECKED_BY_OCSP), none by a CRL.
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import pdftool  # noqa: E402

BUILD, PKI, WORK = sys.argv[1], sys.argv[2], sys.argv[3]


def opt(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


SIZE_MB, FILES, REPEAT = opt("--size-mb", 100), opt("--files", 1000), opt("--repeat", 5)
SANDI = os.path.join(BUILD, "client/cli/sandi")
os.makedirs(WORK, exist_ok=True)
os.chdir(WORK)
KEY = os.path.join(PKI, "people/provinsi/andi-pratama-signing.p12")
PASSFILE = os.path.join(PKI, "pass/user.pass")
PASS = open(PASSFILE).read().strip()


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def timed(cmd, before=None):
    samples = []
    for _ in range(REPEAT):
        if before:
            before()
        t = time.perf_counter()
        run(cmd)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


# --- 1. a large PDF ---------------------------------------------------------------------
big = "big.pdf"
if not os.path.exists(big) or os.path.getsize(big) < SIZE_MB * 1_000_000:
    base = pdftool.base_pdf(text_field=False)
    pdf = pdftool.Pdf(base)
    n = pdf.size()
    payload = os.urandom(SIZE_MB * 1_000_000)
    stream = b"<< /Length %d >>\nstream\n" % len(payload) + payload + b"\nendstream"
    page = pdf.object(3)[:-2].rstrip() + b" /PieceInfo << /Sandi << /Data %d 0 R >> >> >>" % n
    data = pdf.update({n: stream, 3: page})
    data, field = pdftool.add_empty_signature_field(data)
    open(big, "wb").write(data)
    open("big.field", "w").write(str(field))
field = open("big.field").read().strip()
size = os.path.getsize(big)
run(["cat", big])  # into the page cache

# The same key for every tool: a PKCS#12 at OpenSSL's default PBKDF2 cost (Sandi's own
# files use 600,000 iterations; unlocking the key is not what this measures).
run(["openssl", "pkcs12", "-in", KEY, "-passin", "file:" + PASSFILE, "-nodes", "-out", "key.pem"])
run(["openssl", "pkcs12", "-export", "-in", "key.pem", "-out", "bench.p12", "-passout", "pass:" + PASS])
shutil.rmtree("nss", ignore_errors=True)
os.makedirs("nss")
run(["certutil", "-N", "-d", "sql:nss", "--empty-password"])
run(["pk12util", "-i", "bench.p12", "-d", "sql:nss", "-W", PASS])
nick = [l for l in subprocess.run(["certutil", "-L", "-d", "sql:nss"], capture_output=True, text=True).stdout.splitlines()
        if l.rstrip().endswith("u,u,u")][0].rsplit(" ", 1)[0].strip()


def rm(*names):
    return lambda: [os.path.exists(x) and os.remove(x) for x in names]


limit = timed([os.path.join(BUILD, "tests/bench/bench_hash_file"), big])
sandi = timed([SANDI, "sign", "--key", "bench.p12", "--pass-file", PASSFILE, big, "-o", "out-sandi.pdf"], rm("out-sandi.pdf"))
pdfsig = timed(["pdfsig", "-add-signature", "-nssdir", "sql:nss", "-nick", nick, big, "out-pdfsig.pdf"], rm("out-pdfsig.pdf"))
mutool = timed(["mutool", "sign", "-s", "bench.p12", "-P", PASS, "-o", "out-mutool.pdf", big, field], rm("out-mutool.pdf"))
for f in ("out-sandi.pdf", "out-pdfsig.pdf", "out-mutool.pdf"):
    assert os.path.exists(f), f
print("signing a %.0f MB PDF (median of %d)" % (size / 1e6, REPEAT))
print("  limit (map + SHA-256 once): %7.3f s   %6.0f MB/s" % (limit, size / 1e6 / limit))
print("  sandi sign:                 %7.3f s   %.2fx the limit" % (sandi, sandi / limit))
print("  pdfsig -add-signature:      %7.3f s   %.2fx the limit   sandi is %.1fx faster" % (pdfsig, pdfsig / limit, pdfsig / sandi))
print("  mutool sign:                %7.3f s   %.2fx the limit   sandi is %.1fx faster" % (mutool, mutool / limit, mutool / sandi))

# --- 2. many signed PDFs ----------------------------------------------------------------
# Made afresh: they must be signed by this run's PKI.
open("small.pdf", "wb").write(pdftool.base_pdf())
CORPUS_TOOL = os.path.join(BUILD, "tests/bench/bench_make_signed_corpus")
ROOT = ["--no-default-trust", "--trust", os.path.join(PKI, "trust/root.pem")]


def corpus_files(corpus):
    return sorted(os.path.join(corpus, f) for f in os.listdir(corpus))


def bulk(title, corpus, trust):
    files = corpus_files(corpus)
    t = time.perf_counter()
    r = subprocess.run([SANDI, "verify", *trust, corpus], capture_output=True, text=True)
    sandi_verify = time.perf_counter() - t
    assert r.returncode == 0, r.stdout[-2000:]
    t = time.perf_counter()
    for f in files:
        out = subprocess.run(["pdfsig", "-nocert", f], capture_output=True, text=True).stdout
        assert "Signature is Valid." in out, f
    pdfsig_each = time.perf_counter() - t
    print("verifying %d signed PDFs, %s (%d cores)" % (len(files), title, os.cpu_count()))
    print("  sandi verify DIR:           %7.3f s   %7.0f files/s" % (sandi_verify, len(files) / sandi_verify))
    print("  pdfsig once per file:       %7.3f s   %7.0f files/s   sandi is %.1fx faster"
          % (pdfsig_each, len(files) / pdfsig_each, pdfsig_each / sandi_verify))


# B-B, CRLs given.
shutil.rmtree("corpus", ignore_errors=True)
run([CORPUS_TOOL, "small.pdf", KEY, PASSFILE, str(FILES), "corpus"])

# B-LT, OCSP only: a delegated responder certificate (profile ocsp) from the root and from
# the signer's (and the TSA's) office CA, issued afresh into this run's PKI.
shutil.rmtree("corpus-ocsp", ignore_errors=True)
responders = []
for ca, ca_pass in (("root", "root.pass"), ("provinsi", "office.pass")):
    prefix = "ocsp-" + ca
    rm(prefix + ".crt.pem", prefix + ".chain.pem", prefix + ".p12")()
    run([SANDI, "ca", "issue", "--dir", os.path.join(PKI, "ca", ca), "--profile", "ocsp", "--cn", "OCSP " + ca,
         "--out", prefix, "--ca-pass-file", os.path.join(PKI, "pass", ca_pass), "--pass-file", PASSFILE])
    responders += [os.path.join(PKI, "ca", ca), prefix + ".p12"]
run([CORPUS_TOOL, "small.pdf", KEY, PASSFILE, str(FILES), "corpus-ocsp", "--ocsp",
     os.path.join(PKI, "services/tsa.p12"), *responders])
# Untimed: what the timed run below decides, file by file, with the evidence named.
r = subprocess.run([SANDI, "verify", "--json", *ROOT, "corpus-ocsp"], capture_output=True, text=True)
assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
reports = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
assert len(reports) == FILES, len(reports)
for f in reports:
    assert f["indication"] == "TOTAL-PASSED" and len(f["signatures"]) == 1, f
    s = f["signatures"][0]
    assert s["indication"] == "TOTAL-PASSED" and s["timestamp"], s
    codes = [m["code"] for m in s["remarks"]]
    by_ocsp = [m["text"] for m in s["remarks"] if m["code"] == "REVOCATION_CHECKED_BY_OCSP"]
    # The signer, its office CA, the TSA (and the TSA's office CA, the same one).
    assert "REVOCATION_CHECKED_BY_CRL" not in codes, s["remarks"]
    assert any(t.startswith("signer: certificate 'CN=Andi Pratama") for t in by_ocsp), by_ocsp
    assert any(t.startswith("signer: certificate '") and "Sulawesi Tenggara" in t.split("'")[1]
               and "Andi" not in t.split("'")[1] for t in by_ocsp), by_ocsp
    assert any(t.startswith("time-stamp authority: certificate 'CN=Sandi TSA") for t in by_ocsp), by_ocsp
print("corpus-ocsp: %d files TOTAL-PASSED, revocation settled by OCSP (%s), no CRL"
      % (len(reports), ", ".join(sorted({t.split(":")[0] for f in reports
                                         for t in (m["text"] for m in f["signatures"][0]["remarks"]
                                                   if m["code"] == "REVOCATION_CHECKED_BY_OCSP")}))))

# OpenSSL's judgement of one file's responses: the signer's, good, from a responder its CA authorised.
first = corpus_files("corpus-ocsp")[0]
data = open(first, "rb").read()
ocsp_objects = re.findall(rb"/OCSPs \[([0-9 R]+)\]", data)[-1].split(b" 0 R")
verdicts = []
for i, obj in enumerate(o.strip() for o in ocsp_objects if o.strip()):
    der = subprocess.run(["qpdf", "--show-object=" + obj.decode(), "--raw-stream-data", first], check=True,
                         capture_output=True).stdout
    open("ocsp-%d.der" % i, "wb").write(der)
    verdicts.append(subprocess.run(
        ["openssl", "ocsp", "-respin", "ocsp-%d.der" % i, "-no_nonce",
         "-issuer", os.path.join(PKI, "ca/provinsi/ca.crt.pem"),
         "-cert", os.path.join(PKI, "people/provinsi/andi-pratama-signing.crt.pem"),
         "-CAfile", os.path.join(PKI, "trust/root.pem")], capture_output=True, text=True))
assert any("andi-pratama-signing.crt.pem: good" in v.stdout and "Response verify OK" in v.stderr + v.stdout
           for v in verdicts), [v.stdout + v.stderr for v in verdicts]

bulk("B-B, CRLs given", "corpus", [*ROOT, "--crl", os.path.join(PKI, "crls.pem")])
bulk("B-LT, OCSP responses in /DSS", "corpus-ocsp", ROOT)
