// SPDX-License-Identifier: GPL-3.0-or-later
// The layout facts of pdf_layout.h, read with the same field walker as the verifier so
// that the signatures come in the same order and with the same names.
#include "sandi/pades/pdf_layout.h"

#include "form.h"
#include "pdf_internal.h"
#include "sandi/pki/x509.h"

#include <qpdf/QPDFXRefEntry.hh>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace sandi::crypto {
namespace {

using pdf::Document;
using pdf::guarded;

constexpr int kMaxWidgetKids = 1000;
constexpr std::size_t kMaxLayoutSignatures = 1000;

PdfRect rectOf(QPDFObjectHandle annot)
{
    QPDFObjectHandle r = annot.getKey("/Rect");
    if (!r.isArray() || r.getArrayNItems() != 4) return {};
    std::array<double, 4> v{};
    for (int i = 0; i < 4; ++i) {
        QPDFObjectHandle n = r.getArrayItem(i);
        if (!n.isNumber()) return {};
        v[static_cast<std::size_t>(i)] = n.getNumericValue();
    }
    return {std::min(v[0], v[2]), std::min(v[1], v[3]), std::max(v[0], v[2]), std::max(v[1], v[3])};
}

struct Field {
    std::string name;
    QPDFObjGen value;
    QPDFObjectHandle node; // the field dictionary (a merged widget, or the parent of its widgets)
};

// The signed fields, as verifyPdf finds them (pades_verify.cpp, signatureFields).
std::vector<Field> signedFields(Document& doc)
{
    std::vector<Field> out;
    std::set<QPDFObjGen> seen;
    auto add = [&](QPDFObjectHandle f, const std::string& name) {
        if (pdf::fieldType(f) != "/Sig") return;
        QPDFObjectHandle v = f.getKey("/V");
        if (!v.isIndirect()) return;
        if (seen.insert(v.getObjGen()).second) out.push_back({name, v.getObjGen(), f});
    };
    pdf::forEachCandidateSignatureField(doc, add);
    return out;
}

std::string hexOf(const std::string& bytes)
{
    return hexUpper({reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()});
}

std::string firstId(Document& doc)
{
    QPDFObjectHandle id = doc.trailer().getKey("/ID");
    if (!id.isArray() || id.getArrayNItems() < 1 || !id.getArrayItem(0).isString()) return {};
    return hexOf(id.getArrayItem(0).getStringValue());
}

// Whether objects of two revisions of one file are the same: the same object number,
// defined by the same bytes (the same cross-reference entry, and for an object in an
// object stream the same stream, itself the same), and so is every object it reaches.
// Objects defined by the same bytes parse alike, as long as what the parse depends on is
// the same too (a stream's /Length, an object stream's dictionary: both are reached) and
// qpdf repaired nothing, so such an object is read in the later revision alone: the earlier one is parsed only for
// what was rewritten (a page dictionary gaining /Annots, the catalog, the AcroForm),
// compared structurally. An object found the same in one question is remembered for the
// next (a font every page uses is walked once). Within a node budget per question (past
// it: not the same, so the page is rendered).
class SameObjects {
  public:
    SameObjects(Document& before, Document& after)
        : m_after(after), m_before(before.xrefTable()), m_afterXref(after.xrefTable())
    {
    }

    bool values(QPDFObjectHandle a, QPDFObjectHandle b)
    {
        return question([&] { return same(a, b, kNoSkip); });
    }

    // An annotation, with what it reaches but its page (/P) and its field's parent.
    bool annotation(QPDFObjectHandle a, QPDFObjectHandle b)
    {
        return question([&] { return same(a, b, kAnnotationSkip); });
    }

