// SPDX-License-Identifier: GPL-3.0-or-later
// The incremental-update writer and PAdES signing. qpdf reads the existing file;
// every byte written here is ours.
#include "sandi/pades/pades.h"

#include "form.h"
#include "pdf_internal.h"
#include "sandi/sign/cms.h"

#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace sandi::crypto {
namespace {

using pdf::Document;
using pdf::guarded;

constexpr std::size_t kByteRangeWidth = 60; // "[0 a b c]" padded with spaces to a fixed width
constexpr std::size_t kSignatureOverhead = 4096;
constexpr std::size_t kTimestampReserve = 16384;
constexpr std::size_t kIdSeedBytes = 4096; // the input's first bytes make a new /ID

std::string ref(int num, int gen = 0)
{
    return std::to_string(num) + " " + std::to_string(gen) + " R";
}

// "<< ... >>" of `dict` (a direct copy) with keys removed and "/Key value" pairs added.
std::string dictWith(QPDFObjectHandle dict, const std::vector<std::pair<std::string, std::string>>& set)
{
    QPDFObjectHandle copy = dict.shallowCopy();
    for (const auto& [key, value] : set)
        copy.removeKey(key);
    std::string text = copy.unparse();
    const auto close = text.rfind(">>");
    std::string extra;
    for (const auto& [key, value] : set)
        extra.append(" ").append(key).append(" ").append(value);
    text.insert(close, extra + " ");
    return text;
}

std::string arrayWith(QPDFObjectHandle array, const std::string& item)
{
    std::string text = array.isArray() ? array.shallowCopy().unparse() : "[ ]";
    const auto close = text.rfind(']');
    text.insert(close, item + " ");
    return text;
}

// Latin-1 text for the standard Helvetica font (WinAnsiEncoding); other characters become '?'.
std::string winAnsi(std::string_view utf8)
{
    std::string out;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if ((c & 0xE0U) == 0xC0U && i + 1 < utf8.size()) {
            const unsigned cp = ((c & 0x1FU) << 6U) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3FU);
            out += cp < 0x100 ? static_cast<char>(cp) : '?';
            ++i;
        } else {
            out += '?';
            while (i + 1 < utf8.size() && (static_cast<unsigned char>(utf8[i + 1]) & 0xC0U) == 0x80U)
                ++i;
        }
    }
    return out;
}

std::string fmt(double v)
{
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%.2f", v);
    return buf.data();
}

std::string nameEntry(X509* cert, int nid)
{
    const X509_NAME* name = X509_get_subject_name(cert);
    const int idx = X509_NAME_get_index_by_NID(name, nid, -1);
    if (idx < 0) return {};
    unsigned char* utf8 = nullptr;
    const int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx)));
    if (n < 0) return {};
    std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(n));
    OPENSSL_free(utf8);
    return out;
}

// The QR code's side in the stamp: the stamp's height less a margin, at most 40 % of its
// width (the rest holds the text), in points.
constexpr double kQrStampMargin = 2;
constexpr double kQrStampMaxWidthShare = 0.4;
constexpr int kQrQuietModules = 4; // the quiet zone ISO/IEC 18004 asks for, in modules

// The modules of `qr` as filled rectangles (one per horizontal run of dark modules) on a
// white square with its quiet zone, `side` points wide at (x, y).
std::string qrDrawing(const QrModules& qr, double x, double y, double side)
{
    const int n = qr.size + 2 * kQrQuietModules;
    const double module = side / n;
    std::string s = "q 1 1 1 rg " + fmt(x) + " " + fmt(y) + " " + fmt(side) + " " + fmt(side) + " re f\n";
    // Module coordinates: a `cm` maps one unit to one module, row 0 at the top.
    std::array<char, 96> cm{};
    std::snprintf(cm.data(), cm.size(), "%.4f 0 0 %.4f %.4f %.4f cm 0 0 0 rg\n", module, module, x, y);
    s += cm.data();
    for (int row = 0; row < qr.size; ++row) {
        const int yUnit = qr.size - 1 - row + kQrQuietModules;
        for (int col = 0; col < qr.size;) {
            if (qr.dark[static_cast<std::size_t>(row * qr.size + col)] == 0) {
                ++col;
                continue;
            }
            int run = 1;
            while (col + run < qr.size && qr.dark[static_cast<std::size_t>(row * qr.size + col + run)] != 0)
                ++run;
            s += std::to_string(col + kQrQuietModules) + " " + std::to_string(yUnit) + " " + std::to_string(run) +
                 " 1 re\n";
            col += run;
        }
    }
    return s + "f Q\n";
}

