#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generates PDFs for each class of the published PDF signature attacks (Mladenov
et al. 2019 "1 Trillion Dollar Refund"; Mainka et al. 2021 shadow attacks;
Mainka et al. 2021 "Breaking the Specification" on certified documents) from
documents Sandi signs at test time, runs `sandi verify` on each and checks the
verdict. Also records what pdfsig says, for the documentation.

  pdf_attacks.py SANDI PKI_DIR WORK_DIR [--report FILE]
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import pdftool  # noqa: E402

SANDI, PKI, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
REPORT = sys.argv[sys.argv.index("--report") + 1] if "--report" in sys.argv else None
KEY = os.path.join(PKI, "people/baubau/wa-ode-sitti-signing.p12")
KEY2 = os.path.join(PKI, "people/provinsi/andi-pratama-signing.p12")
PASS = os.path.join(PKI, "pass/user.pass")
TRUST = ["--trust", os.path.join(PKI, "trust/root.pem"), "--crl", os.path.join(PKI, "crls.pem")]
os.makedirs(WORK, exist_ok=True)


def path(name):
    return os.path.join(WORK, name)


def sign(src, dst, *extra, key=KEY):
    subprocess.run([SANDI, "sign", "--key", key, "--pass-file", PASS, *extra, src, "-o", dst],
                   check=True, stdout=subprocess.DEVNULL)
    return open(dst, "rb").read()


def write(name, data):
    open(path(name), "wb").write(data)
    return name


def append_to_array(body, key, item):
    m = re.search(rb"%s\s*\[([^\]]*)\]" % re.escape(key), body)
    if not m:
        return body[:-2].rstrip() + b" %s [%s] >>" % (key, item)
    return body[:m.end() - 1] + b" " + item + b" " + body[m.end() - 1:]


def byte_range(data, nth=-1):
    ms = list(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data))
    m = ms[nth]
    return m, [int(m.group(i)) for i in range(1, 5)]


def set_byte_range(data, values, nth=-1):
    m, _ = byte_range(data, nth)
    width = m.end() - m.start()
    text = b"/ByteRange [%d %d %d %d]" % tuple(values)
    assert len(text) <= width, "new /ByteRange does not fit"
    text = text[:-1] + b" " * (width - len(text)) + b"]"
    return data[:m.start()] + text + data[m.end():]