    // A page: its dictionary but /Annots, what it inherits, and its annotations of the
    // earlier revision first and unchanged in the later one.
    bool page(QPDFObjectHandle a, QPDFObjectHandle b)
    {
        return question([&] {
            if (!a.isIndirect() || !b.isIndirect() || a.getObjGen() != b.getObjGen()) return false;
            if (!same(a, b, kPageSkip, true)) return false;
            QPDFObjectHandle pa = a.getKey("/Parent"), pb = b.getKey("/Parent");
            for (int depth = 0; depth < kMaxInheritDepth; ++depth) {
                if (pa.isNull() && pb.isNull()) break;
                if (!pa.isDictionary() || !pb.isDictionary()) return false;
                for (const char* key : {"/Resources", "/MediaBox", "/CropBox", "/Rotate"})
                    if (!same(pa.getKey(key), pb.getKey(key), kNoSkip)) return false;
                pa = pa.getKey("/Parent");
                pb = pb.getKey("/Parent");
            }
            QPDFObjectHandle annA = a.getKey("/Annots"), annB = b.getKey("/Annots");
            const int nA = annA.isArray() ? annA.getArrayNItems() : 0;
            const int nB = annB.isArray() ? annB.getArrayNItems() : 0;
            if (nA > nB) return false;
            for (int i = 0; i < nA; ++i)
                if (!same(annA.getArrayItem(i), annB.getArrayItem(i), kAnnotationSkip)) return false;
            return true;
        });
    }

  private:
    using Skip = std::set<std::string>;
    static constexpr int kMaxInheritDepth = 64;
    static constexpr std::size_t kMaxNodes = 20000;
    inline static const Skip kNoSkip{};
    inline static const Skip kAnnotationSkip{"/P", "/Parent"};
    inline static const Skip kPageSkip{"/Annots", "/Parent"};

    // Each question starts afresh: an object is taken for the same while its walk is under
    // way (a cycle), and remembered only when the whole question found it the same (a
    // failed walk stops at once, and its half-visited objects are forgotten). Nothing is
    // remembered from a question that leaned on an object walked with keys skipped.
    template <class Walk> bool question(Walk walk)
    {
        m_walked.clear();
        m_partial.clear();
        m_leanedOnPartial = false;
        m_nodes = 0;
        const bool ok = walk();
        if (ok && !m_leanedOnPartial) m_same.insert(m_walked.begin(), m_walked.end());
        return ok;
    }

    bool entrySame(QPDFObjGen og)
    {
        const auto a = m_before.find(og), b = m_afterXref.find(og);
        if (a == m_before.end() || b == m_afterXref.end()) return false;
        if (a->second.getType() != b->second.getType()) return false;
        if (a->second.getType() == 1) return a->second.getOffset() == b->second.getOffset();
        if (a->second.getType() == 2)
            return a->second.getObjStreamNumber() == b->second.getObjStreamNumber() &&
                   a->second.getObjStreamIndex() == b->second.getObjStreamIndex() &&
                   entrySame(QPDFObjGen(a->second.getObjStreamNumber(), 0));
        return false;
    }

    // `object` (of the later revision, indirect) is defined by the same bytes in both, and
    // so is everything it reaches (but through the keys `skip` of its own dictionary).
    bool unchanged(QPDFObjectHandle object, const Skip& skip)
    {
        const QPDFObjGen og = object.getObjGen();
        if (m_same.contains(og) || m_walked.contains(og)) return true;
        if (m_partial.contains(og)) {
            m_leanedOnPartial = true;
            return true;
        }
        if (m_changed.contains(og)) return false;
        if (!entrySame(og)) {
            m_changed.insert(og);
            return false;
        }
        (skip.empty() ? m_walked : m_partial).insert(og);
        if (const auto e = m_afterXref.find(og); e != m_afterXref.end() && e->second.getType() == 2) {
            // Its object stream's dictionary (/Length, /Extends) decides how it parses.
            QPDFObjectHandle container =
                m_after.qpdf().getObjectByObjGen(QPDFObjGen(e->second.getObjStreamNumber(), 0));
            if (!unchanged(container, kNoSkip)) return false;
        }
        // A parse qpdf had to repair (a stream's /Length that does not fit its data, now
        // replaced by the length found) is no longer what the bytes say: nothing of a final
        // document that needed any repair is taken for the same.
        return reachesUnchanged(object, skip) && m_after.warnings() == 0;
    }

