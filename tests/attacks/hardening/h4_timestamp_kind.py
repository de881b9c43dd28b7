# SPDX-License-Identifier: GPL-3.0-or-later
# Document time-stamps are what they verify as: the kind of a signature dictionary comes from
# its /SubFilter (and a verified RFC 3161 token), never from /Type. A /Type /DocTimeStamp
# dictionary with a CMS signature is a signature (not allowed after a P=1 certification); a
# /Type /Sig dictionary with an RFC 3161 token is a document time-stamp (allowed).
from hcommon import *

c = Cases("h4_timestamp_kind")
base = write("h4-base.pdf", pdftool.base_pdf())
approval = sandi_sign(base, path("h4-approval.pdf"))
p1 = sandi_sign(base, path("h4-p1.pdf"), "--certify", "1")
p2 = sandi_sign(base, path("h4-p2.pdf"), "--certify", "2")


def kinds(report):
    return [s["kind"] for s in report.get("signatures", []) if s["field"] == "Extern"]


for doc, tag in ((p1, "p1"), (p2, "p2"), (approval, "approval")):
    # A CMS signature calling itself a time-stamp: a signature (refused after P=1).
    j = c.expect("h4-%s-doctimestamp-type-cms" % tag,
                 add_signature(doc, sig_dict(b"/adbe.pkcs7.detached", b"/DocTimeStamp"), by="cms"),
                 valid=(tag != "p1"), must_have=(["MODIFIED_AFTER_SIGNING"] if tag == "p1" else []))
    if kinds(j) != ["signature"]:
        c.failures.append("h4-%s-doctimestamp-type-cms: kind %s, not signature" % (tag, kinds(j)))
    # An RFC 3161 token in a /Type /Sig dictionary, without /Type, and as /DocTimeStamp:
    # document time-stamps (allowed on every document).
    for type_name, name in ((b"/Sig", "sig-type"), (None, "no-type"), (b"/DocTimeStamp", "doctimestamp-type")):
        j = c.expect("h4-%s-%s-rfc3161" % (tag, name),
                     add_signature(doc, sig_dict(b"/ETSI.RFC3161", type_name), by="ts"), valid=True)
        if kinds(j) != ["document time-stamp"]:
            c.failures.append("h4-%s-%s-rfc3161: kind %s, not document time-stamp" % (tag, name, kinds(j)))
    # /ETSI.RFC3161 with a CMS signature inside is verified as a time-stamp token: refused.
    c.expect("h4-%s-rfc3161-holding-cms" % tag, add_signature(doc, sig_dict(b"/ETSI.RFC3161", b"/DocTimeStamp"), by="cms"),
             valid=False, must_have=["TIMESTAMP_INVALID"])
c.done()