# --- the documents the attacker starts from -------------------------------------------
base = pdftool.base_pdf()
write("base.pdf", base)
# A "prepared" document for shadow attacks: it carries an unused overlay (object 11)
# and a dangling second body for object 4 that no xref section points at.
dangling_text = b"BT /F1 24 Tf 72 720 Td (Nota Dinas: DIBATALKAN) Tj 0 -40 Td (Jumlah anggaran: Rp 900.000.000) Tj ET"
prepared = base + b"4 0 obj\n<< /Length %d >>\nstream\n" % len(dangling_text) + dangling_text + b"\nendstream\nendobj\n"
dangling_offset = len(base)
prepared = pdftool.Pdf(prepared).update({10: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"})
write("prepared.pdf", prepared)

# A prepared document whose page already refers to an object that does not exist yet
# (every viewer shows nothing for it), and a stamp annotation that carries /T.
pb = pdftool.Pdf(base)
dangling_ref = pb.size() + 50
stamp_ap = b"q 1 0 0 RG 2 w 5 5 90 30 re S Q"
prepared2 = pb.update({
    3: re.sub(rb"/Contents \d+ 0 R", b"/Contents [4 0 R %d 0 R]" % dangling_ref, append_to_array(pb.object(3), b"/Annots", b"%d 0 R" % pb.size())),
    pb.size(): b"<< /Type /Annot /Subtype /Stamp /T (Pemeriksa) /Rect [400 780 500 820] /P 3 0 R /AP << /N %d 0 R >> >>" % (pb.size() + 1),
    pb.size() + 1: b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 40] /Length %d >>\nstream\n" % len(stamp_ap) + stamp_ap + b"\nendstream",
})
write("prepared2.pdf", prepared2)
signed = sign(path("base.pdf"), path("signed.pdf"))
signed_prepared2 = sign(path("prepared2.pdf"), path("signed-prepared2.pdf"))
signed_prepared = sign(path("prepared.pdf"), path("signed-prepared.pdf"))
cert = {p: sign(path("base.pdf"), path("certified-p%d.pdf" % p), "--certify", str(p)) for p in (1, 2, 3)}
two = sign(path("signed.pdf"), path("two-signatures.pdf"), key=KEY2)

cases = []  # (name, class, expected exit, expected finding code)


def case(name, klass, data, exit_code, code):
    """`code`: a finding code (docs/auditor-guide.md) that must be among the file's or a
    signature's problems, remarks or changes; "CODE:allowed" / "CODE:disallowed" for a
    change judged that way; None for an unreadable file (exit 2, no findings)."""
    write(name, data)
    cases.append((name, klass, exit_code, code))


# Baselines: what must stay valid.
cases.append(("signed.pdf", "baseline", 0, "VALID"))
cases.append(("two-signatures.pdf", "baseline", 0, "VALID"))
cases.append(("signed-prepared.pdf", "baseline", 0, "VALID"))
cases.append(("signed-prepared2.pdf", "baseline", 0, "VALID"))
cases.append(("base.pdf", "baseline", 1, "NO_SIGNATURES"))

# --- USF: universal signature forgery -------------------------------------------------
def forged(sig_dict):
    pdf = pdftool.Pdf(base)
    n = pdf.size()
    widget = b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Forged) /V %d 0 R /Rect [0 0 0 0] /P 3 0 R /F 132 >>" % (n + 1)
    page = append_to_array(pdf.object(3), b"/Annots", b"%d 0 R" % n)
    catalog = append_to_array(pdf.object(1), b"/Fields", b"%d 0 R" % n)
    return pdf.update({n: widget, n + 1: sig_dict, 3: page, 1: catalog})


def forged_exact(contents_hex):
    """A forged signature whose /ByteRange correctly brackets its own /Contents,
    so that only the /Contents value itself is wrong."""
    placeholder = b"/ByteRange [0 0000000000 0000000000 0000000000]"
    data = forged(b"<< %s %s /Contents <%s> >>" % (common, placeholder, contents_hex))
    a = data.rfind(b"/Contents <") + len(b"/Contents ")
    b = data.index(b">", a) + 1
    fixed = b"/ByteRange [0 %010d %010d %010d]" % (a, b, len(data) - b)
    return data.replace(placeholder, fixed)


common = b"/Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M (D:20261128000000Z)"
br = b"/ByteRange [0 100 200 %d]" % (len(base) - 200)
case("usf-no-contents.pdf", "USF", forged(b"<< %s %s >>" % (common, br)), 1, "BYTE_RANGE_GAP_NOT_HEX")
case("usf-null-contents.pdf", "USF", forged(b"<< %s %s /Contents null >>" % (common, br)), 1, "BYTE_RANGE_GAP_NOT_HEX")
case("usf-empty-contents.pdf", "USF", forged_exact(b""), 1, "CONTENTS_MISSING")
case("usf-zero-contents.pdf", "USF", forged_exact(b"0" * 512), 1, "CMS_MALFORMED")
case("usf-no-byterange.pdf", "USF", forged(b"<< %s /Contents <%s> >>" % (common, b"0" * 64)), 1, "BYTE_RANGE_MALFORMED")
case("usf-null-byterange.pdf", "USF", forged(b"<< %s /ByteRange null /Contents <00> >>" % common), 1, "BYTE_RANGE_MALFORMED")
case("usf-zero-byterange.pdf", "USF", forged(b"<< %s /ByteRange [0 0 0 0] /Contents <00> >>" % common), 1, "BYTE_RANGE_OUTSIDE_FILE")
case("usf-negative-byterange.pdf", "USF", forged(b"<< %s /ByteRange [0 -1 10 -5] /Contents <00> >>" % common), 1, "BYTE_RANGE_MALFORMED")