    // Every object that the value `v` (its direct part) refers to is unchanged.
    bool reachesUnchanged(QPDFObjectHandle v, const Skip& skip)
    {
        if (++m_nodes > kMaxNodes) return false;
        auto item = [&](QPDFObjectHandle x) {
            return x.isIndirect() ? unchanged(x, kNoSkip) : reachesUnchanged(x, kNoSkip);
        };
        if (v.isArray()) {
            for (QPDFObjectHandle x : v.aitems())
                if (!item(x)) return false;
            return true;
        }
        if (v.isDictionary() || v.isStream()) {
            for (auto [key, x] : (v.isStream() ? v.getDict() : v).ditems())
                if (!skip.contains(key) && !item(x)) return false;
        }
        return true;
    }

    // `a` of the earlier revision and `b` of the later one. `topLevel`: they are the page
    // dictionaries themselves, compared key by key even when the dictionary was rewritten
    // (a page gaining /Annots is).
    bool same(QPDFObjectHandle a, QPDFObjectHandle b, const Skip& skip, bool topLevel = false)
    {
        if (++m_nodes > kMaxNodes) return false;
        if (a.isIndirect() != b.isIndirect()) return false;
        if (a.isIndirect() && !topLevel) return a.getObjGen() == b.getObjGen() && unchanged(b, skip);
        if (a.getTypeCode() != b.getTypeCode()) return false;
        if (a.isArray()) {
            if (a.getArrayNItems() != b.getArrayNItems()) return false;
            for (int i = 0; i < a.getArrayNItems(); ++i)
                if (!same(a.getArrayItem(i), b.getArrayItem(i), kNoSkip)) return false;
            return true;
        }
        if (a.isDictionary() || a.isStream()) {
            QPDFObjectHandle da = a.isStream() ? a.getDict() : a, db = b.isStream() ? b.getDict() : b;
            for (auto [key, x] : da.ditems())
                if (!skip.contains(key) && !same(x, db.getKey(key), kNoSkip)) return false;
            for (auto [key, x] : db.ditems())
                if (!skip.contains(key) && !da.hasKey(key) && !same(QPDFObjectHandle::newNull(), x, kNoSkip))
                    return false;
            // A stream's data is part of its object's bytes, which entrySame compared (a
            // rewritten page dictionary is never a stream).
            return !(a.isStream() && topLevel);
        }
        if (a.isString()) return a.getStringValue() == b.getStringValue();
        return a.unparse() == b.unparse();
    }

    Document& m_after;
    std::map<QPDFObjGen, QPDFXRefEntry> m_before, m_afterXref;
    std::set<QPDFObjGen> m_same;              // found the same, with all they reach, by an earlier question
    std::set<QPDFObjGen> m_changed;           // defined by other bytes
    std::set<QPDFObjGen> m_walked, m_partial; // this question's (m_partial: walked with keys skipped)
    bool m_leanedOnPartial = false;
    std::size_t m_nodes = 0;
};

} // namespace

