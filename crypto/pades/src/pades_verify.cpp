// SPDX-License-Identifier: GPL-3.0-or-later
// Verifying PDF signatures, in phases that follow the published attacks:
//   1. open the file: parse it without repair, find the revisions, the signature fields
//      and the validation data in /DSS;
//   2. locate the signed revision: the byte range must bracket exactly this signature's
//      /Contents and end at a revision's end (universal signature forgery, signature
//      wrapping); that revision is parsed on its own;
//   3. verify the signature value: CMS or document time-stamp, then the chain at the
//      proven time (sandi_sign's judgement);
//   4. review later revisions: each parsed on its own and compared object by object with
//      the signed one under the modification policy (incremental saving, shadow attacks,
//      evil annotations, sneaky signatures).
#include "sandi/pades/pades_verify.h"

#include "form.h"
#include "modification_policy.h"
#include "pdf_internal.h"
#include "sandi/sign/cms.h"
#include "sandi/sign/tsp.h"

#include <qpdf/QPDFXRefEntry.hh>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>
#include <variant>

namespace sandi::crypto {
namespace {

using pdf::Document;
using pdf::guarded;

constexpr std::size_t kMaxSignatures = 1000;
constexpr std::size_t kMaxRevisions = 1000;

constexpr std::array kModificationCodes{
    modification::kDssUpdated,           modification::kExtensionsUpdated,    modification::kSigFlagsSet,
    modification::kInfoUpdated,          modification::kMetadataUpdated,      modification::kVersionUpdated,
    modification::kDocTimestampAdded,    modification::kSignatureFieldAdded,  modification::kSignatureWidgetAdded,
    modification::kSignatureFieldSigned, modification::kFormResourcesUpdated, modification::kFormFieldFilled,
    modification::kCommentAdded,         modification::kCatalogReplaced,      modification::kInfoReplaced,
    modification::kObjectRemoved,        modification::kFreeObjectReused,     modification::kUndefinedObjectDefined,
    modification::kRevisionRepaired,     modification::kRevisionWithoutXref,  modification::kRevisionUnreadable,
    modification::kCatalogEntryChanged,  modification::kAcroFormEntryChanged, modification::kFieldsRemoved,
    modification::kFormFieldAdded,       modification::kAnnotationsRemoved,   modification::kAnnotationAdded,
    modification::kPageChanged,          modification::kObjectChanged,        modification::kVisualDifference,
};

// A finding with the code of its phase, carried out of a phase that stops the signature.
struct Stop {
    std::string_view code;
    std::string text;
};
template <class T> using Step = std::variant<T, Stop>;

struct SigField {
    std::string name;
    QPDFObjGen value; // the signature dictionary (/V)
};

// Signature fields from the AcroForm and, for writers that forget to list them there
// (pdfsig with a direct AcroForm), from the pages' widget annotations.
std::vector<SigField> signatureFields(Document& doc)
{
    std::vector<SigField> out;
    std::set<QPDFObjGen> seen;
    auto add = [&](QPDFObjectHandle f, const std::string& name) {
        if (pdf::fieldType(f) != "/Sig") return;
        QPDFObjectHandle v = f.getKey("/V");
        if (!v.isIndirect()) return; // an unsigned field (a direct /V cannot be checked against its revision)
        if (seen.insert(v.getObjGen()).second) out.push_back({name, v.getObjGen()});
    };
    QPDFObjectHandle acro = doc.root().getKey("/AcroForm");
    pdf::walkFields(acro.isDictionary() ? acro.getKey("/Fields") : QPDFObjectHandle::newNull(),
                    [&](const pdf::FieldVisit& v) {
                        if (v.terminal) add(v.field, v.fullName);
                    });
    int budget = pdf::kMaxFieldNodes;
    for (QPDFObjectHandle page : pdf::pages(doc)) {
        QPDFObjectHandle annots = page.getKey("/Annots");
        for (int i = 0; annots.isArray() && i < annots.getArrayNItems() && budget > 0; ++i, --budget) {
            QPDFObjectHandle a = annots.getArrayItem(i);
            if (pdf::isSignatureWidget(a)) add(a, a.getKey("/T").isString() ? a.getKey("/T").getUTF8Value() : "");
        }
        if (budget <= 0) break;
    }
    return out;
}

void addDssContents(Document& doc, TrustInputs& extra)
{
    QPDFObjectHandle dss = doc.root().getKey("/DSS");
    if (!dss.isDictionary()) return;
    for (const std::string key : {"/Certs", "/CRLs"}) {
        QPDFObjectHandle arr = dss.getKey(key);
        for (int i = 0; arr.isArray() && i < arr.getArrayNItems() && i < 1000; ++i) {
            QPDFObjectHandle s = arr.getArrayItem(i);
            if (!s.isStream()) continue;
            auto data = s.getStreamData(qpdf_dl_generalized);
            const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data->getBuffer()),
                                                   data->getSize());
            if (key == "/Certs") {
                if (auto c = Certificate::parse(bytes)) extra.certificates.push_back(std::move(*c));
            } else if (auto c = Crl::parse(bytes)) {
                extra.crls.push_back(std::move(*c));
            }
        }
    }
}