# --- ISA: incremental saving ----------------------------------------------------------
evil_text = b"BT /F1 24 Tf 72 720 Td (Nota Dinas halaman 1) Tj 0 -40 Td (Jumlah anggaran: Rp 900.000.000) Tj ET"
pdf = pdftool.Pdf(signed)
n = pdf.size()
new_page = re.sub(rb"/Contents \d+ 0 R", b"/Contents %d 0 R" % n, pdf.object(3))
evil_stream = b"<< /Length %d >>\nstream\n" % len(evil_text) + evil_text + b"\nendstream"
case("isa-page-content.pdf", "ISA", pdf.update({n: evil_stream, 3: new_page}), 1, "MODIFIED_AFTER_SIGNING")
case("isa-no-xref.pdf", "ISA", pdf.update({n: evil_stream, 3: new_page}, with_xref=False), 1, "REVISION_WITHOUT_XREF:disallowed")
case("isa-no-eof.pdf", "ISA", pdf.update({n: evil_stream, 3: new_page}, with_xref=False, eof=False), 1, "DATA_AFTER_LAST_EOF")
case("isa-replace-stream.pdf", "ISA", pdf.update({4: evil_stream}), 1, "OBJECT_CHANGED:disallowed")

# --- SWA: signature wrapping ----------------------------------------------------------
_, (z, a, b, c) = byte_range(signed)
case("swa-gap-extended.pdf", "SWA", set_byte_range(signed, [0, a, b + 40, c - 40]), 1, "BYTE_RANGE_GAP_NOT_HEX")
moved = signed[:b] + b"\n% malicious objects would go here\n" + signed[b:]
# The moved part breaks the cross-reference offsets; a lenient viewer repairs them,
# Sandi does not: the file is unreadable (exit 2), never valid.
case("swa-second-part-moved.pdf", "SWA", set_byte_range(moved, [0, a, b + 35, c]), 2, None)
_, first = byte_range(two, 0)
_, second = byte_range(two, -1)
case("swa-repointed-to-other-signature.pdf", "SWA", set_byte_range(two, [0, first[1], first[2], second[2] + second[3] - first[2]]), 1,
     "SIGNATURE_WRAPPING")