// The stamp's appearance: a framed box with who signed, for which office, when and why,
// and the QR code of the verification record at its right when `qr` is given.
std::string stampAppearance(X509* cert, const PadesSignOptions& o, double w, double h, const QrModules* qr)
{
    std::vector<std::string> lines;
    lines.push_back("Ditandatangani secara elektronik oleh:");
    lines.push_back(nameEntry(cert, NID_commonName));
    if (auto t = nameEntry(cert, NID_title); !t.empty()) lines.push_back(t);
    if (auto ou = nameEntry(cert, NID_organizationalUnitName); !ou.empty()) lines.push_back(ou);
    lines.push_back("Waktu: " + formatUtc(o.signingTime));
    if (!o.reason.empty()) lines.push_back("Alasan: " + o.reason);
    if (!o.location.empty()) lines.push_back("Lokasi: " + o.location);
    const double qrSide = qr != nullptr ? std::min(h - 2 * kQrStampMargin, w * kQrStampMaxWidthShare) : 0;
    const double textWidth = qr != nullptr ? w - qrSide - 2 * kQrStampMargin : w;
    const double fontSize =
        std::clamp(std::min((h - 6) / (static_cast<double>(lines.size()) * 1.2), textWidth / 30.0), 3.0, 10.0);
    std::string s;
    s += "q 0.94 0.96 1 rg 0 0 " + fmt(w) + " " + fmt(h) + " re f Q\n";
    s += "q 0.1 0.2 0.5 RG 1 w 0.5 0.5 " + fmt(w - 1) + " " + fmt(h - 1) + " re S Q\n";
    // The text is clipped to its part of the stamp, so it never covers the QR code.
    s += "q 0 0 " + fmt(textWidth) + " " + fmt(h) + " re W n\n";
    s += "BT 0 0 0 rg /F1 " + fmt(fontSize) + " Tf " + fmt(fontSize * 1.2) + " TL 4 " + fmt(h - 3 - fontSize) + " Td\n";
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) s += "T* ";
        s += pdf::literalString(winAnsi(lines[i])) + " Tj\n";
    }
    s += "ET Q\n";
    if (qr != nullptr && qrSide > 0) s += qrDrawing(*qr, w - qrSide - kQrStampMargin, (h - qrSide) / 2, qrSide);
    return s;
}

// The signature fields of the AcroForm (the shared walker: /FT inherited, bounded) and
// every field's full name.
void collectFields(QPDFObjectHandle fields, std::vector<QPDFObjectHandle>& sigs, std::set<std::string>& names)
{
    pdf::walkFields(fields, [&](const pdf::FieldVisit& v) {
        names.insert(v.fullName);
        if (v.terminal && pdf::fieldType(v.field) == "/Sig") sigs.push_back(v.field);
    });
}

// Builds one incremental update: new and replaced objects, then an xref section of the
// same kind as the previous one (table or stream) and a trailer chained by /Prev.
class UpdateWriter {
  public:
    static Result<UpdateWriter> create(std::span<const std::byte> input, Document& doc)
    {
        UpdateWriter w;
        w.m_input = input;
        const auto header = pdf::headerOffset(input);
        if (!header) return fail(ErrorCode::InvalidInput, "not a PDF file (no %PDF- header)");
        w.m_header = *header;
        const auto prev = pdf::lastStartxref(input);
        if (!prev) return fail(ErrorCode::InvalidInput, "damaged PDF: no startxref");
        w.m_prev = *prev;
        const std::size_t at = w.m_header + w.m_prev;
        if (at >= input.size()) return fail(ErrorCode::InvalidInput, "damaged PDF: startxref points outside the file");
        w.m_xrefStream = pdf::text(input.subspan(at, std::min<std::size_t>(4, input.size() - at))) != "xref";
        SANDI_TRY(guarded("reading the trailer", [&] {
            QPDFObjectHandle trailer = doc.trailer();
            w.m_size = static_cast<int>(trailer.getKey("/Size").getIntValue());
            w.m_root = doc.root().getObjGen();
            if (trailer.getKey("/Info").isIndirect()) w.m_info = trailer.getKey("/Info").unparse();
            QPDFObjectHandle id = trailer.getKey("/ID");
            if (id.isArray() && id.getArrayNItems() == 2 && id.getArrayItem(0).isString())
                w.m_idFirst = id.getArrayItem(0).getStringValue();
        }));
        if (w.m_size <= 0) return fail(ErrorCode::InvalidInput, "damaged PDF: trailer /Size missing");
        if (!w.m_root.isIndirect())
            return fail(ErrorCode::InvalidInput, "damaged PDF: the catalog is not an indirect object");
        return w;
    }

    int allocate() { return m_size++; }
    void put(int num, int gen, std::string body) { m_objects[num] = {gen, std::move(body)}; }
    [[nodiscard]] QPDFObjGen root() const { return m_root; }

    // The first /ID element the update writes: the input's, or (for a file without /ID)
    // the one made of `idSeed`.
    [[nodiscard]] std::string documentId(std::span<const std::byte> idSeed) const
    {
        return m_idFirst.empty() ? idFromSeed(idSeed) : m_idFirst;
    }
    // Whether the update starts with an end-of-line (the input does not end with one).
    [[nodiscard]] bool needsSeparator() const
    {
        return !m_input.empty() && m_input.back() != std::byte{'\n'} && m_input.back() != std::byte{'\r'};
    }