std::optional<std::vector<std::byte>> hexDecode(std::string_view hex)
{
    if (hex.size() % 2 != 0) return std::nullopt;
    std::vector<std::byte> out(hex.size() / 2);
    auto nib = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int h = nib(hex[2 * i]), l = nib(hex[2 * i + 1]);
        if (h < 0 || l < 0) return std::nullopt;
        out[i] = static_cast<std::byte>(h * 16 + l);
    }
    return out;
}

// ---- Phase 1: the file ----------------------------------------------------------------

// The file, parsed once, and its revisions parsed standalone on demand (failures are
// remembered too).
class OpenedFile {
  public:
    static Result<OpenedFile> open(std::span<const std::byte> file)
    {
        if (!pdf::headerOffset(file)) return fail(ErrorCode::InvalidInput, "not a PDF file (no %PDF- header)");
        SANDI_ASSIGN(doc, Document::open(file, "PDF"));
        OpenedFile f(file, std::make_unique<Document>(std::move(doc)));
        if (f.ends.size() > kMaxRevisions)
            return fail(ErrorCode::InvalidInput, "more than 1000 %%EOF markers (revisions)");
        SANDI_TRY(guarded("reading the signature fields", [&] { f.fields = signatureFields(*f.doc); }));
        if (f.fields.size() > kMaxSignatures) return fail(ErrorCode::InvalidInput, "more than 1000 signatures");
        SANDI_TRY(guarded("reading /DSS", [&] { addDssContents(*f.doc, f.dss); }));
        const std::size_t last = f.ends.empty() ? 0 : f.ends.back();
        const std::string_view tail = pdf::text(file.subspan(last));
        if (tail.find_first_not_of(" \t\r\n\f") != std::string_view::npos &&
            tail.find_first_not_of('\0') != std::string_view::npos)
            f.problems.push_back({std::string(finding::kDataAfterLastEof),
                                  "data after the last %%EOF (an update without its own cross-reference section)"});
        return f;
    }

    Result<Document*> revisionAt(std::size_t end)
    {
        if (end == bytes.size()) return doc.get(); // the whole file is already parsed, without repair
        auto it = m_revisions.find(end);
        if (it == m_revisions.end()) {
            auto d = Document::open(bytes.first(end), "revision");
            Result<std::unique_ptr<Document>> entry =
                d ? Result<std::unique_ptr<Document>>(std::make_unique<Document>(std::move(*d)))
                  : fail(d.error().context("the revision ending at byte " + std::to_string(end) +
                                           " does not parse on its own"));
            it = m_revisions.emplace(end, std::move(entry)).first;
        }
        if (!it->second) return fail(it->second.error());
        return it->second->get();
    }

    std::span<const std::byte> bytes;
    std::unique_ptr<Document> doc;
    std::vector<std::size_t> ends; // the end of each revision
    std::size_t header = 0;        // offset of %PDF-
    std::vector<SigField> fields;
    TrustInputs dss;               // validation data embedded in /DSS, read once
    std::vector<Finding> problems; // file-level

  private:
    OpenedFile(std::span<const std::byte> file, std::unique_ptr<Document> d)
        : bytes(file), doc(std::move(d)), ends(pdf::revisionEnds(file)), header(*pdf::headerOffset(file))
    {
    }
    std::map<std::size_t, Result<std::unique_ptr<Document>>> m_revisions;
};

// ---- Phase 2: the signed revision -------------------------------------------------------