# --- Shadow attacks on a prepared document ---------------------------------------------
sp = pdftool.Pdf(signed_prepared)
n = sp.size()
hide_page = re.sub(rb"/Contents \d+ 0 R", b"/Contents [4 0 R 11 0 R]", sp.object(3))
case("shadow-hide.pdf", "Shadow", sp.update({3: hide_page}), 1, "PAGE_CHANGED:disallowed")
case("shadow-replace.pdf", "Shadow", sp.update({10: b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"}), 1, "OBJECT_CHANGED:disallowed")
case("shadow-hide-and-replace.pdf", "Shadow", sp.update({}, xref_entries={4: dangling_offset}), 1, "OBJECT_CHANGED:disallowed")
case("shadow-enable-free-object.pdf", "Shadow", sp.update({12: evil_stream}), 1, "FREE_OBJECT_REUSED:disallowed")

# A whole new catalog and page tree, reached only through the trailer's /Root.
p2 = pdftool.Pdf(signed)
n = p2.size()
new_catalog = p2.object(1).replace(b"/Pages 2 0 R", b"/Pages %d 0 R" % (n + 1))
objs = {n: new_catalog,
        n + 1: b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (n + 2),
        n + 2: b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>" % (n + 1, n + 3),
        n + 3: evil_stream}
data = p2.update(objs)
at = data.rfind(b"/Root 1 0 R /Prev")  # the new trailer only: the signed bytes stay as they are
data = data[:at] + (b"/Root %d 0 R /Prev" % n).ljust(len(b"/Root 1 0 R /Prev")) + data[at + len(b"/Root 1 0 R /Prev"):]
case("shadow-new-catalog.pdf", "Shadow", data, 1, "CATALOG_REPLACED:disallowed")
# The prepared dangling reference comes to life.
sp2 = pdftool.Pdf(signed_prepared2)
case("shadow-dangling-reference.pdf", "Shadow", sp2.update({dangling_ref: evil_stream}), 1, "UNDEFINED_OBJECT_DEFINED:disallowed")
# A comment's appearance re-pointed: annotations carry /T (their author) like form
# fields, but changing their look is not form filling.
evil_ap = b"BT /Helv 24 Tf 5 5 Td (LUNAS) Tj ET"
stamp_num = pdftool.Pdf(prepared2).size() - 2
n = sp2.size()
stamp = sp2.object(stamp_num).replace(b"/N %d 0 R" % (stamp_num + 1), b"/N %d 0 R" % n)
case("shadow-annotation-appearance.pdf", "Shadow",
     sp2.update({n: b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 40] /Length %d >>\nstream\n" % len(evil_ap) + evil_ap + b"\nendstream",
                 stamp_num: stamp}),
     1, "OBJECT_CHANGED:disallowed")

# --- Evil annotation and sneaky signature on certified documents ----------------------------
def with_annotation(data, annot):
    p = pdftool.Pdf(data)
    n = p.size()
    return p.update({n: annot, 3: append_to_array(p.object(3), b"/Annots", b"%d 0 R" % n)})


free_text = b"<< /Type /Annot /Subtype /FreeText /Rect [60 700 560 760] /Contents (Rp 900.000.000) /DA (/Helv 24 Tf 0 g) /P 3 0 R >>"
sticky = b"<< /Type /Annot /Subtype /Text /Rect [20 800 40 820] /Contents (Sudah diperiksa) /P 3 0 R >>"
case("evil-annotation-p2.pdf", "Evil annotation", with_annotation(cert[2], free_text), 1, "ANNOTATION_ADDED:disallowed")
case("evil-annotation-p3.pdf", "Evil annotation", with_annotation(cert[3], free_text), 1, "ANNOTATION_ADDED:disallowed")
case("comment-p3.pdf", "allowed change", with_annotation(cert[3], sticky), 0, "COMMENT_ADDED:allowed")
case("comment-p2.pdf", "Evil annotation", with_annotation(cert[2], sticky), 1, "COMMENT_ADDED:disallowed")


def with_signature_field(data, visible):
    p = pdftool.Pdf(data)
    n = p.size()
    ap = b"BT /Helv 24 Tf 72 720 Td (Jumlah anggaran: Rp 900.000.000) Tj ET"
    rect = b"[0 0 595 842]" if visible else b"[0 0 0 0]"
    objs = {
        n: b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Sneaky) /Rect %s /P 3 0 R /F 4 /AP << /N %d 0 R >> >>" % (rect, n + 1),
        n + 1: b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d >>\nstream\n" % len(ap) + ap + b"\nendstream",
        3: append_to_array(p.object(3), b"/Annots", b"%d 0 R" % n),
        1: append_to_array(p.object(1), b"/Fields", b"%d 0 R" % n),
    }
    return p.update(objs)


case("sneaky-signature-p2.pdf", "Sneaky signature", with_signature_field(cert[2], True), 1, "SIGNATURE_WIDGET_ADDED:disallowed")
case("signature-field-p1.pdf", "Sneaky signature", with_signature_field(cert[1], False), 1, "SIGNATURE_FIELD_ADDED:disallowed")
case("invisible-field-p2.pdf", "allowed change", with_signature_field(cert[2], False), 0, "SIGNATURE_FIELD_ADDED:allowed")
pc1 = pdftool.Pdf(cert[1])
n = pc1.size()
text_field = b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (baru) /Rect [72 500 300 520] /P 3 0 R /V (Rp 900.000.000) >>"
case("form-field-p1.pdf", "Evil annotation",
     pc1.update({n: text_field, 3: append_to_array(pc1.object(3), b"/Annots", b"%d 0 R" % n),
                 1: append_to_array(pc1.object(1), b"/Fields", b"%d 0 R" % n)}), 1, "FORM_FIELD_ADDED:disallowed")

# --- Generated variants, per class ---------------------------------------------------------
# Each class is attacked many ways on every kind of signed document (approval, P=1, P=2,
# P=3), through a re-defined object and through an xref entry alone that re-points an
# object at an appended body: every variant must be refused with its code.
signed_kinds = {"approval": signed, "p1": cert[1], "p2": cert[2], "p3": cert[3]}
overlay = b"BT /F1 24 Tf 72 720 Td (Jumlah anggaran: Rp 900.000.000) Tj ET"
overlay_stream = b"<< /Length %d >>\nstream\n" % len(overlay) + overlay + b"\nendstream"


def catalog_with(body, entry):
    return body[:-2].rstrip() + b" " + entry + b" >>"


def page_with(body, key, value):
    if re.search(rb"%s\b" % re.escape(key), body):
        return re.sub(rb"%s\s*(\[[^\]]*\]|\d+ 0 R|/\w+|-?[\d.]+)" % re.escape(key), key + b" " + value, body, count=1)
    return body[:-2].rstrip() + b" " + key + b" " + value + b" >>"


def redefine_and_repoint(kind, data, num, body, code):
    """The same change made twice: the object re-defined in an update, and only its xref
    entry re-pointed at an appended body (the update defines nothing)."""
    p = pdftool.Pdf(data)
    case("gen-%s-obj%d-redefined-%s.pdf" % (kind, num, code.split(":")[0].lower()), "generated", p.update({num: body}), 1, code)
    appended = data + b"\n%d 0 obj\n" % num + body + b"\nendobj\n"
    at = len(data) + 1
    case("gen-%s-obj%d-repointed-%s.pdf" % (kind, num, code.split(":")[0].lower()), "generated",
         pdftool.Pdf(appended).update({}, xref_entries={num: at}), 1, code)


for kind, data in signed_kinds.items():
    p = pdftool.Pdf(data)
    n = p.size()
    catalog = p.object(1)
    # Incremental saving: catalog entries that change what a viewer shows or does.
    for entry in [b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>", b"/AA << /WC << /S /JavaScript /JS (1) >> >>",
                  b"/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (1) >>] >> >>",
                  b"/OCProperties << /OCGs [] /D << /Order [] >> >>", b"/PageLabels << /Nums [0 << /S /r >>] >>",
                  b"/ViewerPreferences << /HideToolbar true >>", b"/PageMode /FullScreen", b"/URI << /Base (http://x/) >>",
                  b"/Perms << /DocMDP 1 0 R >>", b"/Collection << >>", b"/Threads []"]:
        key = entry.split()[0].decode()
        if key == "/Perms" and kind != "approval":
            continue
        redefine_and_repoint(kind, data, 1, catalog_with(catalog, entry), "CATALOG_ENTRY_CHANGED:disallowed")
    # Shadow attacks on the page: what it shows changes without a new annotation.
    page = p.object(3)
    for key, value in [(b"/Rotate", b"180"), (b"/CropBox", b"[0 700 595 842]"), (b"/MediaBox", b"[0 0 100 100]"),
                       (b"/UserUnit", b"10"), (b"/Contents", b"[4 0 R 11 0 R]"), (b"/Resources", b"<< /Font << /F1 %d 0 R >> >>" % n),
                       (b"/Group", b"<< /S /Transparency >>"), (b"/AA", b"<< /O << /S /JavaScript /JS (1) >> >>"),
                       (b"/Annots", b"[]")]:
        code = "ANNOTATIONS_REMOVED:disallowed" if key == b"/Annots" else "PAGE_CHANGED:disallowed"
        if key == b"/Annots" and b"/Annots" not in page:
            continue
        redefine_and_repoint(kind, data, 3, page_with(page, key, value), code)
    # Objects the page uses: its content, its font, the page tree.
    redefine_and_repoint(kind, data, 4, overlay_stream, "OBJECT_CHANGED:disallowed")
    redefine_and_repoint(kind, data, 10, b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>", "OBJECT_CHANGED:disallowed")
    kids = re.search(rb"/Kids \[([^\]]*)\]", p.object(2)).group(1).split(b" 0 R")
    reordered = b" ".join(k.strip() + b" 0 R" for k in reversed([k for k in kids if k.strip()]))
    redefine_and_repoint(kind, data, 2, re.sub(rb"/Kids \[[^\]]*\]", b"/Kids [" + reordered + b"]", p.object(2)), "OBJECT_CHANGED:disallowed")
    # Evil annotations: every subtype but comments, visible over the page; comments that
    # draw a page-sized appearance; a second widget for the existing text field.
    ap = n + 1
    for subtype in [b"FreeText", b"Stamp", b"Ink", b"Square", b"Circle", b"Line", b"Polygon", b"PolyLine", b"Highlight",
                    b"Underline", b"StrikeOut", b"Squiggly", b"Caret", b"Link", b"FileAttachment", b"Sound", b"Screen",
                    b"Watermark", b"Redact", b"3D", b"RichMedia", b"Projection"]:
        annot = b"<< /Type /Annot /Subtype /%s /Rect [60 700 560 760] /Contents (Rp 900.000.000) /P 3 0 R /AP << /N %d 0 R >> >>" % (subtype, ap)
        form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 500 60] /Length %d >>\nstream\n" % len(overlay) + overlay + b"\nendstream"
        case("gen-%s-annot-%s.pdf" % (kind, subtype.decode().lower()), "generated",
             p.update({n: annot, ap: form, 3: append_to_array(p.object(3), b"/Annots", b"%d 0 R" % n)}), 1, "ANNOTATION_ADDED:disallowed")
    for subtype in [b"Text", b"Popup"]:
        annot = b"<< /Type /Annot /Subtype /%s /Rect [0 0 595 842] /Contents (x) /P 3 0 R /AP << /N %d 0 R >> >>" % (subtype, ap)
        form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d >>\nstream\n" % len(overlay) + overlay + b"\nendstream"
        case("gen-%s-comment-%s-full-page-appearance.pdf" % (kind, subtype.decode().lower()), "generated",
             p.update({n: annot, ap: form, 3: append_to_array(p.object(3), b"/Annots", b"%d 0 R" % n)}), 1, "ANNOTATION_ADDED:disallowed")
    widget = b"<< /Type /Annot /Subtype /Widget /Parent 20 0 R /Rect [72 700 560 760] /P 3 0 R /AP << /N %d 0 R >> >>" % ap
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 488 60] /Length %d >>\nstream\n" % len(overlay) + overlay + b"\nendstream"
    case("gen-%s-second-widget-for-a-field.pdf" % kind, "generated",
         p.update({n: widget, ap: form, 3: append_to_array(p.object(3), b"/Annots", b"%d 0 R" % n)}), 1, "ANNOTATION_ADDED:disallowed")
    # Allowed on every kind but P=1 (form filling) and only on P=3 (a small comment):
    # the rules must stay as permissive as the permission says, no more.
    filled = p.object(20)[:-2].rstrip() + b" /V (Rp 10.000.000) >>"
    case("gen-%s-form-filled.pdf" % kind, "generated", p.update({20: filled}), 1 if kind == "p1" else 0,
         "FORM_FIELD_FILLED:%s" % ("disallowed" if kind == "p1" else "allowed"))
    note = b"<< /Type /Annot /Subtype /Text /Rect [20 800 40 820] /Contents (Sudah diperiksa) /P 3 0 R >>"
    case("gen-%s-small-comment.pdf" % kind, "generated",
         p.update({n: note, 3: append_to_array(p.object(3), b"/Annots", b"%d 0 R" % n)}), 0 if kind == "p3" else 1,
         "COMMENT_ADDED:%s" % ("allowed" if kind == "p3" else "disallowed"))
    info = p.update({n: b"<< /Producer (Sandi test) /ModDate (D:20261201000000Z) >>"})
    at = info.rfind(b"/Root 1 0 R /Prev")  # the new trailer only
    info = info[:at] + b"/Root 1 0 R /Info %d 0 R /Prev" % n + info[at + len(b"/Root 1 0 R /Prev"):]
    case("gen-%s-info-added.pdf" % kind, "generated", info, 1, "INFO_REPLACED:disallowed")