    // Returns the update's bytes. `idSeed` makes the second /ID element.
    std::string finish(std::span<const std::byte> idSeed)
    {
        std::string out;
        if (needsSeparator()) out += '\n';
        std::map<int, std::pair<int, std::size_t>> offsets; // num → (gen, offset relative to the header)
        for (const auto& [num, obj] : m_objects) {
            offsets[num] = {obj.first, m_input.size() + out.size() - m_header};
            out += std::to_string(num) + " " + std::to_string(obj.first) + " obj\n" + obj.second + "\nendobj\n";
        }
        const std::string second = idFromSeed(idSeed);
        const std::string first = documentId(idSeed);
        auto hex = [](const std::string& b) {
            static constexpr std::string_view kHex = "0123456789ABCDEF";
            std::string h = "<";
            for (char c : b) {
                h += kHex[static_cast<unsigned char>(c) >> 4U];
                h += kHex[static_cast<unsigned char>(c) & 0xFU];
            }
            return h + ">";
        };
        std::string trailerKeys = "/Root " + ref(m_root.getObj(), m_root.getGen()) + " /Prev " +
                                  std::to_string(m_prev) + " /ID [" + hex(first) + " " + hex(second) + "]";
        if (!m_info.empty()) trailerKeys += " /Info " + m_info;

        const std::size_t xrefOffset = m_input.size() + out.size() - m_header;
        if (!m_xrefStream) {
            out += "xref\n";
            forEachRun(
                offsets,
                [&](int firstObject, int count) {
                    out += std::to_string(firstObject) + " " + std::to_string(count) + "\n";
                },
                [&](int gen, std::size_t offset) {
                    std::array<char, 24> line{};
                    std::snprintf(line.data(), line.size(), "%010zu %05d n\r\n", offset, gen);
                    out += line.data();
                });
            out += "trailer\n<< /Size " + std::to_string(m_size) + " " + trailerKeys + " >>\n";
        } else {
            // An xref stream (ISO 32000 §7.5.8) that also lists itself; W [1 8 2], uncompressed.
            const int self = m_size++;
            offsets[self] = {0, xrefOffset};
            std::string data;
            std::string index;
            forEachRun(
                offsets,
                [&](int firstObject, int count) {
                    index += std::to_string(firstObject) + " " + std::to_string(count) + " ";
                },
                [&](int gen, std::size_t offset) {
                    data += '\x01';
                    for (int b = 7; b >= 0; --b)
                        data += static_cast<char>((offset >> (8U * static_cast<unsigned>(b))) & 0xFFU);
                    data += static_cast<char>((gen >> 8) & 0xFF);
                    data += static_cast<char>(gen & 0xFF);
                });
            out += std::to_string(self) + " 0 obj\n<< /Type /XRef /Size " + std::to_string(m_size) + " " + trailerKeys +
                   " /W [1 8 2] /Index [" + index + "] /Length " + std::to_string(data.size()) + " >>\nstream\n" +
                   data + "\nendstream\nendobj\n";
        }
        out += "startxref\n" + std::to_string(xrefOffset) + "\n%%EOF\n";
        return out;
    }

  private:
    static std::string idFromSeed(std::span<const std::byte> idSeed)
    {
        std::array<unsigned char, SHA256_DIGEST_LENGTH> md{};
        SHA256(reinterpret_cast<const unsigned char*>(idSeed.data()), idSeed.size(), md.data());
        return {reinterpret_cast<const char*>(md.data()), 16};
    }

    // Calls `subsection(first, count)` for each run of consecutive object numbers, then
    // `entry(gen, offset)` for each object of the run (the shape of both xref kinds).
    template <class Sub, class Entry>
    static void forEachRun(const std::map<int, std::pair<int, std::size_t>>& offsets, Sub subsection, Entry entry)
    {
        for (auto it = offsets.begin(); it != offsets.end();) {
            auto run = it;
            int count = 0;
            while (run != offsets.end() && run->first == it->first + count) {
                ++run;
                ++count;
            }
            subsection(it->first, count);
            for (; it != run; ++it)
                entry(it->second.first, it->second.second);
        }
    }

    std::span<const std::byte> m_input;
    std::size_t m_header = 0;
    std::size_t m_prev = 0;
    bool m_xrefStream = false;
    int m_size = 0;
    QPDFObjGen m_root;
    std::string m_info;
    std::string m_idFirst;
    std::map<int, std::pair<int, std::string>> m_objects;
};

enum class SignatureKind { Signature, DocumentTimestamp };

struct SignatureUpdateSpec {
    SignatureKind kind = SignatureKind::Signature;
    Signer* signer = nullptr;
    const PadesSignOptions* options = nullptr; // Signature only
    TimeStamper* stamper = nullptr;            // DocumentTimestamp, and B-T signatures
};