namespace {

// The facts of a signature's dictionary: /Reason, /Location, and from /ByteRange the
// signed revision's end and the revision before it.
void readSignatureValue(Document& doc, QPDFObjGen value, std::span<const std::byte> pdfBytes,
                        const std::vector<std::size_t>& revisionEnds, SignatureLayout& s)
{
    QPDFObjectHandle v = doc.qpdf().getObjectByObjGen(value);
    if (v.getKey("/Reason").isString()) s.reason = v.getKey("/Reason").getUTF8Value();
    if (v.getKey("/Location").isString()) s.location = v.getKey("/Location").getUTF8Value();
    QPDFObjectHandle br = v.getKey("/ByteRange");
    if (br.isArray() && br.getArrayNItems() == 4 && br.getArrayItem(2).isInteger() && br.getArrayItem(3).isInteger() &&
        br.getArrayItem(2).getIntValue() >= 0 && br.getArrayItem(3).getIntValue() >= 0) {
        const auto end = static_cast<unsigned long long>(br.getArrayItem(2).getIntValue()) +
                         static_cast<unsigned long long>(br.getArrayItem(3).getIntValue());
        if (end <= pdfBytes.size()) s.signedEnd = static_cast<std::size_t>(end);
    }
    for (std::size_t e : revisionEnds)
        if (e < s.signedEnd) s.base = std::max(s.base, e);
}

// The layout but the signature dictionaries' facts; `values` gets each field's /V.
PdfLayout readWidgets(Document& doc, std::span<const std::byte> pdfBytes, std::vector<QPDFObjGen>& values)
{
    PdfLayout layout;
    layout.revisionEnds = pdf::revisionEnds(pdfBytes);
    std::vector<QPDFObjectHandle> pages = pdf::pages(doc);
    layout.pages = pages.size();
    std::map<QPDFObjGen, int> widgetPage;
    for (std::size_t p = 0; p < pages.size(); ++p) {
        QPDFObjectHandle annots = pages[p].getKey("/Annots");
        for (int i = 0; annots.isArray() && i < annots.getArrayNItems() && i < pdf::kMaxFieldNodes; ++i) {
            QPDFObjectHandle a = annots.getArrayItem(i);
            if (a.isIndirect()) widgetPage.emplace(a.getObjGen(), static_cast<int>(p));
        }
    }
    for (Field& f : signedFields(doc)) {
        if (layout.signatures.size() >= kMaxLayoutSignatures) break;
        SignatureLayout s;
        s.field = f.name;
        std::vector<QPDFObjectHandle> widgets{f.node};
        QPDFObjectHandle kids = f.node.getKey("/Kids");
        for (int i = 0; kids.isArray() && i < kids.getArrayNItems() && i < kMaxWidgetKids; ++i)
            widgets.push_back(kids.getArrayItem(i));
        for (QPDFObjectHandle w : widgets) {
            auto it = w.isIndirect() ? widgetPage.find(w.getObjGen()) : widgetPage.end();
            if (it == widgetPage.end()) continue;
            s.page = it->second;
            s.rect = rectOf(w);
            break;
        }
        values.push_back(f.value);
        layout.signatures.push_back(std::move(s));
    }
    return layout;
}

PageChanges readChanges(Document& signedRevision, Document& final)
{
    PageChanges out;
    SameObjects same(signedRevision, final);
    auto before = pdf::pages(signedRevision);
    auto after = pdf::pages(final);
    out.revisionPages = before.size();
    QPDFObjectHandle acroBefore = signedRevision.root().getKey("/AcroForm");
    QPDFObjectHandle acroAfter = final.root().getKey("/AcroForm");
    auto acroKey = [](QPDFObjectHandle acro, const std::string& key) {
        return acro.isDictionary() ? acro.getKey(key) : QPDFObjectHandle::newNull();
    };
    const bool documentSame =
        same.values(signedRevision.root().getKey("/OCProperties"), final.root().getKey("/OCProperties")) &&
        same.values(acroKey(acroBefore, "/NeedAppearances"), acroKey(acroAfter, "/NeedAppearances")) &&
        same.values(acroKey(acroBefore, "/DR"), acroKey(acroAfter, "/DR"));
    for (std::size_t p = 0; p < after.size(); ++p) {
        std::map<QPDFObjGen, QPDFObjectHandle> old;
        QPDFObjectHandle oldAnnots = p < before.size() ? before[p].getKey("/Annots") : QPDFObjectHandle::newNull();
        for (int i = 0; oldAnnots.isArray() && i < oldAnnots.getArrayNItems() && i < pdf::kMaxFieldNodes; ++i)
            if (oldAnnots.getArrayItem(i).isIndirect())
                old.emplace(oldAnnots.getArrayItem(i).getObjGen(), oldAnnots.getArrayItem(i));
        QPDFObjectHandle annots = after[p].getKey("/Annots");
        for (int i = 0; annots.isArray() && i < annots.getArrayNItems() && i < pdf::kMaxFieldNodes; ++i) {
            QPDFObjectHandle a = annots.getArrayItem(i);
            auto known = a.isIndirect() ? old.find(a.getObjGen()) : old.end();
            if (known != old.end()) {
                if (same.annotation(known->second, a)) continue;
                // Changed (a form field filled in, an appearance replaced): where it was, too.
                const PdfRect was = rectOf(known->second);
                if (!was.empty()) out.addedAnnotations.push_back({static_cast<int>(p), was});
            }
            const PdfRect r = rectOf(a);
            if (!r.empty()) out.addedAnnotations.push_back({static_cast<int>(p), r});
        }
        out.mayDiffer.push_back(!documentSame || p >= before.size() || !same.page(before[p], after[p]));
    }
    return out;
}

} // namespace