# A certifier's prepared approval field, signed later: allowed on P=2 and P=3 (with a visible
# appearance in the field's own place), not on P=1. The later "signature" here is not a
# real one, so the file as a whole stays not valid; the certification's verdict on the
# change is what is checked.
with_field, field_num = pdftool.add_empty_signature_field(base)
write("base-with-field.pdf", with_field)
for perm in (1, 2, 3):
    data = sign(path("base-with-field.pdf"), path("certified-with-field-p%d.pdf" % perm), "--certify", str(perm))
    p = pdftool.Pdf(data)
    n = p.size()
    field = p.object(field_num)[:-2].rstrip() + b" /V %d 0 R /AP << /N %d 0 R >> >>" % (n, n + 1)
    ap = b"BT /Helv 12 Tf 5 5 Td (Disetujui) Tj ET"
    objs = {field_num: field,
            n: b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 1 2 3] /Contents <00> >>",
            n + 1: b"<< /Type /XObject /Subtype /Form /BBox [0 0 200 70] /Length %d >>\nstream\n" % len(ap) + ap + b"\nendstream"}
    case("gen-p%d-prepared-field-signed.pdf" % perm, "generated", p.update(objs), 1,
         "SIGNATURE_FIELD_SIGNED:%s" % ("disallowed" if perm == 1 else "allowed"))