// Digest of the file `input ‖ update` without update[gapBegin, gapEnd).
// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the gap's begin and end, checked in order by the caller
std::vector<std::byte> rangeDigest(Digest digest, std::span<const std::byte> input, std::string_view update,
                                   std::size_t gapBegin, std::size_t gapEnd)
{
    const EVP_MD* md = ossl::evpMd(digest);
    ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_DigestInit_ex(ctx.get(), md, nullptr);
    EVP_DigestUpdate(ctx.get(), input.data(), input.size());
    EVP_DigestUpdate(ctx.get(), update.data(), gapBegin);
    EVP_DigestUpdate(ctx.get(), update.data() + gapEnd, update.size() - gapEnd);
    std::vector<std::byte> out(static_cast<std::size_t>(EVP_MD_get_size(md)));
    unsigned len = 0;
    EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len);
    return out;
}

// The facts of a QR-marked stamp's record (docs/signing.md). `base` hashes the bytes the
// update is appended to, up to the input's last revision end as a verifier finds it in
// the signed file: with the end-of-line the update starts with, if the input ends at its
// %%EOF without one.
Result<StampQrFacts> stampQrFacts(std::span<const std::byte> input, const UpdateWriter& w, X509* cert,
                                  TimePoint signingTime, std::span<const std::byte> idSeed)
{
    StampQrFacts f;
    f.signer = nameEntry(cert, NID_commonName);
    f.nip = subjectSerialNumber(cert);
    f.signingTime = signingTime;
    const std::string id = w.documentId(idSeed);
    f.documentId = hexUpper({reinterpret_cast<const std::byte*>(id.data()), id.size()});
    const auto ends = pdf::revisionEnds(input);
    std::size_t end = ends.empty() ? 0 : ends.back();
    const bool withSeparator = w.needsSeparator() && end == input.size() && end > 0;
    std::array<unsigned char, SHA256_DIGEST_LENGTH> md{};
    ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
    unsigned len = 0;
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), input.data(), end) != 1 ||
        (withSeparator && EVP_DigestUpdate(ctx.get(), "\n", 1) != 1) ||
        EVP_DigestFinal_ex(ctx.get(), md.data(), &len) != 1)
        return fail(ossl::lastError("hashing the stamp's base"));
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string hex;
    for (unsigned char c : md) {
        hex += kHex[c >> 4U];
        hex += kHex[c & 0xFU];
    }
    f.base = hex;
    return f;
}

