# SPDX-License-Identifier: GPL-3.0-or-later
# Budgets fail closed: every walk with a limit that runs out makes the file not valid with
# WALK_BUDGET_EXHAUSTED naming the walk, never "no changes". One file per budget (just past
# it), each with a control just inside it that stays valid. Files signed by Sandi.
import zlib

from hcommon import *

c = Cases("h3_budgets")
CONTENT = stream(b"BT /F1 24 Tf 72 720 Td (Nota Dinas: Jumlah anggaran Rp 10.000.000) Tj ET")
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R %s>>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def doc(catalog_extra=b"", kids=b"3 0 R", count=1, page_extra=b"", more=None):
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
            2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count), 3: PAGE % page_extra, 4: CONTENT, 5: FONT}
    objs.update(more or {})
    return build(objs)


def case(name, data, budget, exhausted, after_signing=None):
    src = write("h3-%s-src.pdf" % name, data)
    signed = sandi_sign(src, path("h3-%s-signed.pdf" % name))
    if after_signing:
        signed = after_signing(signed)
    j = c.expect("h3-%s" % name, signed, valid=not exhausted, must_have=["WALK_BUDGET_EXHAUSTED"] if exhausted else [],
                 must_not_have=[] if exhausted else ["WALK_BUDGET_EXHAUSTED"])
    if exhausted:
        texts = [p["text"] for p in j.get("problems", [])] + \
                [p["text"] for s in j.get("signatures", []) for p in s.get("problems", [])]
        if not any(budget in t for t in texts if "ran out" in t):
            c.failures.append("h3-%s: no WALK_BUDGET_EXHAUSTED naming %r in %s" % (name, budget, texts))


def fields(n):
    return b"/AcroForm << /Fields [" + b" ".join(b"<< /T (f%d) /FT /Tx >>" % i for i in range(n)) + b"] >> "


def nested_fields(depth):
    f = b"<< /T (leaf) /FT /Tx >>"
    for i in range(depth):
        f = b"<< /T (l%d) /Kids [%s] >>" % (i, f)
    return b"/AcroForm << /Fields [" + f + b"] >> "


def parent_chain(depth):
    p = b"<< /FT /Sig /T (top) >>"
    for _ in range(depth):
        p = b"<< /Parent %s >>" % p
    return b"/Annots [<< /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /Parent %s >>] " % p