# --- output that cannot lie -------------------------------------------------------------------
# The signature field renamed after signing to terminal control sequences that erase the
# line and paint "VALID" over the verdict (ESC [2K, CR), and to a right-to-left override:
# a disallowed change (exit 1), and the people's output shows the escapes, never the bytes.
sp = pdftool.Pdf(signed)
sig_field = int(re.search(rb"(\d+) 0 obj\s*<<[^>]*/FT /Sig", signed).group(1))
# (UTF-16BE text strings: PDFDocEncoding has no ESC, its 0x1B is a breve.)
PAINTED = {"paint-valid-field-name.pdf": b"<FEFF" + "\x1b[2K\rVALID".encode("utf-16-be").hex().encode() + b">",
           "bidi-field-name.pdf": b"<FEFF" + "\u202eFIDLAV".encode("utf-16-be").hex().encode() + b">"}
for name, title in PAINTED.items():
    case(name, "output", sp.update({sig_field: re.sub(rb"/T \([^)]*\)", b"/T " + title, sp.object(sig_field))}), 1,
         "MODIFIED_AFTER_SIGNING")


# --- run -------------------------------------------------------------------------------------
failures = []
rows = []
def findings(out):
    """Every code in `sandi verify --json` output, changes also as CODE:allowed/disallowed."""
    found = set()
    for line in out.splitlines():
        if not line.startswith("{"):
            continue
        f = json.loads(line)
        if f["valid"]:
            found.add("VALID")
        found.update(p["code"] for p in f["problems"])
        for sig in f["signatures"]:
            found.update(p["code"] for p in sig["problems"] + sig["remarks"])
            for c in sig["changes"]:
                found.update([c["code"], "%s:%s" % (c["code"], "allowed" if c["allowed"] else "disallowed")])
    return found