struct ByteRange {
    std::size_t a = 0, b = 0, end = 0;
};

// The byte range of a signature dictionary, as USF and SWA demand it be checked.
Step<ByteRange> checkByteRange(QPDFObjectHandle v, const OpenedFile& f)
{
    QPDFObjectHandle br = v.getKey("/ByteRange");
    if (!br.isArray() || br.getArrayNItems() != 4)
        return Stop{finding::kByteRangeMalformed, "/ByteRange is missing or is not four numbers"};
    std::array<long long, 4> n{};
    for (int i = 0; i < 4; ++i) {
        QPDFObjectHandle x = br.getArrayItem(i);
        if (!x.isInteger() || x.getIntValue() < 0)
            return Stop{finding::kByteRangeMalformed, "/ByteRange holds a non-integer or negative value"};
        n[static_cast<std::size_t>(i)] = x.getIntValue();
    }
    const auto size = static_cast<long long>(f.bytes.size());
    if (n[0] != 0)
        return Stop{finding::kByteRangeNotFromStart, "/ByteRange does not start at the beginning of the file"};
    if (n[1] <= 0 || n[2] <= n[1] || n[3] < 0 || n[2] > size || n[3] > size - n[2])
        return Stop{finding::kByteRangeOutsideFile, "/ByteRange is inconsistent or points outside the file"};
    ByteRange r{static_cast<std::size_t>(n[1]), static_cast<std::size_t>(n[2]), static_cast<std::size_t>(n[2] + n[3])};
    if (r.b - r.a > 2 * kMaxCmsBytes + 2)
        return Stop{finding::kByteRangeGapTooLarge, "the /ByteRange gap is larger than any signature Sandi accepts"};
    const std::string_view gap = pdf::text(f.bytes.subspan(r.a, r.b - r.a));
    if (gap.size() < 2 || gap.front() != '<' || gap.back() != '>' || !hexDecode(gap.substr(1, gap.size() - 2)))
        return Stop{finding::kByteRangeGapNotHex,
                    "the gap in /ByteRange is not exactly a hex string (signature wrapping?)"};
    if (std::find(f.ends.begin(), f.ends.end(), r.end) == f.ends.end())
        return Stop{finding::kByteRangeNotRevisionEnd,
                    "the signed range does not end at the end of a revision (%%EOF)"};
    return r;
}

struct SignedRevision {
    Document* doc = nullptr;
    ByteRange range;
    std::vector<std::byte> contents; // the CMS (or time-stamp token) bytes
    pdf::DocMdpPermission permission = pdf::DocMdpPermission::NotCertified;
};

