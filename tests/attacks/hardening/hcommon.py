# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the file-structure hardening cases: a signer outside Sandi (the openssl CLI
# makes the CMS or the RFC 3161 token) so that a case controls every byte of the
# signature's update, and `sandi verify --json`. Paths from the environment (run_all.py).
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import pdftool  # noqa: E402,F401

SANDI = os.environ["SANDI"]
PKI = os.environ["SANDI_PKI"]
W = os.environ["SANDI_HARDEN_WORK"]
os.makedirs(W, exist_ok=True)
KEY = PKI + "/people/baubau/wa-ode-sitti-signing.p12"
KEY2 = PKI + "/people/baubau/la-ode-arif-signing.p12"
PASS = PKI + "/pass/user.pass"
TSA = PKI + "/services/tsa.p12"
PLACEHOLDER_HEX = 24000


def path(name):
    return os.path.join(W, name)


def write(name, data):
    open(path(name), "wb").write(data)
    return path(name)


def run(*cmd, **kw):
    return subprocess.run(list(cmd), check=True, capture_output=True, **kw)


def sandi_sign(src, dst, *extra, key=KEY):
    run(SANDI, "sign", "--key", key, "--pass-file", PASS, *extra, src, "-o", dst)
    return open(dst, "rb").read()


def verify(file):
    r = subprocess.run([SANDI, "verify", "--json", "--trust", PKI + "/trust/root.pem", "--crl", PKI + "/crls.pem",
                        file], capture_output=True, text=True)
    try:
        j = json.loads(r.stdout)
    except ValueError:
        j = {"valid": False, "error": (r.stdout + r.stderr).strip()}
    return r.returncode, j


def codes(report):
    out = set(p["code"] for p in report.get("problems", []))
    for s in report.get("signatures", []):
        out |= set(p["code"] for p in s.get("problems", []))
    return out


def _pem(p12, what, passfile):
    dst = path(os.path.basename(p12) + "." + what + ".pem")
    if not os.path.exists(dst):
        args = {"key": ["-nocerts", "-nodes"], "cert": ["-clcerts", "-nokeys"], "chain": ["-cacerts", "-nokeys"]}[what]
        run("openssl", "pkcs12", "-in", p12, "-passin", "file:" + passfile, *args, "-out", dst)
    return dst


def cms_sign(tbs, key=KEY):
    """A detached CMS (adbe.pkcs7.detached style) over `tbs`, by openssl."""
    src = write("tbs.bin", tbs)
    out = path("sig.der")
    run("openssl", "cms", "-sign", "-binary", "-in", src, "-signer", _pem(key, "cert", PASS), "-inkey",
        _pem(key, "key", PASS), "-certfile", _pem(key, "chain", PASS), "-outform", "DER", "-md", "sha256",
        "-nosmimecap", "-out", out)
    return open(out, "rb").read()


def ts_token(tbs):
    """An RFC 3161 time-stamp token over `tbs`, by `openssl ts` with the demo TSA."""
    src = write("tbs.bin", tbs)
    cfg = path("tsa.cnf")
    open(cfg, "w").write("[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = %s\nsigner_digest = sha256\n"
                         "default_policy = 1.3.6.1.4.1.99999.1\ndigests = sha256\naccuracy = secs:1\n"
                         "ess_cert_id_alg = sha256\ness_cert_id_chain = no\n" % path("tsaserial"))
    if not os.path.exists(path("tsaserial")):
        open(path("tsaserial"), "w").write("01\n")
    run("openssl", "ts", "-query", "-data", src, "-sha256", "-cert", "-out", path("q.tsq"))
    run("openssl", "ts", "-reply", "-config", cfg, "-queryfile", path("q.tsq"), "-signer", _pem(TSA, "cert", PASS),
        "-inkey", _pem(TSA, "key", PASS), "-chain", _pem(TSA, "chain", PASS), "-token_out", "-out", path("tok.der"))
    return open(path("tok.der"), "rb").read()


def sig_dict(sub_filter=b"/adbe.pkcs7.detached", type_name=b"/Sig", extra=b""):
    t = b"/Type %s " % type_name if type_name else b""
    return (b"<< " + t + b"/Filter /Adobe.PPKLite /SubFilter " + sub_filter + b" " + extra +
            b"/ByteRange [0 0000000000 0000000000 0000000000] /Contents <" + b"0" * PLACEHOLDER_HEX + b"> >>")


def fill_signature(data, token=None, nth=-1, by="cms", key=KEY, end=None):
    """Fills the placeholder signature (the nth /ByteRange placeholder) of `data`: the byte
    range covers everything up to `end` (default: the whole file) but the gap."""
    ms = list(re.finditer(rb"/ByteRange \[0 0000000000 0000000000 0000000000\] /Contents <(0{%d})>" % PLACEHOLDER_HEX,
                          data))
    m = ms[nth]
    a = m.start(1) - 1
    b = m.end(1) + 1
    end = len(data) if end is None else end
    br = b"/ByteRange [0 %010d %010d %010d]" % (a, b, end - b)
    data = data[:m.start()] + br + data[m.start() + len(br):]
    tbs = data[:a] + data[b:end]
    der = token if token is not None else (cms_sign(tbs, key) if by == "cms" else ts_token(tbs))
    hexs = der.hex().upper().encode()
    assert len(hexs) <= PLACEHOLDER_HEX, "signature too large"
    hexs += b"0" * (PLACEHOLDER_HEX - len(hexs))
    return data[:a + 1] + hexs + data[b - 1:]