def indication_problems(out, exit_code):
    """The ETSI verdicts agree with `valid` and with the exit status (docs/auditor-guide.md)."""
    bad = []
    files = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    for f in files:
        if f["valid"] != (f["indication"] == "TOTAL-PASSED"):
            bad.append("file valid=%s but %s" % (f["valid"], f["indication"]))
        for sig in f["signatures"]:
            if sig["valid"] != (sig["indication"] == "TOTAL-PASSED"):
                bad.append("signature valid=%s but %s" % (sig["valid"], sig["indication"]))
            if (sig["sub_indication"] is None) != (sig["indication"] == "TOTAL-PASSED"):
                bad.append("sub-indication %r with %s" % (sig["sub_indication"], sig["indication"]))
            if any(not c["allowed"] for c in sig["changes"]) and \
                    (sig["indication"], sig["sub_indication"]) != ("TOTAL-FAILED", "FORMAT_FAILURE"):
                bad.append("a disallowed change gives %s/%s, not TOTAL-FAILED/FORMAT_FAILURE" % (sig["indication"], sig["sub_indication"]))
    indications = {f["indication"] for f in files}
    want = 2 if any("error" in f for f in files) else 1 if "TOTAL-FAILED" in indications else 3 if "INDETERMINATE" in indications else 0
    if files and exit_code != want:
        bad.append("exit %d for indications %s (want %d)" % (exit_code, sorted(indications), want))
    return bad