// `needed` (when not null) is set to the signature's size when it did not fit in `reserve`.
Result<std::string> signatureUpdate(std::span<const std::byte> input, const SignatureUpdateSpec& spec,
                                    std::size_t reserve, std::size_t* needed = nullptr)
{
    SANDI_ASSIGN(doc, Document::open(input, "input PDF"));
    SANDI_ASSIGN(w, UpdateWriter::create(input, doc));
    const PadesSignOptions* o = spec.options;
    const bool isSignature = spec.kind == SignatureKind::Signature;

    std::vector<QPDFObjectHandle> pages;
    QPDFObjectHandle acroForm;
    std::vector<QPDFObjectHandle> existingSigs;
    std::set<std::string> fieldNames;
    pdf::DocMdpPermission docMdp = pdf::DocMdpPermission::NotCertified;
    SANDI_TRY(guarded("reading the document structure", [&] {
        pages = pdf::pages(doc);
        acroForm = doc.root().getKey("/AcroForm");
        if (acroForm.isDictionary()) collectFields(acroForm.getKey("/Fields"), existingSigs, fieldNames);
        docMdp = pdf::docMdpPermission(doc);
    }));
    if (pages.empty()) return fail(ErrorCode::InvalidInput, "the PDF has no pages");
    if (docMdp == pdf::DocMdpPermission::NoChanges)
        return fail(ErrorCode::Policy,
                    "the document is certified with no changes allowed (DocMDP P=1): it cannot be signed again");
    // Unsigned signature fields (approval fields prepared for later signers) do not count.
    bool alreadySigned = false;
    SANDI_TRY(guarded("reading the signature fields", [&] {
        alreadySigned = std::any_of(existingSigs.begin(), existingSigs.end(),
                                    [](QPDFObjectHandle f) { return !f.getKey("/V").isNull(); });
    }));
    if (isSignature && o->certify != 0 && alreadySigned)
        return fail(ErrorCode::Policy, "only the first signature of a document can certify it (it is already signed)");
    if (isSignature && o->certify != 0 && (o->certify < 1 || o->certify > 3))
        return fail(ErrorCode::InvalidArgument, "a certification takes DocMDP permission 1, 2 or 3");

    const int pageIndex = isSignature && o->visible ? o->visible->page - 1 : 0;
    if (pageIndex < 0 || pageIndex >= static_cast<int>(pages.size()))
        return fail(ErrorCode::InvalidArgument, "the document has no page " + std::to_string(pageIndex + 1));
    QPDFObjectHandle page = pages[static_cast<std::size_t>(pageIndex)];
    if (!page.isIndirect()) return fail(ErrorCode::InvalidInput, "damaged PDF: a page is not an indirect object");

    std::string fieldName;
    for (int i = static_cast<int>(existingSigs.size()) + 1;; ++i) {
        fieldName = (isSignature ? "Signature" : "DocTimeStamp") + std::to_string(i);
        if (!fieldNames.contains(fieldName)) break;
    }

    const int sigNum = w.allocate();
    const int widgetNum = w.allocate();
    const std::span<const std::byte> idSeed = input.first(std::min<std::size_t>(input.size(), kIdSeedBytes));

    // The signature dictionary, with placeholders for /ByteRange and /Contents.
    std::string sig = "<< /Type " + std::string(isSignature ? "/Sig" : "/DocTimeStamp") +
                      " /Filter /Adobe.PPKLite /SubFilter " + (isSignature ? "/ETSI.CAdES.detached" : "/ETSI.RFC3161") +
                      " /ByteRange [" + std::string(kByteRangeWidth, ' ') + "] /Contents <" +
                      std::string(2 * reserve, '0') + ">";
    if (isSignature) {
        sig += " /M " + pdf::literalString(pdf::pdfDate(o->signingTime));
        const std::string cn = nameEntry(spec.signer->certificate(), NID_commonName);
        if (!cn.empty()) sig += " /Name " + pdf::literalString(cn);
        if (!o->reason.empty()) sig += " /Reason " + pdf::literalString(o->reason);
        if (!o->location.empty()) sig += " /Location " + pdf::literalString(o->location);
        sig += " /Prop_Build << /App << /Name /Sandi >> >>";
        if (o->certify != 0)
            sig += " /Reference [ << /Type /SigRef /TransformMethod /DocMDP /DigestMethod /SHA256 /TransformParams << "
                   "/Type "
                   "/TransformParams /P " +
                   std::to_string(o->certify) + " /V /1.2 >> >> ]";
    }
    sig += " >>";
    w.put(sigNum, 0, sig);

    std::string widget = "<< /Type /Annot /Subtype /Widget /FT /Sig /T " + pdf::literalString(fieldName) + " /V " +
                         ref(sigNum) + " /P " + ref(page.getObjectID(), page.getGeneration()) + " /F 132";
    if (isSignature && o->visible) {
        const auto& v = *o->visible;
        if (!(v.width > 0) || !(v.height > 0) || !std::isfinite(v.x) || !std::isfinite(v.y))
            return fail(ErrorCode::InvalidArgument, "the visible stamp needs a positive width and height");
        const int apNum = w.allocate();
        std::optional<QrModules> qr;
        if (o->stampQr) {
            SANDI_ASSIGN(facts, stampQrFacts(input, w, spec.signer->certificate(), o->signingTime, idSeed));
            SANDI_ASSIGN(modules, o->stampQr(facts));
            if (modules.size <= 0 ||
                modules.dark.size() != static_cast<std::size_t>(modules.size) * static_cast<std::size_t>(modules.size))
                return fail(ErrorCode::InvalidArgument, "the QR encoder returned a malformed module matrix");
            qr = std::move(modules);
        }
        const std::string content =
            stampAppearance(spec.signer->certificate(), *o, v.width, v.height, qr ? &*qr : nullptr);
        w.put(apNum, 0,
              "<< /Type /XObject /Subtype /Form /BBox [0 0 " + fmt(v.width) + " " + fmt(v.height) +
                  "] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
                  "/WinAnsiEncoding >> >> >> /Length " +
                  std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream");
        widget += " /Rect [" + fmt(v.x) + " " + fmt(v.y) + " " + fmt(v.x + v.width) + " " + fmt(v.y + v.height) +
                  "] /AP << /N " + ref(apNum) + " >>";
    } else {
        widget += " /Rect [0 0 0 0]";
    }
    widget += " >>";
    w.put(widgetNum, 0, widget);

    // The page lists the widget in /Annots; the AcroForm lists the field; the catalog
    // points at the AcroForm (and /Perms for a certification).
    std::vector<std::pair<std::string, std::string>> catalogKeys;
    SANDI_TRY(guarded("updating the document structure", [&] {
        QPDFObjectHandle annots = page.getKey("/Annots");
        if (annots.isArray() && annots.isIndirect())
            w.put(annots.getObjectID(), annots.getGeneration(), arrayWith(annots, ref(widgetNum)));
        else
            w.put(page.getObjectID(), page.getGeneration(),
                  dictWith(page, {{"/Annots", arrayWith(annots, ref(widgetNum))}}));

        if (acroForm.isDictionary()) {
            QPDFObjectHandle fields = acroForm.getKey("/Fields");
            std::vector<std::pair<std::string, std::string>> acroKeys{{"/SigFlags", "3"}};
            if (fields.isArray() && fields.isIndirect())
                w.put(fields.getObjectID(), fields.getGeneration(), arrayWith(fields, ref(widgetNum)));
            else
                acroKeys.emplace_back("/Fields", arrayWith(fields, ref(widgetNum)));
            if (acroForm.isIndirect())
                w.put(acroForm.getObjectID(), acroForm.getGeneration(), dictWith(acroForm, acroKeys));
            else
                catalogKeys.emplace_back("/AcroForm", dictWith(acroForm, acroKeys));
        } else {
            const int acroNum = w.allocate();
            w.put(acroNum, 0, "<< /Fields [" + ref(widgetNum) + "] /SigFlags 3 >>");
            catalogKeys.emplace_back("/AcroForm", ref(acroNum));
        }
        if (isSignature && o->certify != 0) catalogKeys.emplace_back("/Perms", "<< /DocMDP " + ref(sigNum) + " >>");
        if (!catalogKeys.empty()) w.put(w.root().getObj(), w.root().getGen(), dictWith(doc.root(), catalogKeys));
    }));

    std::string update = w.finish(idSeed);

    // Fill in /ByteRange, digest, sign, fill in /Contents.
    const std::string contentsMarker = "/Contents <" + std::string(2 * reserve, '0') + ">";
    const auto contentsAt = update.find(contentsMarker);
    const auto rangeAt = update.find("/ByteRange [");
    if (contentsAt == std::string::npos || rangeAt == std::string::npos)
        return fail(ErrorCode::Crypto, "internal error: signature placeholders not found");
    const std::size_t gapBegin = contentsAt + 10;                  // the '<'
    const std::size_t gapEnd = contentsAt + contentsMarker.size(); // after the '>'
    const std::size_t total = input.size() + update.size();
    const std::size_t a = input.size() + gapBegin;
    const std::size_t b = input.size() + gapEnd;
    std::string range = "0 " + std::to_string(a) + " " + std::to_string(b) + " " + std::to_string(total - b);
    range.resize(kByteRangeWidth, ' ');
    update.replace(rangeAt + 12, kByteRangeWidth, range);

    const Digest md = Digest::Sha256;
    const auto digest = rangeDigest(md, input, update, gapBegin, gapEnd);
    std::vector<std::byte> blob;
    if (isSignature) {
        SANDI_ASSIGN(cms, cmsSignDetached(*spec.signer, {digest, md, CmsFlavour::Pades, o->signingTime}));
        if (spec.stamper != nullptr) {
            SANDI_ASSIGN(value, cmsSignatureValue(cms));
            auto token = spec.stamper->stamp(digestOf(md, value), md);
            if (!token) return fail(token.error().context("time-stamping the signature"));
            SANDI_ASSIGN(stamped, cmsAddSignatureTimestamp(cms, *token));
            cms = std::move(stamped);
        }
        blob = std::move(cms);
    } else {
        auto token = spec.stamper->stamp(digest, md);
        if (!token) return fail(token.error().context("document time-stamp"));
        blob = std::move(*token);
    }
    if (blob.size() > reserve) {
        if (needed != nullptr) *needed = blob.size();
        return fail(ErrorCode::InvalidArgument, "signature of " + std::to_string(blob.size()) + " bytes exceeds the " +
                                                    std::to_string(reserve) + " reserved"); // caller retries larger
    }
    const std::string hex = hexUpper(blob);
    update.replace(gapBegin + 1, hex.size(), hex);
    return update;
}

std::size_t reserveFor(const SignatureUpdateSpec& spec)
{
    std::size_t certs = 0;
    if (spec.signer != nullptr) {
        certs += certificateDer(spec.signer->certificate()).size();
        for (X509* c : spec.signer->chain())
            certs += certificateDer(c).size();
    }
    return certs + kSignatureOverhead + (spec.stamper != nullptr ? kTimestampReserve : 0);
}

Result<std::string> signatureUpdateWithRetry(std::span<const std::byte> input, const SignatureUpdateSpec& spec)
{
    std::size_t reserve = reserveFor(spec);
    std::size_t needed = 0;
    auto r = signatureUpdate(input, spec, reserve, &needed);
    if (!r && needed != 0) r = signatureUpdate(input, spec, std::max(reserve * 4, needed + kSignatureOverhead));
    return r;
}

std::vector<std::byte> concat(std::span<const std::byte> a, std::string_view b)
{
    std::vector<std::byte> out(a.begin(), a.end());
    const auto* p = reinterpret_cast<const std::byte*>(b.data());
    out.insert(out.end(), p, p + b.size());
    return out;
}

// Every signature dictionary's /Contents bytes in the file (for /VRI keys).
Result<std::vector<std::string>> signatureContents(Document& doc)
{
    std::vector<std::string> out;
    SANDI_TRY(guarded("reading signatures", [&] {
        QPDFObjectHandle acro = doc.root().getKey("/AcroForm");
        if (!acro.isDictionary()) return;
        std::vector<QPDFObjectHandle> sigs;
        std::set<std::string> names;
        collectFields(acro.getKey("/Fields"), sigs, names);
        for (auto& f : sigs) {
            QPDFObjectHandle v = f.getKey("/V");
            if (v.isDictionary() && v.getKey("/Contents").isString())
                out.push_back(v.getKey("/Contents").getStringValue());
        }
    }));
    return out;
}

} // namespace

