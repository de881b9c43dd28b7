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
//      the revision before it (once per file, shared by all its signatures), under the
//      modification policy of the signature (incremental saving, shadow attacks, evil
//      annotations, sneaky signatures).
#include "sandi/pades/pades_verify.h"

#include "file_structure.h"
#include "form.h"
#include "modification_policy.h"
#include "pdf_internal.h"
#include "sandi/sign/cms.h"
#include "sandi/sign/tsp.h"

#include <qpdf/Pipeline.hh>
#include <qpdf/QPDFXRefEntry.hh>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <variant>

namespace sandi::crypto {
namespace {

using pdf::Document;
using pdf::guarded;

constexpr std::size_t kMaxSignatures = 1000;
constexpr std::size_t kMaxRevisions = 1000;
constexpr int kMaxDssItems = 1000;                          // per /DSS array
constexpr std::size_t kMaxDssStreamBytes = 4 * 1024 * 1024; // one decoded certificate or CRL
constexpr std::size_t kMaxDssBytes = 64 * 1024 * 1024;      // all of them together

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
    modification::kPageChanged,          modification::kObjectChanged,        modification::kActionAdded,
    modification::kLockedFieldChanged,   modification::kAppearanceChanged,    modification::kSignatureFieldLocked,
    modification::kStructureTreeUpdated, modification::kRepairCosmetic,       modification::kVisualDifference,
};

// A finding with the code of its phase, carried out of a phase that stops the signature.
struct Stop {
    std::string_view code;
    std::string text;
};
template <class T> using Step = std::variant<T, Stop>;

struct SigField {
    std::string name;
    QPDFObjGen value;             // the signature dictionary (/V)
    mutable QPDFObjectHandle raw; // (qpdf 11: not const) the dictionary itself, for one not reached as an indirect /V
    std::string_view found;       // empty, or why it is a problem (kSignatureUnreachable, kSignatureValueDirect)
};

// Signature fields from the AcroForm and, for writers that forget to list them there
// (pdfsig with a direct AcroForm), from the pages' widget annotations.
std::vector<SigField> signatureFields(Document& doc)
{
    std::vector<SigField> out;
    std::set<QPDFObjGen> seen, seenDirect;
    auto add = [&](QPDFObjectHandle f, const std::string& name) {
        if (pdf::fieldType(f) != "/Sig") return;
        QPDFObjectHandle v = f.getKey("/V");
        if (!v.isIndirect()) {
            // A direct /V cannot be checked against its revision (and ISO 32000-1 Table 232 wants
            // an indirect reference): reported as a signature, never valid.
            if (v.isDictionary() && (!f.isIndirect() || seenDirect.insert(f.getObjGen()).second))
                out.push_back({name, QPDFObjGen(), v, finding::kSignatureValueDirect});
            return;
        }
        if (seen.insert(v.getObjGen()).second) out.push_back({name, v.getObjGen(), {}, {}});
    };
    pdf::forEachCandidateSignatureField(doc, add);
    return out;
}

// Signature dictionaries written in the file that neither the form nor a widget reaches
// (a broken /Prev chain, an orphaned revision, a field dropped from /Fields, a dictionary
// only some other object refers to): each is reported and judged, never left out.
void addUnreachedSignatures(Document& doc, std::string_view text, std::vector<SigField>& fields)
{
    std::set<std::pair<QPDFObjGen, std::string>> reached;
    for (const SigField& f : fields)
        if (!f.raw.isInitialized())
            reached.emplace(f.value, doc.qpdf().getObjectByObjGen(f.value).getKey("/ByteRange").unparse());
    for (auto& [og, dict] : pdf::signatureDictionaries(doc, text))
        if (!reached.contains({og, dict.getKey("/ByteRange").unparse()}))
            fields.push_back({"(object " + std::to_string(og.getObj()) + " " + std::to_string(og.getGen()) + ")", og,
                              dict, finding::kSignatureUnreachable});
}

// A pipeline that keeps at most `limit` bytes and throws past it (a Flate bomb in /DSS
// costs no more than the limit).
class LimitedBuffer final : public Pipeline {
  public:
    explicit LimitedBuffer(std::size_t limit) : Pipeline("limited buffer", nullptr), m_limit(limit) {}
    void write(unsigned char const* data, size_t len) override
    {
        if (len > m_limit - m_data.size()) {
            m_exceeded = true; // (qpdf turns the exception into a warning and an incomplete stream)
            throw std::length_error("decoded stream larger than the limit");
        }
        m_data.append(reinterpret_cast<const char*>(data), len);
    }
    void finish() override {}
    [[nodiscard]] const std::string& data() const noexcept { return m_data; }
    [[nodiscard]] bool exceeded() const noexcept { return m_exceeded; }

