#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The modification analysis of later revisions, class by class (issue 10): documents Sandi
signs at test time (approval and certified P=1/2/3), an incremental update written by hand
(or by another signing tool: pdfsig, mutool) with one kind of change, and the verdict
`sandi verify` gives. Allowed changes must stay valid and be reported with their code;
attacks must fail with theirs. Every class has several variants.

  modification_classes.py SANDI PKI_DIR WORK_DIR [--chained]

--chained: every case again with an allowed update (/Info rewritten in place) between the
signature and the change: the verifier compares each revision with the one before it, and a
change must be judged the same whether it comes first or after allowed ones.
"""
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import pdftool  # noqa: E402

SANDI, PKI, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
CHAINED = "--chained" in sys.argv[4:]
SIGNED_BASES = set()  # the signed documents the cases' updates start from
CHAINED_OUTPUTS = set()  # --chained: the documents made on top of the /Info step
INFO_STEP = b"<< /Producer (Sandi chained step) /Title (Nota Dinas) >>"
KEY = os.path.join(PKI, "people/baubau/wa-ode-sitti-signing.p12")
KEY2 = os.path.join(PKI, "people/baubau/la-ode-arif-signing.p12")
KEY3 = os.path.join(PKI, "people/provinsi/andi-pratama-signing.p12")
PASS = os.path.join(PKI, "pass/user.pass")
TRUST = ["--trust", os.path.join(PKI, "trust/root.pem"), "--crl", os.path.join(PKI, "crls.pem"),
         "--certs", os.path.join(PKI, "trust/office-cas.pem")]
os.makedirs(WORK, exist_ok=True)


def path(name):
    return os.path.join(WORK, name)


def write(name, data):
    open(path(name), "wb").write(data)
    return path(name)


def sign(data, name, *extra, key=KEY):
    src = write(name + ".in.pdf", data)
    subprocess.run([SANDI, "sign", "--key", key, "--pass-file", PASS, *extra, src, "-o", path(name)],
                   check=True, stdout=subprocess.DEVNULL)
    out = open(path(name), "rb").read()
    SIGNED_BASES.add(out)
    return out


def build(objs, trailer_extra=b""):
    """A classic-xref PDF from {num: body}; catalog 1."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    size = max(objs) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f\r\n" % size
    for num in range(1, size):
        out += (b"%010d 00000 n\r\n" % offsets[num]) if num in offsets else b"0000000000 65535 f\r\n"
    out += (b"trailer\n<< /Size %d /Root 1 0 R %s/ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>\n"
            b"startxref\n%d\n%%%%EOF\n" % (size, trailer_extra, xref))
    return bytes(out)


def update(data, objects, trailer_extra=b"", size_delta=0, xref_slack=b"", root=None):
    """An incremental update. `trailer_extra`: more trailer keys; `size_delta`: a /Size that
    is off by that much; `xref_slack`: whitespace startxref points at, before "xref" (qpdf
    reads past one byte of it). With --chained, an update of a signed document comes after
    an update of its /Info (object 50)."""
    chained = data in CHAINED_OUTPUTS
    if CHAINED and data in SIGNED_BASES and re.search(rb"/Info\s+50 0 R", pdftool.Pdf(data).trailer()):
        data = plain_update(data, {50: INFO_STEP})
        chained = True
    out = plain_update(data, objects, trailer_extra, size_delta, xref_slack, root)
    if chained:
        CHAINED_OUTPUTS.add(out)
    return out


def plain_update(data, objects, trailer_extra=b"", size_delta=0, xref_slack=b"", root=None):
    p = pdftool.Pdf(data)
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max([p.size()] + [n + 1 for n in offsets]) + size_delta
    info = re.search(rb"/Info\s+(\d+ \d+ R)", p.trailer())
    if info and b"/Info" not in trailer_extra:
        trailer_extra += b"/Info %s " % info.group(1)
    out += xref_slack
    xref = len(out) - len(xref_slack)
    out += b"xref\n"
    for num in sorted(offsets):
        out += b"%d 1\n%010d 00000 n\r\n" % (num, offsets[num])
    out += b"trailer\n<< /Size %d /Root %s /Prev %d %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        size, root or p.root(), p.startxref(), trailer_extra, xref)
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def obj(data, num):
    return pdftool.Pdf(data).object(num)


def rep(body, old, new):
    """`body` with `old` replaced once; spaces inside brackets as any writer spaces them
    (qpdf writes "[ 0 0 595 842 ]"). A pattern that is not there is a broken test."""
    pattern = re.escape(old).replace(rb"\[", rb"\[\s*").replace(rb"\]", rb"\s*\]").replace(rb"\ ", rb"\s+")
    out, k = re.subn(pattern, lambda m: new, body, count=1)
    if k != 1:
        raise AssertionError("%r not in %r" % (old, body[:300]))
    return out


def append_to_array(body, key, item):
    m = re.search(rb"%s\s*\[([^\]]*)\]" % re.escape(key), body)
    if not m:
        return body[:-2].rstrip() + b" %s [%s] >>" % (key, item)
    return body[:m.end() - 1] + b" " + item + b" " + body[m.end() - 1:]


def with_key(body, key, value):
    """`body` (a dictionary) with `key` set to `value` (replacing a simple value)."""
    if re.search(rb"%s(?![A-Za-z])" % re.escape(key), body):
        return re.sub(rb"%s\s*(\[[^\]]*\]|\(.*?\)|\d+ \d+ R|/\w+|-?[\d.]+|true|false)" % re.escape(key), key + b" " + value, body, count=1)
    return body[:-2].rstrip() + b" " + key + b" " + value + b" >>"