const char* padesLevelName(PadesLevel level) noexcept
{
    switch (level) {
    case PadesLevel::BB:
        return "B-B";
    case PadesLevel::BT:
        return "B-T";
    case PadesLevel::BLT:
        return "B-LT";
    case PadesLevel::BLTA:
        return "B-LTA";
    }
    return "B-B";
}

Result<PadesLevel> padesLevelFromName(std::string_view name)
{
    for (auto l : {PadesLevel::BB, PadesLevel::BT, PadesLevel::BLT, PadesLevel::BLTA})
        if (name == padesLevelName(l)) return l;
    return fail(ErrorCode::InvalidArgument, "unknown level '" + std::string(name) + "' (B-B, B-T, B-LT, B-LTA)");
}

namespace {

// The token a time stamper handed out last (the signature's, after any retry).
class RecordingStamper final : public TimeStamper {
  public:
    explicit RecordingStamper(TimeStamper& inner) : m_inner(inner) {}
    Result<std::vector<std::byte>> stamp(std::span<const std::byte> digest, Digest md) override
    {
        auto token = m_inner.stamp(digest, md);
        if (token) last = *token;
        return token;
    }
    std::vector<std::byte> last;

  private:
    TimeStamper& m_inner;
};

// The TSA's certificate, then the token's other certificates.
Result<std::vector<Certificate>> timeStampChain(std::span<const std::byte> token)
{
    SANDI_ASSIGN(info, verifyTimeStampToken(token));
    std::vector<Certificate> chain;
    if (info.tsaCertificate) chain.push_back(*info.tsaCertificate);
    for (auto& c : info.certificates)
        if (!info.tsaCertificate || X509_cmp(c.native(), info.tsaCertificate->native()) != 0)
            chain.push_back(std::move(c));
    return chain;
}

} // namespace