// The signed revision, parsed standalone: its own signature dictionary must hold exactly
// the bytes of the gap, inside that dictionary's object.
Step<SignedRevision> locateSignedRevision(OpenedFile& f, const SigField& field, QPDFObjectHandle vFinal, bool docTs,
                                          SignatureReport& r)
{
    auto range = checkByteRange(vFinal, f);
    if (auto* stop = std::get_if<Stop>(&range)) return std::move(*stop);
    SignedRevision out;
    out.range = std::get<ByteRange>(range);
    r.coversWholeDocument = out.range.end == (f.ends.empty() ? f.bytes.size() : f.ends.back()) && f.problems.empty();
    auto rev = f.revisionAt(out.range.end);
    if (!rev) return Stop{finding::kSignedRevisionUnreadable, rev.error().message};
    out.doc = *rev;
    Document& doc = *out.doc;
    QPDFObjectHandle v = doc.qpdf().getObjectByObjGen(field.value);
    if (!v.isDictionary())
        return Stop{finding::kSignatureDictionaryMissing,
                    "the signature dictionary does not exist in the revision it signs"};
    QPDFObjectHandle c = v.getKey("/Contents");
    if (!c.isString() || c.getStringValue().empty())
        return Stop{finding::kContentsMissing,
                    "/Contents is missing, empty or not a string (universal signature forgery)"};
    const std::string contents = c.getStringValue();
    const auto table = doc.qpdf().getXRefTable();
    const auto entry = table.find(field.value);
    if (entry == table.end() || entry->second.getType() != 1)
        return Stop{finding::kSignatureDictionaryNotPlain,
                    "the signature dictionary is not a plain object of the signed revision"};
    const std::size_t objStart = f.header + static_cast<std::size_t>(entry->second.getOffset());
    const auto objEnd = pdf::text(f.bytes.first(out.range.end)).find("endobj", objStart);
    if (objStart >= out.range.a || objEnd == std::string_view::npos || objEnd < out.range.b)
        return Stop{finding::kSignatureWrapping,
                    "the /ByteRange gap is not this signature's /Contents (signature wrapping)"};
    if (v.getKey("/ByteRange").unparse() != vFinal.getKey("/ByteRange").unparse())
        return Stop{finding::kSignatureDictionaryChanged, "the signature dictionary was changed after signing"};
    const auto gapBytes = hexDecode(pdf::text(f.bytes.subspan(out.range.a + 1, out.range.b - out.range.a - 2)));
    if (!gapBytes || gapBytes->size() != contents.size() ||
        !std::equal(gapBytes->begin(), gapBytes->end(), reinterpret_cast<const std::byte*>(contents.data())))
        return Stop{finding::kSignatureWrapping,
                    "the /ByteRange gap does not hold this signature's /Contents (signature wrapping)"};
    out.contents = *gapBytes;

    // A certification is the signature that the catalog's /Perms /DocMDP names; a
    // /Reference to DocMDP without it certifies nothing.
    out.permission = pdf::docMdpPermission(doc);
    QPDFObjectHandle perms = doc.root().getKey("/Perms");
    QPDFObjectHandle certSig = perms.isDictionary() ? perms.getKey("/DocMDP") : QPDFObjectHandle::newNull();
    if (certSig.isIndirect() && certSig.getObjGen() == field.value)
        r.kind = "certification (P=" + std::to_string(pdf::docMdpNumber(out.permission)) + ")";
    else if (pdf::hasDocMdpReference(v))
        r.remark(finding::kDocMdpWithoutPerms,
                 "a DocMDP reference without /Perms in the catalog: treated as an approval signature");
    if (!docTs && v.getKey("/M").isString())
        if (auto t = pdf::parsePdfDate(v.getKey("/M").getUTF8Value())) r.signingTime = *t;
    if (doc.warnings() > 0)
        r.remark(finding::kSignedRevisionRepaired,
                 "the signed revision only reads with repairs: viewers may show it differently");
    return out;
}

// ---- Phase 3: the signature value -------------------------------------------------------

Result<std::vector<std::byte>> rangeDigest(std::span<const std::byte> file, const ByteRange& br, Digest digest)
{
    const EVP_MD* md = ossl::evpMd(digest);
    ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
    std::vector<std::byte> out(static_cast<std::size_t>(EVP_MD_get_size(md)));
    unsigned len = 0;
    if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 || EVP_DigestUpdate(ctx.get(), file.data(), br.a) != 1 ||
        EVP_DigestUpdate(ctx.get(), file.data() + br.b, br.end - br.b) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len) != 1)
        return fail(ossl::lastError("hashing the signed ranges"));
    return out;
}

void verifySignatureValue(const OpenedFile& f, const SignedRevision& s, const std::string& subFilter,
                          TrustInputs& extra, const VerifyOptions& o, SignatureReport& r)
{
    auto digester = [&](Digest md) { return rangeDigest(f.bytes, s.range, md); };
    if (subFilter == "/ETSI.RFC3161") {
        auto info = verifyTimeStampToken(s.contents);
        if (!info) {
            r.problem(finding::kTimestampInvalid, "document time-stamp: " + info.error().message);
            return;
        }
        auto digest = digester(info->digest);
        if (!digest) {
            r.problem(finding::kTimestampInvalid, "document time-stamp: " + digest.error().message);
            return;
        }
        if (auto t = judgeTimestamp(s.contents, *digest, true, extra, o, r)) r.timestamp = *t;
        r.signer = info->tsaCertificate->subject();
    } else if (subFilter == "/ETSI.CAdES.detached" || subFilter == "/adbe.pkcs7.detached") {
        judgeCmsSignature(s.contents, digester, subFilter == "/ETSI.CAdES.detached", extra, o, r);
    } else {
        r.problem(finding::kUnsupportedSubFilter,
                  "unsupported /SubFilter " + (subFilter.empty() ? std::string("(missing)") : subFilter));
    }
}

