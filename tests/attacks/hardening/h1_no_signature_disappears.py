# SPDX-License-Identifier: GPL-3.0-or-later
# No signature disappears: a signature dictionary that the document's structure does not reach
# is still found, reported and judged (SIGNATURE_UNREACHABLE). Variants: the /Prev chain cut
# so that only a trusted document time-stamp is reached (the first signature invalid), a
# /Prev pointing elsewhere, a signature only in an orphaned revision, a signature field
# removed from /Fields in a later revision, a signature dictionary only an unrelated object
# refers to, without /Type, inside an object stream, and a field whose /V is a direct
# dictionary (SIGNATURE_VALUE_DIRECT). Each with its valid counterpart.
from hcommon import *

c = Cases("h1_no_signature_disappears")
base = write("h1-base.pdf", pdftool.base_pdf())
signed = sandi_sign(base, path("h1-signed.pdf"))
# The signed file's first signature is field 22 (widget) with /V 21, listed in /Fields and /Annots.
p = pdftool.Pdf(signed)
catalog, page = p.object(1), p.object(3)
assert b"22 0 R" in catalog and b"22 0 R" in page, "unexpected layout of the signed file"
without_first = {1: catalog.replace(b" 22 0 R", b""), 3: page.replace(b" 22 0 R", b"")}
# The first signature made invalid: one byte of the signed header comment changed.
i = signed.index(b"%\xe2\xe3\xcf\xd3")
tampered = signed[:i + 4] + b"\xd4" + signed[i + 5:]

# 1. The chain cut: an update that writes every object again without /Prev, drops the first
#    signature's field and adds a (trusted, valid) document time-stamp. Only the time-stamp
#    is reached through the structure.
ts = sig_dict(b"/ETSI.RFC3161", b"/DocTimeStamp")
cut = lambda pdf, objs: full_update(pdf, objs, drop=(21, 22))  # noqa: E731
c.expect("h1-cut-chain-ts-only", add_signature(tampered, ts, by="ts", edits=without_first, updater=cut),
         valid=False, must_have=["SIGNATURE_UNREACHABLE", "CMS_DIGEST_MISMATCH"])
c.expect("h1-cut-chain-ts-only-signature-kept", add_signature(signed, ts, by="ts", edits=without_first, updater=cut),
         valid=False, must_have=["SIGNATURE_UNREACHABLE"])
c.expect("h1-cut-chain-cms", add_signature(tampered, None, edits=without_first, updater=cut),
         valid=False, must_have=["SIGNATURE_UNREACHABLE"])
# Control: the same time-stamp appended normally keeps everything valid.
c.expect("h1-control-ts", add_signature(signed, ts, by="ts"), valid=True)

# 2. /Prev pointing elsewhere: to the file's first revision, skipping the signed one.
first_xref = pdftool.Pdf(open(base, "rb").read()).startxref()
skip = add_signature(signed, None, updater=lambda pdf, objs: set_last_prev(pdf.update(objs), first_xref))
c.expect("h1-prev-skips-signed-revision", skip, valid=False, must_have=["SIGNATURE_UNREACHABLE"])

# 3. A signature only in an orphaned revision: a valid second signature, then an update whose
#    /Prev names the revision before it.
two = add_signature(signed, None)
orphaned = set_last_prev(pdftool.Pdf(two).update({10: p.object(10)}), pdftool.Pdf(signed).startxref())
c.expect("h1-orphaned-revision", orphaned, valid=False, must_have=["SIGNATURE_UNREACHABLE"])
c.expect("h1-control-not-orphaned", pdftool.Pdf(two).update({10: p.object(10)}), valid=True)