  private:
    std::size_t m_limit;
    bool m_exceeded = false;
    std::string m_data;
};

// The certificates and CRLs in /DSS, each stream decoded once (by object and by raw
// bytes) and within a size limit.
void addDssContents(Document& doc, TrustInputs& extra)
{
    QPDFObjectHandle dss = doc.root().getKey("/DSS");
    if (!dss.isDictionary()) return;
    std::set<QPDFObjGen> seenObjects; // /VRI entries refer to the streams /Certs, /CRLs, /OCSPs list
    std::set<std::string> seenRaw;
    std::size_t total = 0;
    auto read = [&](QPDFObjectHandle arr, const std::string& what, const std::string& key) {
        if (arr.isArray() && arr.getArrayNItems() > kMaxDssItems)
            pdf::noteBudgetExhausted(what + " (" + std::to_string(kMaxDssItems) + " items)");
        for (int i = 0; arr.isArray() && i < arr.getArrayNItems() && i < kMaxDssItems; ++i) {
            QPDFObjectHandle s = arr.getArrayItem(i);
            if (!s.isStream()) continue;
            if (s.isIndirect() && !seenObjects.insert(s.getObjGen()).second) continue;
            auto raw = s.getRawStreamData();
            if (!seenRaw.emplace(reinterpret_cast<const char*>(raw->getBuffer()), raw->getSize()).second) continue;
            LimitedBuffer decoded(std::min(kMaxDssStreamBytes, kMaxDssBytes - total));
            bool complete = false;
            try {
                complete = s.pipeStreamData(&decoded, 0, qpdf_dl_generalized);
            } catch (const std::length_error&) {
                complete = false;
            }
            if (decoded.exceeded())
                pdf::noteBudgetExhausted("decoded /DSS data (" + std::to_string(kMaxDssStreamBytes) +
                                         " bytes a stream, " + std::to_string(kMaxDssBytes) + " in all)");
            if (!complete) continue;
            total += decoded.data().size();
            const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(decoded.data().data()),
                                                   decoded.data().size());
            if (key == "/Certs") {
                if (auto c = Certificate::parse(bytes)) extra.certificates.push_back(std::move(*c));
            } else if (key == "/CRLs") {
                if (auto c = Crl::parse(bytes)) extra.crls.push_back(std::move(*c));
            } else if (auto o = OcspResponse::fromDer(bytes)) {
                extra.ocsps.push_back(std::move(*o));
            } else {
                extra.unreadable.push_back("an OCSP response in /DSS: " + o.error().message);
            }
        }
    };
    for (const std::string key : {"/Certs", "/CRLs", "/OCSPs"})
        read(dss.getKey(key), "/DSS " + key, key);
    QPDFObjectHandle vri = dss.getKey("/VRI");
    if (vri.isDictionary()) {
        const auto keys = vri.getKeys();
        if (keys.size() > static_cast<std::size_t>(kMaxDssItems))
            pdf::noteBudgetExhausted("/DSS /VRI (" + std::to_string(kMaxDssItems) + " entries)");
        int budget = kMaxDssItems;
        for (const std::string& k : keys) {
            if (--budget < 0) break;
            QPDFObjectHandle entry = vri.getKey(k);
            if (entry.isDictionary()) read(entry.getKey("/OCSP"), "/DSS /VRI /OCSP", "/OCSPs");
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

struct ByteRange;

// What one revision changed relative to the readable revision before it.
struct RevisionStep {
    std::vector<pdf::Explanation> explanations;
    std::vector<std::string> exhausted; // the budgets the comparison ran out of
};

// The file, parsed once, and its revisions parsed standalone on demand (failures are
// remembered too).
class OpenedFile {
  public:
    static Result<OpenedFile> open(std::span<const std::byte> file)
    {
        if (!pdf::headerOffset(file)) return fail(ErrorCode::InvalidInput, "not a PDF file (no %PDF- header)");
        pdf::takeExhaustedBudgets(); // (from an earlier use of the walkers on this thread)
        const auto marks = pdf::revisionMarkers(file);
        const std::size_t last = marks.empty() ? 0 : marks.back().end;
        const std::string_view tail = pdf::text(file.subspan(last));
        const bool padded = tail.find_first_not_of(std::string_view(" \t\r\n\f\0", 6)) == std::string_view::npos;
        // White space or NUL padding after the last %%EOF is no update; qpdf looks for
        // "startxref" only near the end, so the file is read without it.
        const std::size_t parsed = padded && last > 0 ? last : file.size();
        SANDI_ASSIGN(doc, Document::open(file.first(parsed), "PDF", Document::Encrypted::AllowEmptyUserPassword));
        OpenedFile f(file, std::make_unique<Document>(std::move(doc)), marks, parsed);
        f.doc->shareMemo(f.m_memo);
        // Past a limit the file is not judged at all, and says why (budgets fail closed).
        if (f.ends.size() > kMaxRevisions) return f.stop("revisions (1000)");
        SANDI_TRY(guarded("reading the signature fields", [&] {
            f.fields = signatureFields(*f.doc);
            addUnreachedSignatures(*f.doc, pdf::text(file), f.fields);
        }));
        if (f.fields.size() > kMaxSignatures) return f.stop("signatures (1000)");
        SANDI_TRY(guarded("reading /DSS", [&] { addDssContents(*f.doc, f.dss); }));
        if (!padded)
            f.problems.push_back({std::string(finding::kDataAfterLastEof),
                                  "data after the last %%EOF (an update without its own cross-reference section)"});
        for (auto& c : pdf::hybridContradictions(file, f.marks))
            f.problems.push_back({std::string(finding::kXrefHybridContradiction), std::move(c)});
        for (auto& b : pdf::takeExhaustedBudgets())
            f.problems.push_back({std::string(finding::kWalkBudgetExhausted), "the walk of " + b + " ran out"});
        return f;
    }

    Result<Document*> revisionAt(std::size_t end)
    {
        if (end == m_parsed) return doc.get(); // the whole file is already parsed, without repair
        auto it = m_revisions.find(end);
        if (it == m_revisions.end()) it = m_revisions.emplace(end, openRevision(end)).first;
        if (!it->second) return fail(it->second.error());
        return it->second->get();
    }

    // Forgets a revision parsed by revisionAt (its objects, read while judging one signature,
    // are not kept for the next: memory stays proportional to the file, not to the signatures).
    void release(std::size_t end) { m_revisions.erase(end); }

    // What each revision after `from` (the end of a readable revision) changed relative to the
    // readable revision before it, keyed by the later revision's end. Each update is compared
    // with its predecessor once, as pyHanko does, so that a file with N signatures costs N
    // comparisons rather than N²/2; a signature's changes are those of every step after its
    // revision, each judged afterwards under that signature's permission.
    Result<const std::map<std::size_t, RevisionStep>*> stepsAfter(std::size_t from)
    {
        if (m_stepsFrom && from >= *m_stepsFrom) return &m_steps;
        const std::size_t until = m_stepsFrom.value_or(std::numeric_limits<std::size_t>::max());
        const auto pending = pdf::takeExhaustedBudgets(); // (the signature's own, given back below)
        SANDI_ASSIGN(first, revisionAt(from));
        Document* prev = first;
        std::unique_ptr<Document> held; // `prev` when it is not owned by revisionAt's cache
        std::size_t prevEnd = from;
        for (std::size_t end : ends) {
            if (end <= from || end > until) continue;
            RevisionStep& step = m_steps[end];
            auto other = [&](std::string_view code, std::string text) {
                step.explanations.push_back({pdf::ModificationLevel::Other, false, code, std::move(text)});
            };
            std::unique_ptr<Document> opened;
            Document* later = nullptr;
            if (end == m_parsed) {
                later = doc.get();
            } else if (auto o = openRevision(end)) {
                opened = std::move(*o);
                later = opened.get();
            } else {
                other(modification::kRevisionUnreadable, o.error().message);
                prevEnd = end;
                continue;
            }
            // An update must carry its own cross-reference section (incremental saving attack).
            const auto sx = pdf::lastStartxref(bytes.first(end));
            if (!sx || header + *sx < prevEnd)
                other(modification::kRevisionWithoutXref, "the revision ending at byte " + std::to_string(end) +
                                                              " has no cross-reference section of its own");
            prevEnd = end;
            auto reviewed = guarded("comparing revisions", [&] {
                auto found = pdf::reviewRevision(*prev, *later);
                step.explanations.insert(step.explanations.end(), found.begin(), found.end());
            });
            if (!reviewed) other(modification::kRevisionUnreadable, reviewed.error().message);
            step.exhausted = pdf::takeExhaustedBudgets();
            prev = later;
            held = std::move(opened);
        }
        m_stepsFrom = from;
        for (const auto& b : pending)
            pdf::noteBudgetExhausted(b);
        return &m_steps;
    }

    // The digest of a signature's byte range (br.a, br.b, br.end checked against the file).
    Result<std::vector<std::byte>> rangeDigest(const ByteRange& br, Digest digest) const;

    // A file past one of the limits: a problem naming it, and nothing judged.
    OpenedFile stop(const std::string& limit)
    {
        fields.clear();
        problems.push_back({std::string(finding::kWalkBudgetExhausted), "the walk of " + limit + " ran out"});
        stopped = true;
        return std::move(*this);
    }

    std::span<const std::byte> bytes;
    std::unique_ptr<Document> doc;
    bool stopped = false;                // past a limit: not judged
    std::vector<pdf::RevisionEnd> marks; // where each revision ends
    std::vector<std::size_t> ends;       // the end of each revision (RevisionEnd::end)
    std::size_t header = 0;              // offset of %PDF-
    std::vector<SigField> fields;
    TrustInputs dss;               // validation data embedded in /DSS, read once
    std::vector<Finding> problems; // file-level

  private:
    OpenedFile(std::span<const std::byte> file, std::unique_ptr<Document> d, std::vector<pdf::RevisionEnd> m,
               std::size_t parsed)
        : bytes(file), doc(std::move(d)), marks(std::move(m)), header(*pdf::headerOffset(file)), m_parsed(parsed)
    {
        for (const auto& e : marks)
            ends.push_back(e.end);
    }
    Result<std::unique_ptr<Document>> openRevision(std::size_t end) const
    {
        auto d = Document::open(bytes.first(end), "revision", Document::Encrypted::AllowEmptyUserPassword);
        if (!d)
            return fail(
                d.error().context("the revision ending at byte " + std::to_string(end) + " does not parse on its own"));
        auto out = std::make_unique<Document>(std::move(*d));
        out->shareMemo(m_memo);
        return out;
    }

    std::size_t m_parsed; // the bytes `doc` was parsed from
    std::map<std::size_t, Result<std::unique_ptr<Document>>> m_revisions;
    std::map<std::size_t, RevisionStep> m_steps;                    // stepsAfter's, by the later revision's end
    std::optional<std::size_t> m_stepsFrom;                         // the revision m_steps start after
    std::shared_ptr<pdf::ObjectMemo> m_memo = pdf::newObjectMemo(); // shared by its Documents
    mutable std::map<Digest, std::pair<ossl::MdCtxPtr, std::size_t>> m_prefixes; // rangeDigest's running hashes
};

// ---- Phase 2: the signed revision -------------------------------------------------------

struct ByteRange {
    std::size_t a = 0, b = 0, end = 0;
    std::size_t revision = 0; // the end of the revision it signs (RevisionEnd::end: `end` may stop at its %%EOF)
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
    const auto mark = std::find_if(f.marks.begin(), f.marks.end(), [&](const pdf::RevisionEnd& e) {
        return r.end >= e.marker && r.end <= e.end; // after %%EOF, with or without its end-of-line
    });
    if (mark == f.marks.end())
        return Stop{finding::kByteRangeNotRevisionEnd,
                    "the signed range does not end at the end of a revision (%%EOF)"};
    r.revision = mark->end;
    return r;
}

struct SignedRevision {
    Document* doc = nullptr;
    ByteRange range;
    std::vector<std::byte> contents;                  // the CMS (or time-stamp token) bytes
    std::vector<std::vector<std::byte>> certificates; // /Cert (adbe.x509.rsa_sha1)
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
    r.coversWholeDocument =
        out.range.revision == (f.ends.empty() ? f.bytes.size() : f.ends.back()) && f.problems.empty();
    auto rev = f.revisionAt(out.range.revision);
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
    std::string contents = c.getStringValue();
    const auto table = doc.xrefTable();
    const auto entry = table.find(field.value);
    if (entry == table.end() || entry->second.getType() != 1)
        return Stop{finding::kSignatureDictionaryNotPlain,
                    "the signature dictionary is not a plain object of the signed revision"};
    const std::size_t objStart = f.header + static_cast<std::size_t>(entry->second.getOffset());
    // The object's own "endobj", read as tokens ("endobj" in a string of the dictionary is text).
    const std::string_view signedText = pdf::text(f.bytes.first(out.range.end));
    const std::size_t bodyStart =
        objStart < signedText.size() ? signedText.find("obj", objStart) : std::string_view::npos;
    const auto objEnd = bodyStart == std::string_view::npos ? std::nullopt : pdf::objectEnd(signedText, bodyStart + 3);
    if (objStart >= out.range.a || !objEnd || *objEnd < out.range.b)
        return Stop{finding::kSignatureWrapping,
                    "the /ByteRange gap is not this signature's /Contents (signature wrapping)"};
    if (doc.encrypted()) {
        // /Contents is never encrypted (ISO 32000-2 §7.6.2), but qpdf decrypts it in a
        // /Type /DocTimeStamp dictionary: read the dictionary's own bytes instead.
        QPDFObjectHandle raw =
            QPDFObjectHandle::parse(&doc.qpdf(), std::string(signedText.substr(bodyStart + 3, *objEnd - bodyStart - 3)),
                                    "signature dictionary");
        if (!raw.isDictionary() || !raw.getKey("/Contents").isString())
            return Stop{finding::kContentsMissing,
                        "/Contents is missing or not a string (universal signature forgery)"};
        contents = raw.getKey("/Contents").getStringValue();
    }
    if (v.getKey("/ByteRange").unparse() != vFinal.getKey("/ByteRange").unparse())
        return Stop{finding::kSignatureDictionaryChanged, "the signature dictionary was changed after signing"};
    const auto gapBytes = hexDecode(pdf::text(f.bytes.subspan(out.range.a + 1, out.range.b - out.range.a - 2)));
    if (!gapBytes || gapBytes->size() != contents.size() ||
        !std::equal(gapBytes->begin(), gapBytes->end(), reinterpret_cast<const std::byte*>(contents.data())))
        return Stop{finding::kSignatureWrapping,
                    "the /ByteRange gap does not hold this signature's /Contents (signature wrapping)"};
    out.contents = *gapBytes;
    QPDFObjectHandle cert = v.getKey("/Cert");
    for (int i = 0; i < (cert.isArray() ? std::min(cert.getArrayNItems(), 100) : 1); ++i) {
        QPDFObjectHandle one = cert.isArray() ? cert.getArrayItem(i) : cert;
        if (!one.isString()) continue;
        const std::string der = one.getStringValue();
        const auto* p = reinterpret_cast<const std::byte*>(der.data());
        out.certificates.emplace_back(p, p + der.size());
    }

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

Result<std::vector<std::byte>> OpenedFile::rangeDigest(const ByteRange& br, Digest digest) const
{
    const EVP_MD* md = ossl::evpMd(digest);
    // The first part of every signed range starts at byte 0: one running hash per algorithm,
    // copied at each range's gap, so that N signatures hash the file about once.
    auto& [running, at] = m_prefixes[digest];
    if (!running || br.a < at) {
        running.reset(EVP_MD_CTX_new());
        at = 0;
        if (!running || EVP_DigestInit_ex(running.get(), md, nullptr) != 1) {
            running.reset();
            return fail(ossl::lastError("hashing the signed ranges"));
        }
    }
    if (EVP_DigestUpdate(running.get(), bytes.data() + at, br.a - at) != 1) {
        running.reset();
        return fail(ossl::lastError("hashing the signed ranges"));
    }
    at = br.a;
    ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
    std::vector<std::byte> out(static_cast<std::size_t>(EVP_MD_get_size(md)));
    unsigned len = 0;
    if (!ctx || EVP_MD_CTX_copy_ex(ctx.get(), running.get()) != 1 ||
        EVP_DigestUpdate(ctx.get(), bytes.data() + br.b, br.end - br.b) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len) != 1)
        return fail(ossl::lastError("hashing the signed ranges"));
    return out;
}

void verifySignatureValue(const OpenedFile& f, const SignedRevision& s, const std::string& subFilter,
                          TrustInputs& extra, const VerifyOptions& o, SignatureReport& r)
{
    auto digester = [&](Digest md) { return f.rangeDigest(s.range, md); };
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
    } else if (subFilter == "/ETSI.CAdES.detached" || subFilter == "/adbe.pkcs7.detached" ||
               subFilter == "/PBAD.PAdES") {
        // PBAD.PAdES: ICP-Brasil's profile, a detached CAdES signature (DSS reads it so).
        judgeCmsSignature(s.contents, digester, subFilter == "/ETSI.CAdES.detached", extra, o, r);
    } else if (subFilter == "/adbe.pkcs7.sha1") {
        auto sha1 = digester(Digest::Sha1);
        if (!sha1)
            r.problem(finding::kCmsMalformed, sha1.error().message);
        else
            judgePkcs7Sha1Signature(s.contents, *sha1, extra, o, r);
    } else if (subFilter == "/adbe.x509.rsa_sha1") {
        judgeX509RsaSha1Signature(s.contents, s.certificates, digester, extra, o, r);
    } else {
        r.problem(finding::kUnsupportedSubFilter,
                  "unsupported /SubFilter " + (subFilter.empty() ? std::string("(missing)") : subFilter));
    }
}

// ---- Phase 4: later revisions -------------------------------------------------------------

void reviewLaterRevisions(OpenedFile& f, const SignedRevision& s, SignatureReport& r)
{
    std::vector<pdf::Explanation> all;
    std::set<std::string> exhausted;
    auto steps = f.stepsAfter(s.range.revision);
    if (!steps) {
        all.push_back({pdf::ModificationLevel::Other, false, modification::kRevisionUnreadable, steps.error().message});
    } else {
        for (auto it = (*steps)->upper_bound(s.range.revision); it != (*steps)->end(); ++it) {
            all.insert(all.end(), it->second.explanations.begin(), it->second.explanations.end());
            exhausted.insert(it->second.exhausted.begin(), it->second.exhausted.end());
        }
    }
    for (const auto& b : exhausted)
        r.problem(finding::kWalkBudgetExhausted, "the walk of " + b + " ran out");
    std::set<std::tuple<std::string_view, std::string, bool>> seen;
    std::set<std::string> remarked;
    for (auto& e : all) {
        if (e.remark) {
            if (remarked.insert(e.text).second) r.remark(e.code, std::move(e.text));
            continue;
        }
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

SignatureReport judgeSignature(OpenedFile& f, const SigField& field, const VerifyOptions& o)
{
    SignatureReport r;
    r.field = field.name;
    TrustInputs extra = f.dss;
    pdf::takeExhaustedBudgets(); // (left by an earlier signature that stopped early)
    QPDFObjectHandle vFinal;
    auto read = guarded("reading a signature", [&] {
        vFinal = !field.raw.isInitialized() ? f.doc->qpdf().getObjectByObjGen(field.value) : field.raw;
        if (vFinal.getKey("/SubFilter").isName()) r.subFilter = vFinal.getKey("/SubFilter").getName();
    });
    const bool docTs = r.subFilter == "/ETSI.RFC3161";
    r.kind = docTs ? "document time-stamp" : "signature";
    for (const auto& p : f.problems)
        r.problems.push_back(p);
    if (field.found == finding::kSignatureUnreachable)
        r.problem(finding::kSignatureUnreachable,
                  "a signature dictionary that the document's form does not reach (an orphaned revision, a broken "
                  "/Prev chain, a field removed from /Fields): viewers may not show this signature");
    else if (field.found == finding::kSignatureValueDirect)
        r.problem(finding::kSignatureValueDirect,
                  "the signature field's value is a direct dictionary, which cannot be located in a revision");
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
    for (const auto& u : f.dss.unreadable)
        r.remark(finding::kRevocationEvidenceUnreadable, "unreadable revocation evidence: " + u);
    verifySignatureValue(f, s, r.subFilter, extra, o, r);
    reviewLaterRevisions(f, s, r);
    for (const auto& b : pdf::takeExhaustedBudgets())
        r.problem(finding::kWalkBudgetExhausted, "the walk of " + b + " ran out");
    f.release(s.range.revision);
    return r;
}

SignatureReport verifySignature(OpenedFile& f, const SigField& field, const VerifyOptions& o)
{
    SignatureReport r = judgeSignature(f, field, o);
    finishPdfSignatureReport(r);
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
    if (opened.stopped) return report;
    for (const SigField& field : opened.fields)
        report.signatures.push_back(verifySignature(opened, field, o));
    if (report.signatures.empty())
        report.problems.push_back({std::string(finding::kNoSignatures), "the document has no signatures"});
    return report;
}

} // namespace sandi::crypto
