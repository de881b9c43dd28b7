# SPDX-License-Identifier: GPL-3.0-or-later
# Hybrid-reference files: a revision whose classic cross-reference table and /XRefStm stream
# give one object two different entries is refused (XREF_HYBRID_CONTRADICTION); viewers
# disagree on which wins (qpdf 11 takes the table's entry, which hides what the stream says). A consistent hybrid file, where objects
# of an object stream are free in the table (the hybrid design), stays valid. The
# contradictions: two offsets (two bodies), in use in the table and free in the stream, free
# in the table and at an offset in the stream, at an offset in the table and in an object
# stream; in the signed revision and in a later one; the stream plain or Flate with a PNG
# predictor.
import struct
import zlib

from hcommon import *

c = Cases("h2_hybrid_xref")
ORIGINAL = b"BT /F1 24 Tf 72 720 Td (Nota Dinas: Jumlah anggaran Rp 10.000.000) Tj ET"
FORGED = b"BT /F1 24 Tf 72 720 Td (Nota Dinas: Jumlah anggaran Rp 90.000.000) Tj ET"


def stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def xref_stream(entries, size, compress, extra=b""):
    """A cross-reference stream's body: entries {num: (type, field2, field3)}, /W [1 4 2]."""
    nums = sorted(entries)
    index = []
    for n in nums:  # consecutive runs
        if index and index[-1][0] + index[-1][1] == n:
            index[-1][1] += 1
        else:
            index.append([n, 1])
    rows = [struct.pack(">BIH", *entries[n]) for n in nums]
    idx = b"/Index [%s]" % b" ".join(b"%d %d" % (a, b) for a, b in index)
    if not compress:
        return stream(b"".join(rows), b"/Type /XRef /Size %d /W [1 4 2] %s %s" % (size, idx, extra))
    prev, out = bytes(7), b""
    for r in rows:  # PNG "Up" predictor
        out += b"\x02" + bytes((r[i] - prev[i]) & 0xFF for i in range(7))
        prev = r
    return stream(zlib.compress(out), b"/Type /XRef /Size %d /W [1 4 2] %s /Filter /FlateDecode "
                  b"/DecodeParms << /Predictor 12 /Columns 7 >> %s" % (size, idx, extra))