struct PdfPages::Impl {
    std::span<const std::byte> bytes;
    std::unique_ptr<Document> final;
    PdfLayout layout;
    std::vector<QPDFObjGen> values;                // each signature's /V
    std::vector<std::optional<Status>> valuesRead; // per signature: read (and how it went), or not yet
    std::map<std::size_t, Result<std::unique_ptr<Document>>> revisions;

    Result<Document*> revision(std::size_t end)
    {
        if (end == bytes.size()) return final.get();
        auto it = revisions.find(end);
        if (it == revisions.end()) {
            auto d = Document::open(bytes.first(end), "revision");
            Result<std::unique_ptr<Document>> entry =
                d ? Result<std::unique_ptr<Document>>(std::make_unique<Document>(std::move(*d)))
                  : fail(std::move(d).error());
            it = revisions.emplace(end, std::move(entry)).first;
        }
        if (!it->second) return fail(it->second.error());
        return it->second->get();
    }
};

PdfPages::PdfPages(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
PdfPages::PdfPages(PdfPages&&) noexcept = default;
PdfPages& PdfPages::operator=(PdfPages&&) noexcept = default;
PdfPages::~PdfPages() = default;

Result<PdfPages> PdfPages::open(std::span<const std::byte> pdfBytes, LayoutRead read)
{
    SANDI_ASSIGN(doc, Document::open(pdfBytes, "PDF"));
    auto impl = std::make_unique<Impl>();
    impl->bytes = pdfBytes;
    impl->final = std::make_unique<Document>(std::move(doc));
    SANDI_TRY(guarded("reading the signatures' layout",
                      [&] { impl->layout = readWidgets(*impl->final, pdfBytes, impl->values); }));
    impl->valuesRead.resize(impl->values.size());
    PdfPages pages(std::move(impl));
    if (read == LayoutRead::Everything)
        for (std::size_t i = 0; i < pages.layout().signatures.size(); ++i)
            SANDI_TRY(pages.readSignature(i));
    return pages;
}

Status PdfPages::readSignature(std::size_t i)
{
    if (i >= m_impl->values.size()) return fail(ErrorCode::InvalidArgument, "no such signature in the layout");
    auto& done = m_impl->valuesRead[i];
    if (!done)
        done = guarded("reading the signatures' layout", [&] {
            readSignatureValue(*m_impl->final, m_impl->values[i], m_impl->bytes, m_impl->layout.revisionEnds,
                               m_impl->layout.signatures[i]);
        });
    return *done;
}

const PdfLayout& PdfPages::layout() const noexcept
{
    return m_impl->layout;
}

std::string PdfPages::documentIdAt(std::size_t end)
{
    if (end == 0 || end > m_impl->bytes.size()) return {};
    auto rev = m_impl->revision(end);
    std::string id;
    if (rev) (void)guarded("reading /ID", [&] { id = firstId(**rev); });
    return id;
}

Result<PageChanges> PdfPages::changesAfter(std::size_t end)
{
    if (end > m_impl->bytes.size()) return fail(ErrorCode::InvalidArgument, "revision end outside the file");
    SANDI_ASSIGN(rev, m_impl->revision(end));
    PageChanges out;
    SANDI_TRY(guarded("comparing the pages' objects", [&] { out = readChanges(*rev, *m_impl->final); }));
    return out;
}

Result<PdfLayout> pdfLayout(std::span<const std::byte> pdfBytes)
{
    SANDI_ASSIGN(pages, PdfPages::open(pdfBytes));
    PdfLayout layout = pages.layout();
    for (SignatureLayout& s : layout.signatures)
        s.documentId = pages.documentIdAt(s.signedEnd);
    return layout;
}

Result<PageChanges> pageChangesAfter(std::span<const std::byte> pdfBytes, std::size_t end)
{
    SANDI_ASSIGN(pages, PdfPages::open(pdfBytes));
    return pages.changesAfter(end);
}

} // namespace sandi::crypto