def many_pages(n):
    leaves = b" ".join(b"<< /Type /Page /MediaBox [0 0 10 10] >>" for _ in range(n))
    return {6: b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>" % (leaves, n)}


def deep_pages(depth):
    node = b"<< /Type /Page /MediaBox [0 0 10 10] >>"
    for _ in range(depth):
        node = b"<< /Type /Pages /Kids [%s] /Count 1 >>" % node
    return {6: node}


def dss(items, num=12):
    return b"/DSS << /Certs [" + b" ".join(b"%d 0 R" % num for _ in range(items)) + b"] >> "


def bombs(count, size):
    """`count` distinct Flate streams that each decode to `size` bytes."""
    return {12 + i: stream(zlib.compress(b"%d" % i + bytes(size - len(b"%d" % i)), 9), b"/Filter /FlateDecode ")
            for i in range(count)}


def nested_array(depth):
    return b"[" * depth + b"1" + b"]" * depth


def rewrite_30(signed):
    p = pdftool.Pdf(signed)
    return p.update({30: p.object(30)})


N = 100000
case("fields", doc(fields(N + 1)), "form fields (100000 nodes)", True)
case("fields-control", doc(fields(N - 100)), "", False)
case("field-depth", doc(nested_fields(33)), "form field depth (32 levels)", True)
case("field-depth-control", doc(nested_fields(30)), "", False)
case("parent-chain", doc(page_extra=parent_chain(40)), "/Parent chain (32 levels)", True)
case("pages", doc(kids=b"3 0 R 6 0 R", count=N + 1, more=many_pages(N)), "pages (100000)", True)
case("pages-control", doc(kids=b"3 0 R 6 0 R", count=N - 100, more=many_pages(N - 101)), "", False)
case("page-depth", doc(kids=b"3 0 R 6 0 R", count=2, more=deep_pages(64)), "page tree depth (64 levels)", True)
case("page-depth-control", doc(kids=b"3 0 R 6 0 R", count=2, more=deep_pages(60)), "", False)
annots = b"/Annots [" + b" ".join(b"<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] >>" for _ in range(N + 1)) + b"] "
case("annotations", doc(page_extra=annots), "annotations searched for signature widgets", True)
case("dss-items", doc(dss(1001), more={12: stream(b"x")}), "/DSS /Certs (1000 items)", True)
case("dss-items-control", doc(dss(1000), more={12: stream(b"x")}), "", False)
case("dss-bomb", doc(dss(1), more=bombs(1, 5 * 1024 * 1024)), "decoded /DSS data", True)
# Repeated references to one bomb under the limit are decoded once; distinct ones add up.
case("dss-bomb-repeated-control", doc(dss(1000), more=bombs(1, 3 * 1024 * 1024)), "", False)
many = bombs(20, 4 * 1024 * 1024 - 16)
case("dss-bombs-total", doc(b"/DSS << /Certs [" + b" ".join(b"%d 0 R" % n for n in many) + b"] >> ", more=many),
     "decoded /DSS data", True)
case("nesting", doc(more={30: nested_array(40)}), "object nesting (32 levels)", True, after_signing=rewrite_30)
case("nesting-control", doc(more={30: nested_array(20)}), "", False, after_signing=rewrite_30)


# "%%EOF" at a line start inside a stream of a later update: inside an object it ends no
# revision (valid); at most 2000 such markers are looked at, and only 256 KiB back for the
# object around one (deeper, it counts as an end: that revision does not read, refused).
def later_stream(data):
    def update(signed):
        p = pdftool.Pdf(signed)
        return p.update({p.size(): stream(data)})
    return update


base = doc()
case("bare-eof-markers", base, "%%EOF markers without startxref (2000)", True,
     after_signing=later_stream(b"x\n%%EOF\n" * 2001))
case("bare-eof-markers-control", base, "", False, after_signing=later_stream(b"x\n%%EOF\n" * 1990))
case("eof-in-stream-near-control", base, "", False,
     after_signing=later_stream(b"q Q\n" * 25000 + b"%%EOF\n" + b"q Q\n" * 100))
j = c.expect("h3-eof-in-stream-beyond-window",
             later_stream(b"q Q\n" * 70000 + b"%%EOF\n" + b"q Q\n" * 100)(sandi_sign(write("h3-w.pdf", base),
                                                                                     path("h3-w-signed.pdf"))),
             valid=False, must_have=["MODIFIED_AFTER_SIGNING"])


# The verifier's own limits: more than 1000 revisions, more than 1000 signatures. The file is
# not judged, and says which limit (not an unreadable file, exit 2).
def updates(n):
    def add(signed):
        for i in range(n):
            p = pdftool.Pdf(signed)
            signed = p.update({p.size(): b"<< /N %d >>" % i})
        return signed
    return add


case("revisions", base, "revisions (1000)", True, after_signing=updates(1000))
# (control: 999 later revisions, 1000 in all with the signed ones: judged, and valid —
# unreferenced new objects change nothing)
case("revisions-control", base, "", False, after_signing=updates(998))
sig_fields = b"/AcroForm << /SigFlags 3 /Fields [" + b" ".join(
    b"<< /FT /Sig /T (s%d) /V << /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
    b"/ByteRange [0 10 20 10] /Contents <00> >> >>" % i for i in range(1001)) + b"] >> "
j = c.expect("h3-signatures", build({1: b"<< /Type /Catalog /Pages 2 0 R %s>>" % sig_fields,
                                     2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", 3: PAGE % b"", 4: CONTENT,
                                     5: FONT}), valid=False, must_have=["WALK_BUDGET_EXHAUSTED"])
if not any("signatures (1000)" in p["text"] for p in j.get("problems", [])):
    c.failures.append("h3-signatures: no WALK_BUDGET_EXHAUSTED naming the 1000 signatures: %s" % j.get("problems"))
c.done()