Result<std::vector<std::byte>> padesSign(std::span<const std::byte> input, Signer& signer,
                                         const PadesSignOptions& options)
{
    if (options.level != PadesLevel::BB && options.timeStamper == nullptr)
        return fail(ErrorCode::InvalidArgument,
                    std::string("level ") + padesLevelName(options.level) + " needs a time-stamping authority");
    SignatureUpdateSpec spec;
    spec.signer = &signer;
    spec.options = &options;
    std::optional<RecordingStamper> stamper;
    if (options.level != PadesLevel::BB) stamper.emplace(*options.timeStamper);
    spec.stamper = stamper ? &*stamper : nullptr;
    SANDI_ASSIGN(update, signatureUpdateWithRetry(input, spec));
    if (options.level == PadesLevel::BB || options.level == PadesLevel::BT) {
        const auto* p = reinterpret_cast<const std::byte*>(update.data());
        return std::vector<std::byte>(p, p + update.size());
    }
    // B-LT: the certificates and CRLs a verifier needs, in /DSS.
    std::vector<std::byte> whole = concat(input, update);
    std::vector<Certificate> certs{Certificate(ossl::upRef(signer.certificate()))};
    for (X509* c : signer.chain())
        certs.emplace_back(ossl::upRef(c));
    certs.insert(certs.end(), options.extraCertificates.begin(), options.extraCertificates.end());
    std::vector<Crl> crls = options.crls;
    std::vector<std::vector<std::byte>> ocsps = options.ocspResponses;
    // The signature time-stamp's chain: its certificates, and the evidence about them.
    std::vector<Certificate> tsaChain;
    if (!stamper->last.empty()) {
        SANDI_ASSIGN(chain, timeStampChain(stamper->last));
        tsaChain = std::move(chain);
    }
    if (options.timeStampEvidence && !tsaChain.empty()) {
        SANDI_ASSIGN(more, options.timeStampEvidence(tsaChain));
        crls.insert(crls.end(), more.crls.begin(), more.crls.end());
        ocsps.insert(ocsps.end(), more.ocspResponses.begin(), more.ocspResponses.end());
    }
    certs.insert(certs.end(), tsaChain.begin(), tsaChain.end());
    SANDI_ASSIGN(dss, padesAddDss(whole, certs, crls, ocsps));
    whole.insert(whole.end(), dss.begin(), dss.end());
    if (options.level == PadesLevel::BLTA) {
        SANDI_ASSIGN(docTs, padesAddDocumentTimestamp(whole, *options.timeStamper));
        whole.insert(whole.end(), docTs.begin(), docTs.end());
    }
    return std::vector<std::byte>(whole.begin() + static_cast<std::ptrdiff_t>(input.size()), whole.end());
}

Result<std::vector<std::byte>> padesAddDocumentTimestamp(std::span<const std::byte> input, TimeStamper& stamper)
{
    SignatureUpdateSpec spec;
    spec.kind = SignatureKind::DocumentTimestamp;
    spec.stamper = &stamper;
    SANDI_ASSIGN(update, signatureUpdateWithRetry(input, spec));
    const auto* p = reinterpret_cast<const std::byte*>(update.data());
    return std::vector<std::byte>(p, p + update.size());
}

Result<std::vector<std::byte>> padesAddDss(std::span<const std::byte> input,
                                           std::span<const Certificate> certificateValues,
                                           std::span<const Crl> crlValues)
{
    return padesAddDss(input, certificateValues, crlValues, std::span<const std::vector<std::byte>>{});
}