def sig_field(data):
    """The object number of the newest signature field Sandi wrote and of its /V."""
    ms = list(re.finditer(rb"(\d+) 0 obj\s*<<([^\n]*?/FT /Sig[^\n]*?)>>\s*endobj", data))
    m = ms[-1]
    return int(m.group(1)), int(re.search(rb"/V (\d+) 0 R", m.group(2)).group(1))


cases = []  # (name, class, exit wanted, codes wanted)


def case(name, klass, data, want, *codes):
    """`codes`: each must be found: CODE (anywhere), CODE:allowed / CODE:disallowed (a
    change judged so), REMARK:CODE, NOCHANGE (no change at all reported; --chained: only the
    /Info step)."""
    if CHAINED:
        if data not in CHAINED_OUTPUTS:
            return  # (not an update of a signed document by hand: nothing to chain)
        name = "chained-" + name
        codes = tuple("INFO_UPDATED:allowed" if c == "NOCHANGE" else c for c in codes)
    write(name, data)
    cases.append((name, klass, want, codes))


OLD = b"BT /F1 24 Tf 72 720 Td (Jumlah anggaran: Rp 10.000.000) Tj ET"
EVIL = b"q 1 1 1 rg 0 0 595 842 re f Q BT /F1 24 Tf 0 0 1 rg 72 720 Td (Jumlah anggaran: Rp 90.000.000) Tj ET"
EVIL_XOBJ = b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def base_objects():
    """Catalog 1 (direct AcroForm), pages 2, page 3, content 4, font 5; form fields: 20 a
    text field (field and widget in one); 21 a read-only parent with kid 22; 24 a text field
    whose kids are widget 25 and a stamp 26; structure tree 30-32."""
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [20 0 R 21 0 R 24 0 R] /DA (/Helv 0 Tf 0 g) /DR << /Font << /Helv 5 0 R >> >> >> "
           b"/StructTreeRoot 30 0 R /MarkInfo << /Marked true >> >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R "
           b"/Annots [20 0 R 22 0 R 25 0 R 26 0 R] >>",
        4: stream(OLD),
        5: FONT,
        20: b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (nomor) /Rect [72 600 300 620] /P 3 0 R /F 4 /DA (/Helv 10 Tf 0 g) >>",
        21: b"<< /FT /Tx /T (grp) /Ff 1 /Kids [22 0 R] >>",
        22: b"<< /Type /Annot /Subtype /Widget /T (a) /Parent 21 0 R /Rect [72 560 300 580] /P 3 0 R /F 4 /DA (/Helv 10 Tf 0 g) >>",
        24: b"<< /FT /Tx /T (jumlah) /Kids [25 0 R 26 0 R] >>",
        25: b"<< /Type /Annot /Subtype /Widget /Parent 24 0 R /Rect [72 520 300 540] /P 3 0 R /F 4 /DA (/Helv 10 Tf 0 g) >>",
        26: b"<< /Type /Annot /Subtype /Stamp /Parent 24 0 R /Rect [300 520 400 540] /P 3 0 R /F 4 >>",
        30: b"<< /Type /StructTreeRoot /K [31 0 R] /ParentTree 32 0 R >>",
        31: b"<< /Type /StructElem /S /P /P 30 0 R /Pg 3 0 R /K 0 >>",
        32: b"<< /Nums [0 [31 0 R]] >>",
    }


base_objs = base_objects()
base_objs[50] = b"<< /Producer (Sandi test) /Title (Nota Dinas) >>"
base = build(base_objs, trailer_extra=b"/Info 50 0 R ")
signed = sign(base, "signed.pdf")
cert = {p: sign(base, "certified-p%d.pdf" % p, "--certify", str(p)) for p in (1, 2, 3)}
kinds = {"approval": signed, "p1": cert[1], "p2": cert[2], "p3": cert[3]}
if not CHAINED:
    cases.append(("signed.pdf", "baseline", 0, ("NOCHANGE",)))


def n_of(data):
    return pdftool.Pdf(data).size()


def ap(data, text=b"BT /Helv 10 Tf 2 5 Td (123) Tj ET", bbox=b"[0 0 228 20]"):
    return stream(text, b"/Type /XObject /Subtype /Form /BBox %s /Resources << /Font << /Helv 5 0 R >> >> " % bbox)