def section(out, bodies, table_edits, stream_edits, size, root, prev=None, compress=False, xref_num=None):
    """Appends `bodies` [(num, body)], a cross-reference stream (object `xref_num`) and a classic
    table whose trailer names it. Table and stream list every body written (its last offset);
    `table_edits` / `stream_edits` ({num: entry}) change what one of them says."""
    out = bytearray(out)
    offsets = {}
    for num, body in bodies:
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    table = {n: ("n", o) for n, o in offsets.items()}
    entries = {n: (1, o, 0) for n, o in offsets.items()}
    if prev is None:
        table[0], entries[0] = ("f", 0), (0, 0, 65535)
    xs = len(out)
    table[xref_num] = ("n", xs)
    entries[xref_num] = (1, xs, 0)
    table.update(table_edits)
    entries.update(stream_edits)
    out += b"%d 0 obj\n" % xref_num + xref_stream(entries, size, compress) + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for n in sorted(table):
        kind, off = table[n]
        out += b"%d 1\n%010d %05d %s\r\n" % (n, off, 65535 if n == 0 else 0, kind.encode())
    out += b"trailer\n<< /Size %d /Root %d 0 R /XRefStm %d %s/ID [<0123456789ABCDEF0123456789ABCDEF> " \
           b"<0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n%d\n%%%%EOF\n" % (
               size, root, xs, b"/Prev %d " % prev if prev is not None else b"", xref)
    return bytes(out), offsets


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
COURIER = b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"
objstm_body = b"7 0 5 %d " % len(b"<< /Unused true >> ")
objstm = stream(objstm_body + b"<< /Unused true >> " + COURIER, b"/Type /ObjStm /N 2 /First %d" % len(objstm_body))
BASE_BODIES = [(1, b"<< /Type /Catalog /Pages 2 0 R >>"), (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
               (3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
                   b"/Contents 4 0 R >>"),
               (4, stream(ORIGINAL)), (5, FONT), (8, objstm)]
HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def hybrid_base(table_edits=None, stream_edits=None, compress=False, extra=()):
    """The base file; object 7 lives in object stream 8 (free in the table: the hybrid design)."""
    bodies = BASE_BODIES + list(extra)
    data, offs = section(HEADER, bodies, {7: ("f", 0), **(table_edits or {})},
                         {7: (2, 8, 0), **(stream_edits or {})}, 10, 1, compress=compress, xref_num=9)
    return data, offs


def with_forged_body(data, num, body):
    """`data` with another body for object `num` appended after it (no cross-reference points at it yet)."""
    return data + b"%d 0 obj\n" % num + body + b"\nendobj\n", len(data)


for compress in (False, True):
    z = "-flate" if compress else ""
    good, offs = hybrid_base(compress=compress)
    write("h2-base%s.pdf" % z, good)
    signed = sandi_sign(path("h2-base%s.pdf" % z), path("h2-signed%s.pdf" % z))
    c.expect("h2-consistent%s" % z, signed, valid=True)
    c.expect("h2-consistent-second-signature%s" % z, add_signature(signed, page=3), valid=True)

    # Contradictions in the signed revision (the file as the signer received it).
    variants = {}
    # Two offsets: a second body of the page content, which the stream names and the table does not.
    at = lambda k: len(HEADER) + sum(len(b"%d 0 obj\n" % n + b + b"\nendobj\n") for n, b in BASE_BODIES[:k])  # noqa
    forged_at = at(len(BASE_BODIES))
    variants["two-offsets"] = hybrid_base(table_edits={4: ("n", at(3))}, compress=compress,
                                          extra=[(4, stream(FORGED))])
    variants["table-used-stream-free"] = hybrid_base(stream_edits={5: (0, 0, 1)}, compress=compress)
    variants["table-free-stream-used"] = hybrid_base(table_edits={7: ("f", 0)}, stream_edits={7: (1, forged_at, 0)},
                                                     compress=compress, extra=[(7, b"<< /Unused false >>")])
    variants["table-offset-stream-objstm"] = hybrid_base(stream_edits={5: (2, 8, 1)}, compress=compress)
    for name, (data, _) in variants.items():
        write("h2-%s%s-base.pdf" % (name, z), data)
        try:
            doc = sandi_sign(path("h2-%s%s-base.pdf" % (name, z)), path("h2-%s%s.pdf" % (name, z)))
        except subprocess.CalledProcessError:
            doc = None  # (refused to sign: checked below on the unsigned file through verify)
        if doc is not None:
            c.expect("h2-signed-%s%s" % (name, z), doc, valid=False, must_have=["XREF_HYBRID_CONTRADICTION"])

    # A contradiction in a later revision: the table points at a copy of the signed page
    # content (what qpdf reads: no change), the stream at a forged one (what a reader that
    # prefers the stream shows).
    p = pdftool.Pdf(signed)
    size = p.size() + 1
    xnum = p.size()
    forged_offset = len(signed)  # the first body written
    data, _ = section(signed, [(4, stream(FORGED)), (4, stream(ORIGINAL))], {}, {4: (1, forged_offset, 0)}, size + 1,
                      1, prev=p.startxref(), compress=compress, xref_num=xnum)
    c.expect("h2-later-two-offsets%s" % z, data, valid=False, must_have=["XREF_HYBRID_CONTRADICTION"])
    # Control: the same later hybrid section, consistent (re-writing the signed content as it was).
    ok, _ = section(signed, [(4, stream(ORIGINAL))], {}, {}, size + 1, 1, prev=p.startxref(), compress=compress,
                    xref_num=xnum)
    c.expect("h2-later-consistent%s" % z, ok, valid=True)
c.done()