Result<std::vector<std::byte>> padesAddDss(std::span<const std::byte> input,
                                           std::span<const Certificate> certificateValues,
                                           std::span<const Crl> crlValues, std::span<const OcspResponse> ocsps)
{
    std::vector<std::vector<std::byte>> ders;
    for (const OcspResponse& o : ocsps) {
        SANDI_ASSIGN(der, o.responseDer());
        ders.push_back(std::move(der));
    }
    return padesAddDss(input, certificateValues, crlValues, ders);
}

Result<std::vector<std::byte>> padesAddDss(std::span<const std::byte> input,
                                           std::span<const Certificate> certificateValues,
                                           std::span<const Crl> crlValues,
                                           std::span<const std::vector<std::byte>> ocspResponses)
{
    const std::vector<X509*> certificates = nativePointers(certificateValues);
    const std::vector<X509_CRL*> crls = nativePointers(crlValues);
    SANDI_ASSIGN(doc, Document::open(input, "input PDF"));
    SANDI_ASSIGN(w, UpdateWriter::create(input, doc));
    auto stream = [&](std::span<const std::byte> data) {
        const int num = w.allocate();
        w.put(num, 0,
              "<< /Length " + std::to_string(data.size()) + " >>\nstream\n" +
                  std::string(reinterpret_cast<const char*>(data.data()), data.size()) + "\nendstream");
        return num;
    };
    // Keep what an earlier /DSS holds, add what is new (by content).
    std::set<std::string> seen;
    std::string certRefs, crlRefs, ocspRefs;
    SANDI_TRY(guarded("reading the existing /DSS", [&] {
        QPDFObjectHandle dss = doc.root().getKey("/DSS");
        for (const char* key : {"/Certs", "/CRLs", "/OCSPs"}) {
            QPDFObjectHandle arr = dss.isDictionary() ? dss.getKey(key) : QPDFObjectHandle::newNull();
            for (int i = 0; arr.isArray() && i < arr.getArrayNItems(); ++i) {
                QPDFObjectHandle s = arr.getArrayItem(i);
                if (!s.isStream() || !s.isIndirect()) continue;
                auto data = s.getStreamData(qpdf_dl_generalized);
                seen.insert(std::string(reinterpret_cast<const char*>(data->getBuffer()), data->getSize()));
                const std::string k(key);
                (k == "/Certs"  ? certRefs
                 : k == "/CRLs" ? crlRefs
                                : ocspRefs) += ref(s.getObjectID(), s.getGeneration()) + " ";
            }
        }
    }));
    std::string vriCerts, vriCrls, vriOcsps;
    for (X509* c : certificates) {
        const auto der = certificateDer(c);
        const std::string key(reinterpret_cast<const char*>(der.data()), der.size());
        if (!seen.insert(key).second) continue;
        const int num = stream(der);
        certRefs += ref(num) + " ";
        vriCerts += ref(num) + " ";
    }
    for (X509_CRL* c : crls) {
        unsigned char* buf = nullptr;
        const int n = i2d_X509_CRL(c, &buf);
        if (n <= 0) return fail(ossl::lastError("encoding a CRL"));
        std::vector<std::byte> der(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
        OPENSSL_free(buf);
        const std::string key(reinterpret_cast<const char*>(der.data()), der.size());
        if (!seen.insert(key).second) continue;
        const int num = stream(der);
        crlRefs += ref(num) + " ";
        vriCrls += ref(num) + " ";
    }
    for (const auto& der : ocspResponses) {
        const std::string key(reinterpret_cast<const char*>(der.data()), der.size());
        if (der.empty() || !seen.insert(key).second) continue;
        const int num = stream(der);
        ocspRefs += ref(num) + " ";
        vriOcsps += ref(num) + " ";
    }
    // /VRI: one entry per signature, keyed by the upper-case SHA-1 of its /Contents.
    SANDI_ASSIGN(contents, signatureContents(doc));
    std::string vri;
    for (const auto& c : contents) {
        std::array<unsigned char, SHA_DIGEST_LENGTH> h{};
        SHA1(reinterpret_cast<const unsigned char*>(c.data()), c.size(), h.data());
        vri.append("/")
            .append(hexUpper(std::as_bytes(std::span(h))))
            .append(" << /Cert [")
            .append(vriCerts)
            .append("] /CRL [")
            .append(vriCrls)
            .append(vriOcsps.empty() ? "" : "] /OCSP [")
            .append(vriOcsps)
            .append("] >> ");
    }
    const int dssNum = w.allocate();
    w.put(dssNum, 0,
          "<< /Type /DSS /Certs [" + certRefs + "] /CRLs [" + crlRefs + "]" +
              (ocspRefs.empty() ? "" : " /OCSPs [" + ocspRefs + "]") + " /VRI << " + vri + ">> >>");
    SANDI_TRY(guarded("adding /DSS to the catalog", [&] {
        w.put(w.root().getObj(), w.root().getGen(), dictWith(doc.root(), {{"/DSS", ref(dssNum)}}));
    }));
    const std::string update = w.finish(input.first(std::min<std::size_t>(input.size(), 4096)));
    const auto* p = reinterpret_cast<const std::byte*>(update.data());
    return std::vector<std::byte>(p, p + update.size());
}

} // namespace sandi::crypto