# --- 1. Objects compare by value -------------------------------------------------------------
for kind in ("approval", "p1"):
    d = kinds[kind]
    n = n_of(d)
    case("value-reals-%s.pdf" % kind, "by value", update(d, {3: rep(obj(d, 3), b"[0 0 595 842]", b"[0.0 0 595.00 842.0]")}), 0, "NOCHANGE")
    case("value-resources-copy-%s.pdf" % kind, "by value",
         update(d, {3: rep(obj(d, 3), b"/Resources << /Font << /F1 5 0 R >> >>", b"/Resources %d 0 R" % n), n: b"<< /Font << /F1 5 0 R >> >>"}), 0, "NOCHANGE")
    case("value-font-reserialised-%s.pdf" % kind, "by value", update(d, {5: b"<</Type/Font/BaseFont/Helvetica/Subtype/Type1>>"}), 0, "NOCHANGE")
    case("value-new-catalog-%s.pdf" % kind, "by value", update(d, {n: obj(d, 1)}, root=b"%d 0 R" % n), 0, "NOCHANGE")
    # ... and what is not the same.
    case("value-new-catalog-openaction-%s.pdf" % kind, "by value", update(d, {n: obj(d, 1)[:-2] + b" /OpenAction [3 0 R /Fit] >>"}, root=b"%d 0 R" % n),
         1, "CATALOG_REPLACED:disallowed")
    case("value-resources-copy-other-font-%s.pdf" % kind, "by value",
         update(d, {3: rep(obj(d, 3), b"/Resources << /Font << /F1 5 0 R >> >>", b"/Resources %d 0 R" % n), n: b"<< /Font << /F1 %d 0 R >> >>" % (n + 1),
                    n + 1: b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"}), 1, "PAGE_CHANGED:disallowed")
    case("value-reals-changed-%s.pdf" % kind, "by value", update(d, {3: rep(obj(d, 3), b"[0 0 595 842]", b"[0.0 0 595.5 842.0]")}), 1, "PAGE_CHANGED:disallowed")

# --- 2. Metadata, validation data, version: allowed, even under P=1 ------------------------------
xmp = b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/><?xpacket end="w"?>'
for kind in ("approval", "p1", "p2"):
    d = kinds[kind]
    n = n_of(d)
    info = b"<< /Producer (LibreOffice 7.4) /Title (Nota Dinas) /ModDate (D:20261201120000Z) >>"
    case("meta-info-in-place-%s.pdf" % kind, "metadata", update(d, {50: info}), 0, "INFO_UPDATED:allowed")
    case("meta-info-twice-%s.pdf" % kind, "metadata", update(update(d, {50: info}), {50: b"<< /Producer (Sandi) >>"}), 0, "INFO_UPDATED:allowed")
    # A new /Info object in the trailer replaces the signed one (pdf_attacks: INFO_REPLACED).
    case("meta-new-info-%s.pdf" % kind, "metadata", update(d, {n: info}, trailer_extra=b"/Info %d 0 R " % n), 1, "INFO_REPLACED:disallowed")
    case("meta-xmp-added-%s.pdf" % kind, "metadata",
         update(d, {1: obj(d, 1)[:-2] + b" /Metadata %d 0 R >>" % n, n: stream(xmp, b"/Type /Metadata /Subtype /XML ")}), 0, "METADATA_UPDATED:allowed")
    case("meta-version-%s.pdf" % kind, "metadata", update(d, {1: obj(d, 1)[:-2] + b" /Version /2.0 >>"}), 0, "VERSION_UPDATED:allowed")
    dss = update(d, {1: obj(d, 1)[:-2] + b" /DSS %d 0 R >>" % n, n: b"<< /Certs %d 0 R >>" % (n + 1), n + 1: b"[%d 0 R]" % (n + 2),
                     n + 2: stream(b"0\x82\x00\x00")})
    case("meta-dss-added-%s.pdf" % kind, "metadata", dss, 0, "DSS_UPDATED:allowed")
    case("meta-dss-vri-in-place-%s.pdf" % kind, "metadata",
         update(dss, {n: b"<< /Certs %d 0 R /VRI << /ABCDEF << /Cert [%d 0 R] >> >> >>" % (n + 1, n + 2)}), 0, "DSS_UPDATED:allowed")
    # The /Info dictionary is also the page's resources: not metadata.
    case("meta-info-alias-%s.pdf" % kind, "metadata",
         update(d, {50: b"<< /Font << /F1 %d 0 R >> /Producer (x) >>" % n, n: b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
                    3: rep(obj(d, 3), b"/Resources << /Font << /F1 5 0 R >> >>", b"/Resources 50 0 R")}),
         1, "MODIFIED_AFTER_SIGNING")

# --- 3. Structure tree (tagging) ---------------------------------------------------------------
for kind in ("approval", "p2"):
    d = kinds[kind]
    n = n_of(d)
    case("tag-element-%s.pdf" % kind, "tagging", update(d, {31: b"<< /Type /StructElem /S /P /P 30 0 R /Pg 3 0 R /K 0 /Alt (Nota dinas) >>"}), 0,
         "STRUCTURE_TREE_UPDATED:allowed")
    case("tag-new-element-%s.pdf" % kind, "tagging",
         update(d, {30: b"<< /Type /StructTreeRoot /K [31 0 R %d 0 R] /ParentTree 32 0 R >>" % n,
                    n: b"<< /Type /StructElem /S /Figure /P 30 0 R /Pg 3 0 R /K 1 >>",
                    32: b"<< /Nums [0 [31 0 R %d 0 R]] >>" % n}), 0, "STRUCTURE_TREE_UPDATED:allowed")
    case("tag-structparents-%s.pdf" % kind, "tagging", update(d, {3: obj(d, 3)[:-2] + b" /StructParents 0 >>"}), 0, "STRUCTURE_TREE_UPDATED:allowed")
    case("tag-markinfo-%s.pdf" % kind, "tagging", update(d, {1: rep(obj(d, 1), b"/MarkInfo << /Marked true >>", b"/MarkInfo << /Marked true /Suspects false >>")}),
         0, "STRUCTURE_TREE_UPDATED:allowed")
    # A structure element re-defined as a stream, or as a font, is no tagging.
    case("tag-element-as-font-%s.pdf" % kind, "tagging", update(d, {31: FONT}), 1, "OBJECT_CHANGED:disallowed")
    case("tag-element-as-stream-%s.pdf" % kind, "tagging", update(d, {31: stream(EVIL)}), 1, "OBJECT_CHANGED:disallowed")
# A structure object that is also the page's resources (an alias prepared before signing).
alias_objs = base_objects()
alias_objs[3] = rep(alias_objs[3], b"/Resources << /Font << /F1 5 0 R >> >>", b"/Resources 31 0 R")
alias_objs[31] = b"<< /Type /StructElem /S /P /P 30 0 R /Pg 3 0 R /K 0 /Font << /F1 5 0 R >> >>"
alias = sign(build(alias_objs), "signed-tag-alias.pdf")
case("tag-alias-resources.pdf", "tagging",
     update(alias, {31: b"<< /Type /StructElem /S /P /P 30 0 R /Pg 3 0 R /K 0 /Font << /F1 %d 0 R >> >>" % n_of(alias),
                    n_of(alias): b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"}), 1, "OBJECT_CHANGED:disallowed")

# --- 4. Cross-reference irregularities: remarks, never changes ----------------------------------------
for kind in ("approval", "p1"):
    d = kinds[kind]
    n = n_of(d)
    info = b"<< /Producer (x) >>"
    case("xref-size-large-%s.pdf" % kind, "xref", update(d, {50: info}, size_delta=7), 0, "INFO_UPDATED:allowed")
    case("xref-size-small-%s.pdf" % kind, "xref", update(d, {50: info}, size_delta=-3), 0, "INFO_UPDATED:allowed")
    for label, ws in (("space", b" "), ("newline", b"\n")):
        case("xref-whitespace-%s-%s.pdf" % (label, kind), "xref", update(d, {50: info}, xref_slack=ws), 0, "INFO_UPDATED:allowed")
    case("xref-additional-streams-%s.pdf" % kind, "xref", update(d, {50: info}, trailer_extra=b"/Info 50 0 R /AdditionalStreams [%d 0 R] " % (n + 40)),
         0, "INFO_UPDATED:allowed")
    case("xref-duplicate-key-same-%s.pdf" % kind, "xref", update(d, {50: b"<< /Producer (x) /Producer (x) /Title (Nota Dinas) >>"}), 0,
         "REMARK:REVISION_REPAIR_COSMETIC", "INFO_UPDATED:allowed")
    case("xref-duplicate-key-nested-same-%s.pdf" % kind, "xref",
         update(d, {50: b"<< /Producer (x) /Title (Nota Dinas) /Custom << /A [1 (]) <41>] /A [1 (]) <41>] >> >>"}), 0, "REMARK:REVISION_REPAIR_COSMETIC")
    # A duplicated key that reads differently first-wins and last-wins: a widget's flags.
    f, v = sig_field(d)
    case("xref-duplicate-key-differs-%s.pdf" % kind, "xref",
         update(d, {n: b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (dup) /Rect [0 0 595 842] /F 2 /F 4 /P 3 0 R /AP << /N %d 0 R >> >>" % (n + 1),
                    n + 1: stream(EVIL, EVIL_XOBJ), 3: append_to_array(obj(d, 3), b"/Annots", b"%d 0 R" % n),
                    1: append_to_array(obj(d, 1), b"/Fields", b"%d 0 R" % n)}), 1, "REVISION_REPAIRED:disallowed")

# --- 5. Form filling, and what is not ---------------------------------------------------------------
for kind in ("approval", "p2", "p3"):
    d = kinds[kind]
    n = n_of(d)
    case("form-fill-%s.pdf" % kind, "form", update(d, {20: obj(d, 20)[:-2] + b" /V (123) /AP << /N %d 0 R >> >>" % n, n: ap(d)}), 0, "FORM_FIELD_FILLED:allowed")
    case("form-fill-kid-widget-%s.pdf" % kind, "form",
         update(d, {24: b"<< /FT /Tx /T (jumlah) /Kids [25 0 R 26 0 R] /V (10) >>", 25: obj(d, 25)[:-2] + b" /AP << /N %d 0 R >> >>" % n, n: ap(d)}),
         0, "FORM_FIELD_FILLED:allowed")
    # A shadow: the appearance changes, the value does not.
    case("form-appearance-only-%s.pdf" % kind, "form", update(d, {20: obj(d, 20)[:-2] + b" /AP << /N %d 0 R >> >>" % n, n: ap(d)}), 1,
         "APPEARANCE_CHANGED:disallowed")
    case("form-kid-appearance-only-%s.pdf" % kind, "form", update(d, {25: obj(d, 25)[:-2] + b" /AP << /N %d 0 R >> >>" % n, n: ap(d)}), 1,
         "APPEARANCE_CHANGED:disallowed")
    # Read-only inherited from the parent.
    case("form-readonly-inherited-%s.pdf" % kind, "form",
         update(d, {21: b"<< /FT /Tx /T (grp) /Ff 1 /Kids [22 0 R] /V (9) >>", 22: obj(d, 22)[:-2] + b" /V (9) /AP << /N %d 0 R >> >>" % n, n: ap(d)}),
         1, "MODIFIED_AFTER_SIGNING")
    # A field's kid that is not a widget: a stamp that draws, not form filling.
    case("form-kid-stamp-%s.pdf" % kind, "form",
         update(d, {24: b"<< /FT /Tx /T (jumlah) /Kids [25 0 R 26 0 R] /V (10) >>", 26: obj(d, 26)[:-2] + b" /V (10) /AP << /N %d 0 R >> >>" % n,
                    n: stream(EVIL, EVIL_XOBJ)}), 1, "OBJECT_CHANGED:disallowed")
    # /DA, /DR, /NeedAppearances.
    acro = obj(d, 1)
    case("form-dr-font-added-%s.pdf" % kind, "form", update(d, {1: rep(acro, b"/Helv 5 0 R", b"/Helv 5 0 R /Cour %d 0 R" % n),
                                                                 n: b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"}), 0, "FORM_RESOURCES_UPDATED:allowed")
    case("form-dr-font-swapped-%s.pdf" % kind, "form", update(d, {1: rep(acro, b"/Helv 5 0 R", b"/Helv %d 0 R" % n),
                                                                   n: b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"}), 1, "ACROFORM_ENTRY_CHANGED:disallowed")
    case("form-needappearances-false-%s.pdf" % kind, "form", update(d, {1: rep(acro, b"/DA (", b"/NeedAppearances false /DA (")}), 0,
         "FORM_RESOURCES_UPDATED:allowed")
    case("form-needappearances-true-%s.pdf" % kind, "form", update(d, {1: rep(acro, b"/DA (", b"/NeedAppearances true /DA (")}), 1,
         "ACROFORM_ENTRY_CHANGED:disallowed")
    case("form-da-changed-%s.pdf" % kind, "form", update(d, {1: rep(acro, b"/DA (/Helv 0 Tf 0 g)", b"/DA (/Helv 0 Tf 1 0 0 rg)")}), 1,
         "ACROFORM_ENTRY_CHANGED:disallowed")
# Once appearances were regenerated (NeedAppearances true when signed), turning it off shows
# the stored appearances instead.
na_objs = base_objects()
na_objs[1] = rep(na_objs[1], b"/DA (", b"/NeedAppearances true /DA (")
na = sign(build(na_objs), "signed-needappearances.pdf")
case("form-needappearances-off.pdf", "form", update(na, {1: rep(obj(na, 1), b"/NeedAppearances true", b"/NeedAppearances false")}), 1,
     "ACROFORM_ENTRY_CHANGED:disallowed")

# --- 6. Signers' own changes: a signed field set read-only, further signatures -------------------------
for kind in ("approval", "p2"):
    d = kinds[kind]
    f, v = sig_field(d)
    case("signer-readonly-%s.pdf" % kind, "signer", update(d, {f: obj(d, f)[:-2] + b" /Ff 1 >>"}), 0, "SIGNATURE_FIELD_LOCKED:allowed")
    case("signer-readonly-and-moved-%s.pdf" % kind, "signer", update(d, {f: rep(obj(d, f), b"/Rect [0 0 0 0]", b"/Rect [0 0 595 842]")[:-2] + b" /Ff 1 >>"}), 1,
         "OBJECT_CHANGED:disallowed")
    case("signer-other-flag-%s.pdf" % kind, "signer", update(d, {f: obj(d, f)[:-2] + b" /Ff 3 >>"}), 1, "OBJECT_CHANGED:disallowed")
for p in (2, 3):
    case("signer-visible-p%d.pdf" % p, "signer", sign(cert[p], "visible-p%d.pdf" % p, "--visible", "1:300,50,200,60", key=KEY2), 0,
         "SIGNATURE_WIDGET_ADDED:allowed")
case("signer-visible-approval.pdf", "signer", sign(signed, "visible-approval.pdf", "--visible", "1:300,50,200,60", key=KEY2), 0,
     "SIGNATURE_WIDGET_ADDED:allowed")

# --- 7. Visible means visible anywhere (an unsigned widget's appearance on P=2) -----------------------------
def new_sig_widget(d, rect=b"[0 0 595 842]", flags=b"4", extra=b"", in_fields=True, name=b"(Sneaky)", kids_extra=None):
    n = n_of(d)
    t = b"/T %s " % name if name else b""
    objs = {n: b"<< /Type /Annot /Subtype /Widget /FT /Sig %s%s /P 3 0 R /F %s /AP << /N %d 0 R >> %s>>" % (t, b"/Rect " + rect if rect else b"", flags, n + 1, extra),
            n + 1: stream(EVIL, EVIL_XOBJ), 3: append_to_array(obj(d, 3), b"/Annots", b"%d 0 R" % n)}
    if in_fields:
        objs[1] = append_to_array(obj(d, 1), b"/Fields", b"%d 0 R" % n)
    return update(d, objs)


d = cert[2]
for label, flags in ((b"noview-print", b"36"), (b"print", b"4"), (b"over-32-bits", b"4294967300"), (b"real", b"4.0"), (b"name", b"/Print"),
                     (b"negative-beyond", b"-4294967300")):
    case("visible-flags-%s.pdf" % label.decode(), "visible", new_sig_widget(d, flags=flags), 1, "SIGNATURE_WIDGET_ADDED:disallowed")
for label, rect in ((b"three", b"[0 0 595]"), (b"five", b"[0 0 595 842 0]"), (b"name", b"[0 0 /W 842]"), (b"missing", b"")):
    case("visible-rect-%s.pdf" % label.decode(), "visible", new_sig_widget(d, rect=rect), 1, "SIGNATURE_WIDGET_ADDED:disallowed")
for label, flags, rect in ((b"hidden", b"6", b"[0 0 595 842]"), (b"noview", b"32", b"[0 0 595 842]"), (b"zero-rect", b"4", b"[0 0 0 0]")):
    case("invisible-%s.pdf" % label.decode(), "visible", new_sig_widget(d, flags=flags, rect=rect), 0, "SIGNATURE_WIDGET_ADDED:allowed")
# A signature widget in no field (no /T, no /V, outside /Fields) is an annotation, even invisible.
for kind in ("approval", "p2"):
    case("widget-in-no-field-%s.pdf" % kind, "visible", new_sig_widget(kinds[kind], rect=b"[0 0 0 0]", in_fields=False, name=None), 1,
         "ANNOTATION_ADDED:disallowed")
    case("widget-named-not-listed-%s.pdf" % kind, "visible", new_sig_widget(kinds[kind], rect=b"[0 0 0 0]", in_fields=False), 0,
         "SIGNATURE_WIDGET_ADDED:allowed")

# --- 8. No new behaviour: actions ---------------------------------------------------------------
js = b"<< /S /JavaScript /JS (app.alert\\('x'\\)) >>"
for kind in ("approval", "p2", "p3"):
    d = kinds[kind]
    case("action-widget-a-%s.pdf" % kind, "actions", new_sig_widget(d, rect=b"[0 0 0 0]", extra=b"/A " + js), 1, "ACTION_ADDED:disallowed")
    case("action-widget-aa-%s.pdf" % kind, "actions", new_sig_widget(d, rect=b"[0 0 0 0]", extra=b"/AA << /E " + js + b" >>"), 1, "ACTION_ADDED:disallowed")
    case("action-widget-link-%s.pdf" % kind, "actions", new_sig_widget(d, rect=b"[0 0 0 0]", extra=b"/A << /S /URI /URI (http://x.invalid) >>"), 1,
         "ACTION_ADDED:disallowed")
    n = n_of(d)
    # A new signature field whose action sits on the field, its widget a kid.
    case("action-field-parent-%s.pdf" % kind, "actions",
         update(d, {n: b"<< /FT /Sig /T (Induk) /Kids [%d 0 R] /AA << /K %s >> >>" % (n + 1, js),
                    n + 1: b"<< /Type /Annot /Subtype /Widget /Parent %d 0 R /Rect [0 0 0 0] /P 3 0 R /F 4 >>" % n,
                    3: append_to_array(obj(d, 3), b"/Annots", b"%d 0 R" % (n + 1)), 1: append_to_array(obj(d, 1), b"/Fields", b"%d 0 R" % n)}),
         1, "ACTION_ADDED:disallowed")
    # A filled field that gains an action is no filling.
    case("action-fill-%s.pdf" % kind, "actions", update(d, {20: obj(d, 20)[:-2] + b" /V (1) /AA << /F " + js + b" >> >>"}), 1, "OBJECT_CHANGED:disallowed")
    # Document and page actions.
    case("action-openaction-%s.pdf" % kind, "actions", update(d, {1: obj(d, 1)[:-2] + b" /OpenAction %s >>" % js}), 1, "CATALOG_ENTRY_CHANGED:disallowed")
    case("action-names-javascript-%s.pdf" % kind, "actions",
         update(d, {1: obj(d, 1)[:-2] + b" /Names << /JavaScript << /Names [(a) %s] >> >> >>" % js}), 1, "CATALOG_ENTRY_CHANGED:disallowed")
    case("action-page-aa-%s.pdf" % kind, "actions", update(d, {3: obj(d, 3)[:-2] + b" /AA << /O %s >> >>" % js}), 1, "PAGE_CHANGED:disallowed")
d = cert[3]
n = n_of(d)
case("action-comment-p3.pdf", "actions",
     update(d, {n: b"<< /Type /Annot /Subtype /Text /Rect [20 800 40 820] /Contents (a) /P 3 0 R /A %s >>" % js,
                3: append_to_array(obj(d, 3), b"/Annots", b"%d 0 R" % n)}), 1, "ACTION_ADDED:disallowed")

# --- 9. Comments: the drawing check ----------------------------------------------------------------
def comment(d, body):
    n = n_of(d)
    return update(d, {n: body % {b"n1": b"%d" % (n + 1)}, n + 1: stream(EVIL, EVIL_XOBJ), 3: append_to_array(obj(d, 3), b"/Annots", b"%d 0 R" % n)})


d = cert[3]
case("comment-small-p3.pdf", "comments", comment(d, b"<< /Type /Annot /Subtype /Text /Rect [20 800 40 820] /Contents (ok) /P 3 0 R >>"), 0, "COMMENT_ADDED:allowed")
case("comment-small-ap-p3.pdf", "comments", comment(d, b"<< /Type /Annot /Subtype /Text /Rect [20 800 40 820] /Contents (ok) /P 3 0 R /AP << /N %(n1)s 0 R >> >>"), 0,
     "COMMENT_ADDED:allowed")
case("comment-popup-closed-p3.pdf", "comments", comment(d, b"<< /Type /Annot /Subtype /Popup /Rect [60 600 560 760] /Open false >>"), 0, "COMMENT_ADDED:allowed")
for label, body in ((b"open-text", b"<< /Type /Annot /Subtype /Text /Rect [60 600 560 760] /Open true /Contents (Rp 90.000.000) /P 3 0 R >>"),
                    (b"open-popup", b"<< /Type /Annot /Subtype /Popup /Rect [60 600 560 760] /Open true >>"),
                    (b"big-ap", b"<< /Type /Annot /Subtype /Text /Rect [0 0 595 842] /AP << /N %(n1)s 0 R >> >>"),
                    (b"big-ap-noview-print", b"<< /Type /Annot /Subtype /Text /Rect [0 0 595 842] /F 36 /AP << /N %(n1)s 0 R >> >>"),
                    (b"big-ap-bad-flags", b"<< /Type /Annot /Subtype /Popup /Rect [0 0 595 842] /F 99999999999 /AP << /N %(n1)s 0 R >> >>"),
                    (b"bad-rect", b"<< /Type /Annot /Subtype /Text /Rect [0 0 595 842 1] /AP << /N %(n1)s 0 R >> >>")):
    case("comment-%s-p3.pdf" % label.decode(), "comments", comment(d, body), 1, "ANNOTATION_ADDED:disallowed")

# --- 10. New fields are examined as fields: a value that is no signature --------------------------
for kind in ("approval", "p2"):
    d = kinds[kind]
    n = n_of(d)
    f, v = sig_field(d)

    def field_with_value(value, extra_objs=None):
        objs = {n: b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Palsu) /V %s /Rect [0 0 0 0] /P 3 0 R /F 4 >>" % value,
                3: append_to_array(obj(d, 3), b"/Annots", b"%d 0 R" % n), 1: append_to_array(obj(d, 1), b"/Fields", b"%d 0 R" % n)}
        objs.update(extra_objs or {})
        return update(d, objs)
    case("value-direct-dict-%s.pdf" % kind, "new field value",
         field_with_value(b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 1 2 3] /Contents <00> >>"), 1,
         "FORM_FIELD_ADDED:disallowed")
    case("value-no-contents-%s.pdf" % kind, "new field value",
         field_with_value(b"%d 0 R" % (n + 1), {n + 1: b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 1 2 3] >>"}), 1,
         "FORM_FIELD_ADDED:disallowed")
    case("value-reused-signature-%s.pdf" % kind, "new field value", field_with_value(b"%d 0 R" % v), 1, "FORM_FIELD_ADDED:disallowed")
    case("value-none-%s.pdf" % kind, "new field value", field_with_value(b"null"), 0, "SIGNATURE_FIELD_ADDED:allowed")

# --- 11. Other signing tools: pdfsig and mutool after Sandi ------------------------------------------
nss = path("nss")
shutil.rmtree(nss, ignore_errors=True)
os.makedirs(nss)
subprocess.run(["certutil", "-N", "-d", "sql:" + nss, "--empty-password"], check=True, capture_output=True)
subprocess.run(["pk12util", "-i", KEY3, "-d", "sql:" + nss, "-w", PASS], check=True, capture_output=True)
nick = [l.rsplit(None, 1)[0].strip() for l in subprocess.run(["certutil", "-L", "-d", "sql:" + nss], capture_output=True, text=True).stdout.splitlines()
        if l.rstrip().endswith("u,u,u")][0]


def pdfsig(src_data, name, *args):
    src = write(name + ".in.pdf", src_data)
    subprocess.run(["pdfsig", *args, "-nssdir", "sql:" + nss, "-nick", nick, src, path(name)], capture_output=True)
    if not os.path.exists(path(name)) or os.path.getsize(path(name)) <= len(src_data):
        sys.exit("pdfsig %s produced nothing for %s" % (" ".join(args), name))
    return open(path(name), "rb").read()


for kind in ("approval", "p2", "p3"):
    # pdfsig adds the widget to the page, not to /Fields (it names it: a field all the same).
    case("tool-pdfsig-add-%s.pdf" % kind, "other tools", pdfsig(kinds[kind], "tool-pdfsig-add-%s.pdf" % kind, "-add-signature"), 0,
         "SIGNATURE_WIDGET_ADDED:allowed", "!disallowed")
# Sandi refuses to sign a P=1 document; pdfsig does not ask.
case("tool-pdfsig-add-p1.pdf", "other tools", pdfsig(cert[1], "tool-pdfsig-add-p1.pdf", "-add-signature"), 1, "SIGNATURE_WIDGET_ADDED:disallowed")
# A signature field prepared before Sandi signed, signed later by pdfsig (and by mutool).
prep, _ = pdftool.add_empty_signature_field(base, page=3, name=b"Persetujuan")
prepared_signed = {"approval": sign(prep, "prepared-signed.pdf"), "p2": sign(prep, "prepared-certified-p2.pdf", "--certify", "2")}
for kind, d in prepared_signed.items():
    # (pdfsig's own signature is judged on its own; Sandi's must call the change allowed)
    case("tool-pdfsig-fills-field-%s.pdf" % kind, "other tools", pdfsig(d, "tool-pdfsig-fills-field-%s.pdf" % kind, "-sign", "Persetujuan", "-etsi"), None,
         "SIGNATURE_FIELD_SIGNED:allowed", "!disallowed")
    if shutil.which("mutool"):
        m = re.search(rb"(\d+) 0 obj\s*<<[^>]*/T \(Persetujuan\)", d)
        out = path("tool-mutool-fills-field-%s.pdf" % kind)
        subprocess.run(["mutool", "sign", "-s", KEY2, "-P", open(PASS).readline().strip(), "-o", out, write("mutool-in-%s.pdf" % kind, d), m.group(1).decode()],
                       check=True, capture_output=True)
        # mutool's own signature is SHA-1 (refused); Sandi's must judge the change allowed.
        cases.append((os.path.basename(out), "other tools", None, ("SIGNATURE_FIELD_SIGNED:allowed", "!disallowed")))

# --- 12. FieldMDP locks (a prepared field with /Lock, signed by pdfsig) ---------------------------------
for label, lock, want in ((b"all", b"<< /Type /SigFieldLock /Action /All >>", 1),
                          (b"include", b"<< /Type /SigFieldLock /Action /Include /Fields [(nomor)] >>", 1),
                          (b"include-parent", b"<< /Type /SigFieldLock /Action /Include /Fields [(grp)] >>", 0),
                          (b"exclude", b"<< /Type /SigFieldLock /Action /Exclude /Fields [(nomor)] >>", 0),
                          (b"exclude-other", b"<< /Type /SigFieldLock /Action /Exclude /Fields [(jumlah)] >>", 1)):
    objs = base_objects()
    objs[1] = rep(objs[1], b"/Fields [", b"/Fields [40 0 R ")
    objs[3] = rep(objs[3], b"/Annots [", b"/Annots [40 0 R ")
    objs[40] = b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Kunci) /Rect [300 50 500 120] /P 3 0 R /F 4 /Lock %s >>" % lock
    d = pdfsig(build(objs), "lock-%s-signed.pdf" % label.decode(), "-sign", "Kunci", "-etsi")
    n = n_of(d)
    filled = update(d, {20: obj(d, 20)[:-2] + b" /V (123) /AP << /N %d 0 R >> >>" % n, n: ap(d)})
    case("lock-%s-fill.pdf" % label.decode(), "fieldmdp", filled, want, "LOCKED_FIELD_CHANGED:disallowed" if want else "FORM_FIELD_FILLED:allowed")


# The lock in the signature dictionary instead (/Reference with /TransformMethod /FieldMDP).
# No tool at hand writes one, so the locking signature here is a stand-in with a correct
# /ByteRange and an empty CMS: it is itself invalid, and what is checked is its verdict on
# the later change.
def stand_in_locking_signature(d, params):
    n = n_of(d)
    placeholder = b"/ByteRange [0 0000000000 0000000000 0000000000]"
    sig = (b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M (D:20261201000000Z) "
           b"/Reference [<< /Type /SigRef /TransformMethod /FieldMDP /TransformParams %s >>] %s /Contents <%s> >>" % (params, placeholder, b"0" * 512))
    widget = b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Kunci2) /V %d 0 R /Rect [0 0 0 0] /P 3 0 R /F 132 >>" % (n + 1)
    data = update(d, {n: widget, n + 1: sig, 3: append_to_array(obj(d, 3), b"/Annots", b"%d 0 R" % n),
                      1: append_to_array(obj(d, 1), b"/Fields", b"%d 0 R" % n)})
    a = data.rfind(b"/Contents <") + len(b"/Contents ")
    b = data.index(b">", a) + 1
    return data.replace(placeholder, b"/ByteRange [0 %010d %010d %010d]" % (a, b, len(data) - b))


for label, params, locked in ((b"all", b"<< /Type /TransformParams /Action /All /V /1.2 >>", True),
                              (b"include", b"<< /Type /TransformParams /Action /Include /Fields [(nomor)] /V /1.2 >>", True),
                              (b"exclude", b"<< /Type /TransformParams /Action /Exclude /Fields [(nomor)] /V /1.2 >>", False)):
    d = stand_in_locking_signature(signed, params)
    n = n_of(d)
    filled = update(d, {20: obj(d, 20)[:-2] + b" /V (123) /AP << /N %d 0 R >> >>" % n, n: ap(d)})
    case("lock-reference-%s-fill.pdf" % label.decode(), "fieldmdp", filled, None,
         *(("LOCKED_FIELD_CHANGED:disallowed",) if locked else ("FORM_FIELD_FILLED:allowed", "!LOCKED_FIELD_CHANGED")))


# --- run -------------------------------------------------------------------------------------
def verdict(out):
    found = set()
    for line in out.splitlines():
        if not line.startswith("{"):
            continue
        f = json.loads(line)
        found.update(p["code"] for p in f["problems"])
        changes = 0
        for sig in f["signatures"]:
            found.update(p["code"] for p in sig["problems"])
            found.update("REMARK:" + p["code"] for p in sig["remarks"])
            for c in sig["changes"]:
                changes += 1
                found.update([c["code"], "%s:%s" % (c["code"], "allowed" if c["allowed"] else "disallowed")])
                if not c["allowed"]:
                    found.add("disallowed")
        if changes == 0:
            found.add("NOCHANGE")
    return found


failures = []
classes = {}
for name, klass, want, codes in cases:
    r = subprocess.run([SANDI, "verify", "--json", *TRUST, path(name)], capture_output=True, text=True)
    got = verdict(r.stdout)
    ok = (want is None or r.returncode == want) and all((c[1:] not in got) if c.startswith("!") else (c in got) for c in codes)
    classes.setdefault(klass, [0, 0])[0 if ok else 1] += 1
    print("%-48s %-16s exit %d (want %s) %s" % (name, klass, r.returncode, "any" if want is None else want, "ok" if ok else "FAILED"))
    if not ok:
        failures.append("%s (%s): exit %d (want %s), looking for %s in %s\n%s" % (name, klass, r.returncode, want, codes, sorted(got), r.stdout[-3000:] + r.stderr[-1000:]))
for klass, (good, bad) in classes.items():
    print("class %-16s %d variants, %d failed" % (klass, good + bad, bad))
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
print("modification_classes%s: %d cases in %d classes, every verdict as expected" % (
    " --chained" if CHAINED else "", len(cases), len(classes)))