// ---- Phase 4: later revisions -------------------------------------------------------------

void reviewLaterRevisions(OpenedFile& f, const SignedRevision& s, SignatureReport& r)
{
    std::vector<pdf::Explanation> all;
    auto other = [&](std::string_view code, std::string text) {
        all.push_back({pdf::ModificationLevel::Other, false, code, std::move(text)});
    };
    std::size_t prevEnd = s.range.end;
    for (std::size_t end : f.ends) {
        if (end <= s.range.end) continue;
        auto later = f.revisionAt(end);
        if (!later) {
            other(modification::kRevisionUnreadable, later.error().message);
            prevEnd = end;
            continue;
        }
        // An update must carry its own cross-reference section (incremental saving attack).
        const auto sx = pdf::lastStartxref(f.bytes.first(end));
        if (!sx || f.header + *sx < prevEnd)
            other(modification::kRevisionWithoutXref,
                  "the revision ending at byte " + std::to_string(end) + " has no cross-reference section of its own");
        prevEnd = end;
        auto reviewed = guarded("comparing revisions", [&] {
            auto found = pdf::reviewRevision(*s.doc, **later);
            all.insert(all.end(), found.begin(), found.end());
        });
        if (!reviewed) other(modification::kRevisionUnreadable, reviewed.error().message);
    }
    std::set<std::tuple<std::string_view, std::string, bool>> seen;
    for (auto& e : all) {
        const bool ok = pdf::permitted(e, s.permission);
        if (!seen.emplace(e.code, e.text, ok).second) continue;
        r.changes.push_back({std::string(e.code), std::move(e.text), ok});
        if (!ok)
            r.modifications = Modifications::Disallowed;
        else if (r.modifications == Modifications::None)
            r.modifications = Modifications::Allowed;
    }
    if (r.modifications == Modifications::Disallowed)
        r.problem(finding::kModifiedAfterSigning,
                  "valid signature, but the document was modified after signing in a way that is not allowed");
}

SignatureReport verifySignature(OpenedFile& f, const SigField& field, const VerifyOptions& o)
{
    SignatureReport r;
    r.field = field.name;
    TrustInputs extra = f.dss;
    QPDFObjectHandle vFinal;
    auto read = guarded("reading a signature", [&] {
        vFinal = f.doc->qpdf().getObjectByObjGen(field.value);
        if (vFinal.getKey("/SubFilter").isName()) r.subFilter = vFinal.getKey("/SubFilter").getName();
    });
    const bool docTs = r.subFilter == "/ETSI.RFC3161";
    r.kind = docTs ? "document time-stamp" : "signature";
    for (const auto& p : f.problems)
        r.problems.push_back(p);
    if (!read) {
        r.problem(finding::kSignatureDictionaryMissing, read.error().message);
        return r;
    }
    Step<SignedRevision> located = Stop{finding::kSignedRevisionUnreadable, "unread"};
    auto parsed =
        guarded("reading the signed revision", [&] { located = locateSignedRevision(f, field, vFinal, docTs, r); });
    if (!parsed) located = Stop{finding::kSignedRevisionUnreadable, parsed.error().message};
    if (auto* stop = std::get_if<Stop>(&located)) {
        r.problem(stop->code, std::move(stop->text));
        return r;
    }
    const SignedRevision& s = std::get<SignedRevision>(located);
    verifySignatureValue(f, s, r.subFilter, extra, o, r);
    reviewLaterRevisions(f, s, r);
    r.valid = r.problems.empty();
    return r;
}

} // namespace

std::span<const std::string_view> modificationCodes() noexcept
{
    return kModificationCodes;
}

bool PdfReport::valid() const
{
    return problems.empty() && !signatures.empty() &&
           std::all_of(signatures.begin(), signatures.end(), [](const SignatureReport& s) { return s.valid; });
}

Result<PdfReport> verifyPdf(std::span<const std::byte> file, const VerifyOptions& o)
{
    SANDI_ASSIGN(opened, OpenedFile::open(file));
    PdfReport report;
    report.problems = opened.problems;
    for (const SigField& field : opened.fields)
        report.signatures.push_back(verifySignature(opened, field, o));
    if (report.signatures.empty())
        report.problems.push_back({std::string(finding::kNoSignatures), "the document has no signatures"});
    return report;
}

} // namespace sandi::crypto
