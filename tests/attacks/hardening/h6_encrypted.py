# SPDX-License-Identifier: GPL-3.0-or-later
# Encrypted PDFs that open with an empty user password are verified (Sandi does not sign
# them): qpdf encrypts an unsigned file (AES-256, AES-128, RC4-128), an outside signer (openssl)
# adds a signature in an update that keeps /Encrypt and /ID (a signature's /Contents is not
# encrypted, ISO 32000-2 §7.6.2; the update carries no other strings). Each must verify; a
# page changed after signing must be refused; a file that needs a user password is not read;
# `sandi sign` refuses encrypted input.
from hcommon import *

c = Cases("h6_encrypted")
base = write("h6-base.pdf", pdftool.base_pdf(text_field=False))


def keep_trailer_keys(src):
    trailer = pdftool.Pdf(src).trailer()
    keys = re.search(rb"/Encrypt\s+\d+ \d+ R", trailer).group(0) + b" " + re.search(rb"/ID\s*\[[^\]]*\]", trailer).group(0)

    def updater(pdf, objs):
        data = pdf.update(objs)
        i = data.rfind(b"/Prev ")
        return data[:i] + keys + b" " + data[i:]
    return updater


def first_page(path_):
    out = subprocess.run(["qpdf", "--show-pages", path_], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"page 1: (\d+) 0 R", out).group(1))


for args, tag in ((["256"], "aes256"), (["128", "--use-aes=y"], "aes128"), (["128"], "rc4-128")):
    enc = path("h6-%s.pdf" % tag)
    weak = ["--allow-weak-crypto"] if tag.startswith("rc4") else []
    subprocess.run(["qpdf", *weak, "--encrypt", "", "owner", *args, "--", base, enc], check=True)
    data = open(enc, "rb").read()
    page = first_page(enc)
    upd = keep_trailer_keys(data)
    signed = add_signature(data, field_name=None, page=page, updater=upd)
    j = c.expect("h6-%s-signed" % tag, signed, valid=True)
    if [s["kind"] for s in j.get("signatures", [])] != ["signature"]:
        c.failures.append("h6-%s-signed: not one signature: %s" % (tag, j.get("signatures")))
    two = add_signature(signed, field_name=None, page=page, updater=keep_trailer_keys(signed))
    c.expect("h6-%s-two-signatures" % tag, two, valid=True)
    ts = add_signature(signed, sig_dict(b"/ETSI.RFC3161", b"/DocTimeStamp"), by="ts", field_name=None, page=page,
                       updater=keep_trailer_keys(signed))
    c.expect("h6-%s-with-doc-timestamp" % tag, ts, valid=True)
    # The page's content re-pointed after signing (to an unencrypted stream: it reads as
    # garbage, but it is a change all the same).
    p = pdftool.Pdf(signed)
    body = p.object(page)
    n = p.size()
    changed = re.sub(rb"/Contents \d+ 0 R", b"/Contents %d 0 R" % n, body)
    attack = keep_trailer_keys(signed)(p, {page: changed, n: stream(b"BT ET")})
    c.expect("h6-%s-page-changed" % tag, attack, valid=False, must_have=["MODIFIED_AFTER_SIGNING"])
    # `sandi sign` does not sign it.
    r = subprocess.run([SANDI, "sign", "--key", KEY, "--pass-file", PASS, enc, "-o", path("h6-x.pdf")],
                       capture_output=True, text=True)
    if r.returncode == 0:
        c.failures.append("h6-%s: sandi sign signed an encrypted file" % tag)
# A user password: not read (exit 2), signed or not.
locked = path("h6-locked.pdf")
subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", base, locked], check=True)
rc, j = verify(locked)
print("%-40s %-8s rc=%d" % ("h6-user-password", "ok" if rc == 2 else "WRONG", rc))
if rc != 2:
    c.failures.append("h6-user-password: exit %d, not 2" % rc)
c.done()