class EditedPdf(pdftool.Pdf):
    """A Pdf whose object bodies `edits` ({num: body}) replace the file's."""

    def __init__(self, data, edits):
        super().__init__(data)
        self.edits = edits

    def object(self, num):
        return self.edits[num] if num in self.edits else super().object(num)


def full_update(pdf, objects, drop=()):
    """An update that writes every object again (and `objects`), with a complete
    cross-reference table and a trailer without /Prev: the chain to earlier revisions is cut."""
    bodies = {}
    for n in range(1, pdf.size()):
        try:
            bodies[n] = pdf.object(n)
        except KeyError:
            pass
    bodies.update(objects)
    for n in drop:
        bodies.pop(n, None)
    out = bytearray(pdf.data)
    offsets = {}
    for n in sorted(bodies):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + bodies[n] + b"\nendobj\n"
    size = max(bodies) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f\r\n" % size
    for n in range(1, size):
        out += (b"%010d 00000 n\r\n" % offsets[n]) if n in offsets else b"0000000000 00001 f\r\n"
    out += b"trailer\n<< /Size %d /Root %s >>\nstartxref\n%d\n%%%%EOF\n" % (size, pdf.root(), xref)
    return bytes(out)


def set_last_prev(data, prev):
    """The last trailer's /Prev set to `prev` (the revision it names is skipped: orphaned)."""
    i = data.rfind(b"/Prev ")
    m = re.match(rb"/Prev (\d+)", data[i:])
    return data[:i] + b"/Prev %d" % prev + data[i + m.end():]


def add_signature(data, sig=None, by="cms", field_name=b"Extern", page=3, sig_num=None, field_extra=b"",
                  in_fields=True, key=KEY, edits=None, updater=None):
    """An incremental update with a new signature field (a widget on `page`) whose /V is a new
    signature dictionary, signed by openssl. `edits`: object bodies to start from instead of
    the file's; `updater(pdf, objects)`: writes the update (default: pdftool's). Returns the
    signed bytes."""
    pdf = EditedPdf(data, edits or {})
    n = pdf.size() if sig_num is None else sig_num
    w = n + 1
    catalog_num = int(pdf.root().split()[0])
    catalog = pdf.object(catalog_num)
    name = b"/T (%s) " % field_name if field_name is not None else b""  # (None: no string, for encrypted files)
    objs = {n: sig or sig_dict(), w: b"<< /Type /Annot /Subtype /Widget /FT /Sig %s/V %d 0 R /Rect [0 0 0 0] "
            b"/P %d 0 R /F 4 %s>>" % (name, n, page, field_extra)}
    if in_fields:
        objs.update(acroform_with(pdf, catalog_num, catalog, w))
    page_body = pdf.object(page)
    objs[page] = append_item(page_body, b"/Annots", b"%d 0 R" % w)
    for n, body in (edits or {}).items():
        objs.setdefault(n, body)
    return fill_signature(updater(pdf, objs) if updater else pdf.update(objs), by=by, key=key)


def append_item(body, key, item):
    """`body` with `item` appended to its array `key` (a new array if there is none)."""
    m = re.search(rb"%s\s*\[([^\]]*)\]" % re.escape(key), body)
    if not m:
        return body[:-2].rstrip() + b" %s [%s] >>" % (key, item)
    return body[:m.end() - 1].rstrip() + b" " + item + b"]" + body[m.end():]


def acroform_with(pdf, catalog_num, catalog, field):
    """The objects to rewrite so that /AcroForm /Fields also lists `field`."""
    m = re.search(rb"/AcroForm\s+(\d+) 0 R", catalog)
    if m:
        num = int(m.group(1))
        acro = pdf.object(num)
        fm = re.search(rb"/Fields\s+(\d+) 0 R", acro)
        if fm:
            fnum = int(fm.group(1))
            arr = pdf.object(fnum)
            return {fnum: arr[:-1].rstrip() + b" %d 0 R]" % field}
        return {num: append_item(acro, b"/Fields", b"%d 0 R" % field)}
    if b"/Fields [" in catalog:
        return {catalog_num: append_item(catalog, b"/Fields", b"%d 0 R" % field)}
    return {catalog_num: catalog[:-2].rstrip() + b" /AcroForm << /Fields [%d 0 R] /SigFlags 3 >> >>" % field}


class Cases:
    """Collects the verdicts of one script's variants; exits 1 if any is not as expected."""

    def __init__(self, script):
        self.script = script
        self.failures = []
        self.n = 0

    def expect(self, name, data, valid, must_have=(), must_not_have=()):
        f = write(name + ".pdf", data)
        rc, j = verify(f)
        got = codes(j)
        ok = (rc == 0) == valid and set(must_have) <= got and not (set(must_not_have) & got)
        self.n += 1
        print("%-40s %-8s rc=%d %s" % (name, "ok" if ok else "WRONG", rc, sorted(got)))
        if not ok:
            self.failures.append("%s: expected %s %s, got rc=%d %s" % (
                name, "valid" if valid else "refused", sorted(must_have), rc, json.dumps(j)[:3000]))
        return j

    def done(self):
        if self.failures:
            print("\n".join(self.failures), file=sys.stderr)
            sys.exit(1)
        print("%s: %d variants as expected" % (self.script, self.n))


def build(objs, trailer_extra=b"", root=1):
    """A one-revision PDF from {num: body} (the outside review's builder)."""
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
    out += (b"trailer\n<< /Size %d /Root %d 0 R %s /ID [<0123456789ABCDEF0123456789ABCDEF> "
            b"<0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, trailer_extra, xref))
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"
