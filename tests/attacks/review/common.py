# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the outside review's bypass attempts on the modification rules (run_all.py runs
# every one; each must end with its attack file refused). Paths from the environment.
import sys, os, subprocess, json
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import pdftool
SANDI = os.environ.get("SANDI", "/work/main/build/release/client/cli/sandi")
PKI = os.environ.get("SANDI_PKI", "/work/main/build/release/tests/demo-pki")
KEY = PKI + "/people/baubau/wa-ode-sitti-signing.p12"
KEY2 = PKI + "/people/baubau/la-ode-arif-signing.p12"
PASS = PKI + "/pass/user.pass"
W = os.environ.get("SANDI_REVIEW_WORK", "/tmp/review")
os.makedirs(W, exist_ok=True)

def build(objs, trailer_extra=b"", root=1):
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    size = max(objs) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f\r\n" % size
    for num in range(1, size):
        out += (b"%010d 00000 n\r\n" % offsets[num]) if num in offsets else b"0000000000 65535 f\r\n"
    out += b"trailer\n<< /Size %d /Root %d 0 R %s /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, trailer_extra, xref)
    return bytes(out)

def stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"

def sign(src, dst, *extra, key=KEY):
    subprocess.run([SANDI, "sign", "--key", key, "--pass-file", PASS, *extra, src, "-o", dst], check=True, stdout=subprocess.DEVNULL)
    return open(dst, "rb").read()

def verify(path):
    r = subprocess.run([SANDI, "verify", "--json", "--trust", PKI + "/trust/root.pem", "--crl", PKI + "/crls.pem", path], capture_output=True, text=True)
    print("==", os.path.basename(path), "exit", r.returncode)
    try:
        j = json.loads(r.stdout)
        print(json.dumps(j, indent=1)[:3000])
    except Exception:
        print(r.stdout[:3000], r.stderr[:2000])
    return r.returncode

def render(path, name):
    if os.environ.get("SANDI_REVIEW_NO_RENDER"):
        return
    subprocess.run(["pdftoppm", "-r", "50", "-png", path, W + "/" + name + "-poppler"], capture_output=True)
    subprocess.run(["mutool", "draw", "-q", "-r", "50", "-o", W + "/" + name + "-mupdf-%d.png", path], capture_output=True)
    subprocess.run(["pdftotext", path, W + "/" + name + ".txt"], capture_output=True)
    print("pdftotext:", open(W + "/" + name + ".txt", errors="replace").read().strip()[:300])

def write(name, data):
    open(W + "/" + name, "wb").write(data); return W + "/" + name

def update(data, objects, trailer_extra=b""):
    p = pdftool.Pdf(data)
    out = p.update(objects)
    # add trailer keys (e.g. /Info) to the new trailer
    i = out.rfind(b"/Prev ")
    return out[:i] + trailer_extra + b" " + out[i:]