# 4. A signature field removed from /Fields and /Annots in a later revision (also a change).
for name, sig in (("typed", None), ("no-type", sig_dict(type_name=None))):
    two = add_signature(signed, sig)
    q = pdftool.Pdf(two)
    n = q.size() - 1  # the new widget
    removed = q.update({1: q.object(1).replace(b" %d 0 R" % n, b""), 3: q.object(3).replace(b" %d 0 R" % n, b"")})
    j = c.expect("h1-field-removed-" + name, removed, valid=False, must_have=["SIGNATURE_UNREACHABLE"])
    changes = [ch["code"] for s in j.get("signatures", []) for ch in s.get("changes", [])]
    if "FIELDS_REMOVED" not in changes:
        c.failures.append("h1-field-removed-%s: FIELDS_REMOVED not among the changes %s" % (name, changes))

# 5. A signature dictionary that only an unrelated new object refers to (no field at all).
q = pdftool.Pdf(signed)
n = q.size()
for name, sig in (("typed", sig_dict()), ("doctimestamp", sig_dict(b"/ETSI.RFC3161", b"/DocTimeStamp")),
                  ("no-type", sig_dict(type_name=None))):
    upd = q.update({n: sig, n + 1: b"<< /Holder %d 0 R >>" % n})
    c.expect("h1-referenced-elsewhere-" + name, fill_signature(upd, by="ts" if b"RFC3161" in sig else "cms"),
             valid=False, must_have=["SIGNATURE_UNREACHABLE"])
    c.expect("h1-unreferenced-" + name, fill_signature(q.update({n: sig}), by="ts" if b"RFC3161" in sig else "cms"),
             valid=False, must_have=["SIGNATURE_UNREACHABLE"])

# 6. A field whose /V is a direct dictionary.
q = pdftool.Pdf(signed)
w = q.size()
widget = (b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Direct) /Rect [0 0 0 0] /P 3 0 R /F 4 /V " + sig_dict() +
          b" >>")
upd = q.update({w: widget, 1: append_item(q.object(1), b"/Fields", b"%d 0 R" % w),
                3: append_item(q.object(3), b"/Annots", b"%d 0 R" % w)})
j = c.expect("h1-direct-value", fill_signature(upd), valid=False, must_have=["SIGNATURE_VALUE_DIRECT"])
if len([s for s in j.get("signatures", []) if s["field"] == "Direct"]) != 1:
    c.failures.append("h1-direct-value: the field is not reported once: %s" % [s["field"] for s in j.get("signatures", [])])
# ... and one that does not even look like a signature (no /ByteRange, no /Contents).
for name, value in (("direct-empty", b"<< /Type /Sig >>"), ("direct-no-contents", b"<< /Type /Sig /Filter /Adobe.PPKLite "
                                                                               b"/SubFilter /adbe.pkcs7.detached >>")):
    widget = (b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Direct) /Rect [0 0 0 0] /P 3 0 R /F 4 /V " + value +
              b" >>")
    c.expect("h1-" + name, q.update({w: widget, 1: append_item(q.object(1), b"/Fields", b"%d 0 R" % w),
                                     3: append_item(q.object(3), b"/Annots", b"%d 0 R" % w)}),
             valid=False, must_have=["SIGNATURE_VALUE_DIRECT"])
# An indirect /V without /Contents (or without /ByteRange) is judged like any signature: refused.
n = q.size()
for name, value in (("no-contents", b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
                                    b"/ByteRange [0 10 20 30] >>"),
                    ("no-byterange", b"<< /Type /Sig /SubFilter /adbe.pkcs7.detached /Contents <00> >>")):
    widget = b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Empty) /Rect [0 0 0 0] /P 3 0 R /F 4 /V %d 0 R >>" % n
    c.expect("h1-value-" + name, q.update({n: value, n + 1: widget.replace(b"/V %d" % n, b"/V %d" % n),
                                           1: append_item(q.object(1), b"/Fields", b"%d 0 R" % (n + 1)),
                                           3: append_item(q.object(3), b"/Annots", b"%d 0 R" % (n + 1))}),
             valid=False)
c.done()
