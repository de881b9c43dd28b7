#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test-time PDF helpers: a small hand-written base document, and incremental
updates written byte by byte (the attack generator and the interop tests build on
them). Works on files with classic cross-reference tables, which is what
`base` writes and what Sandi keeps when it signs such a file."""
import re
import sys

EOL = b"\n"


def base_pdf(pages=2, extra_unused_stream=True, text_field=True):
    """A PDF 1.7 with classic xref: catalog 1, pages 2, page objects, content
    streams, a font, optionally an unused content stream (a shadow attack's
    prepared overlay) and a text form field (for form filling)."""
    objs = {}
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R" + (b" /AcroForm << /Fields [20 0 R] /DA (/Helv 0 Tf 0 g) >>" if text_field else b"") + b" >>"
    kids = []
    n = 3
    content_nums = []
    for p in range(pages):
        page, content = n, n + 1
        n += 2
        kids.append(page)
        content_nums.append(content)
        annots = b" /Annots [20 0 R]" if (text_field and p == 0) else b""
        objs[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 10 0 R >> >> /Contents %d 0 R%s >>" % (content, annots))
        text = b"BT /F1 24 Tf 72 720 Td (Nota Dinas halaman %d) Tj 0 -40 Td (Jumlah anggaran: Rp 10.000.000) Tj ET" % (p + 1)
        objs[content] = b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream"
    objs[2] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % pages
    objs[10] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    if extra_unused_stream:
        text = b"BT /F1 24 Tf 72 680 Td (Jumlah anggaran: Rp 90.000.000) Tj ET"
        objs[11] = b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream"
    if text_field:
        objs[20] = b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (nomor) /Rect [72 600 300 620] /P 3 0 R /F 4 /DA (/Helv 10 Tf 0 g) >>"
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    size = max(objs) + 1
    xref = len(out)
    out += b"xref\n0 %d\n" % size
    out += b"0000000000 65535 f\r\n"
    for num in range(1, size):
        if num in offsets:
            out += b"%010d 00000 n\r\n" % offsets[num]
        else:
            out += b"0000000000 65535 f\r\n"
    out += b"trailer\n<< /Size %d /Root 1 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


class Pdf:
    def __init__(self, data):
        self.data = bytes(data)

    def startxref(self):
        m = list(re.finditer(rb"startxref\s+(\d+)", self.data))
        return int(m[-1].group(1))

    def trailer(self):
        i = self.data.rfind(b"trailer")
        if i < 0:
            raise ValueError("no classic trailer (xref stream files are not handled here)")
        return self.data[i:]

    def size(self):
        return int(re.search(rb"/Size\s+(\d+)", self.trailer()).group(1))

    def root(self):
        return re.search(rb"/Root\s+(\d+ \d+ R)", self.trailer()).group(1)

    def object(self, num):
        """The body of the newest version of object `num` (between 'obj' and 'endobj')."""
        ms = list(re.finditer(rb"(?<![0-9])%d 0 obj\s*(.*?)\s*endobj" % num, self.data, re.S))
        if not ms:
            raise KeyError(num)
        return ms[-1].group(1)

    def update(self, objects, with_xref=True, xref_entries=None, eof=True):
        """Appends an incremental update. `objects`: {num: body}. `xref_entries`
        overrides offsets ({num: offset}) for shadow attacks. Returns new bytes."""
        out = bytearray(self.data)
        if not out.endswith(b"\n"):
            out += b"\n"
        offsets = {}
        for num in sorted(objects):
            offsets[num] = len(out)
            out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
        if xref_entries:
            offsets.update(xref_entries)
        size = max([self.size()] + [n + 1 for n in offsets])
        if with_xref:
            xref = len(out)
            out += b"xref\n"
            for num in sorted(offsets):
                out += b"%d 1\n%010d 00000 n\r\n" % (num, offsets[num])
            out += b"trailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n" % (size, self.root(), self.startxref(), xref)
        if eof:
            out += b"%%EOF\n"
        return bytes(out)


def add_empty_signature_field(data, page=3, name=b"Tanda Tangan"):
    """Adds an unsigned signature field (for `mutool sign`, which signs existing fields)."""
    pdf = Pdf(data)
    n = pdf.size()
    page_body = pdf.object(page)
    if b"/Annots [" in page_body:
        page_body = page_body.replace(b"/Annots [", b"/Annots [%d 0 R " % n, 1)
    else:
        page_body = page_body[:-2].rstrip() + b" /Annots [%d 0 R] >>" % n
    catalog_num = int(pdf.root().split()[0])
    catalog = pdf.object(catalog_num)
    if b"/Fields [" in catalog:
        catalog = catalog.replace(b"/Fields [", b"/Fields [%d 0 R " % n, 1)
    else:
        catalog = catalog[:-2].rstrip() + b" /AcroForm << /Fields [%d 0 R] >> >>" % n
    widget = b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (%s) /Rect [300 50 500 120] /P %d 0 R /F 4 >>" % (name, page)
    return pdf.update({n: widget, page: page_body, catalog_num: catalog}), n


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "base":
        open(sys.argv[2], "wb").write(base_pdf())
    elif cmd == "empty-field":
        data, num = add_empty_signature_field(open(sys.argv[2], "rb").read())
        open(sys.argv[3], "wb").write(data)
        print(num)
    else:
        sys.exit("usage: pdftool.py base OUT | empty-field IN OUT")