for name, klass, want, code in cases:
    r = subprocess.run([SANDI, "verify", "--json", *TRUST, path(name)], capture_output=True, text=True)
    out = r.stdout + r.stderr
    got = findings(r.stdout)
    ok = r.returncode == want and (code in got if code else '"error":' in r.stdout)
    ps = subprocess.run(["pdfsig", "-nocert", path(name)], capture_output=True, text=True)
    pdfsig_out = ps.stdout + ps.stderr
    rows.append({"file": name, "class": klass, "sandi_exit": r.returncode, "expected_exit": want, "expected_code": code,
                 "pdfsig_signature_is_valid": "Signature is Valid." in pdfsig_out,
                 "pdfsig_total_document_signed": "Total document signed" in pdfsig_out})
    if not ok:
        failures.append("%s (%s): exit %d (want %d), looking for %r in %s:\n%s" % (name, klass, r.returncode, want, code, sorted(got), out))
    failures.extend("%s: %s" % (name, p) for p in indication_problems(r.stdout, r.returncode))
    if klass == "output":
        h = subprocess.run([SANDI, "verify", *TRUST, path(name)], capture_output=True)
        shown = h.stdout.decode("utf-8", "replace")
        if h.returncode != 1 or any(b in h.stdout for b in (b"\x1b", b"\r", b"\xe2\x80\xae")) or \
                not ("\\x1b[2K\\x0dVALID" in shown or "\\u202eFIDLAV" in shown):
            failures.append("%s: the people's output is not escaped (exit %d):\n%r" % (name, h.returncode, h.stdout))
for row in rows:
    print("%-40s %-17s sandi exit %d (want %d) | pdfsig: 'Signature is Valid.' %-3s 'Total document signed' %s" % (
        row["file"], row["class"], row["sandi_exit"], row["expected_exit"],
        "yes" if row["pdfsig_signature_is_valid"] else "no", "yes" if row["pdfsig_total_document_signed"] else "no"))
if REPORT:
    json.dump(rows, open(REPORT, "w"), indent=1)
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
print("pdf_attacks: %d files, every attack rejected, every allowed change accepted" % len(cases))
