// SPDX-License-Identifier: GPL-3.0-or-later
// The layout facts of pdf_layout.h, read with the same field walker as the verifier so
// that the signatures come in the same order and with the same names.
#include "sandi/pades/pdf_layout.h"

#include "form.h"
#include "pdf_internal.h"
#include "sandi/pki/x509.h"

#include <algorithm>
#include <map>
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

} // namespace

Result<PdfLayout> pdfLayout(std::span<const std::byte> pdfBytes)
{
    SANDI_ASSIGN(doc, Document::open(pdfBytes, "PDF"));
    PdfLayout layout;
    layout.revisionEnds = pdf::revisionEnds(pdfBytes);
    std::map<std::size_t, std::string> ids; // signed revision end → its /ID[0]
    SANDI_TRY(guarded("reading the signatures' layout", [&] {
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
            QPDFObjectHandle br = doc.qpdf().getObjectByObjGen(f.value).getKey("/ByteRange");
            if (br.isArray() && br.getArrayNItems() == 4 && br.getArrayItem(2).isInteger() &&
                br.getArrayItem(3).isInteger() && br.getArrayItem(2).getIntValue() >= 0 &&
                br.getArrayItem(3).getIntValue() >= 0) {
                const auto end = static_cast<unsigned long long>(br.getArrayItem(2).getIntValue()) +
                                 static_cast<unsigned long long>(br.getArrayItem(3).getIntValue());
                if (end <= pdfBytes.size()) s.signedEnd = static_cast<std::size_t>(end);
            }
            for (std::size_t e : layout.revisionEnds)
                if (e < s.signedEnd) s.base = std::max(s.base, e);
            layout.signatures.push_back(std::move(s));
        }
    }));
    // The signed revision's own trailer holds the /ID its update wrote.
    for (SignatureLayout& s : layout.signatures) {
        if (s.signedEnd == 0) continue;
        auto known = ids.find(s.signedEnd);
        if (known == ids.end()) {
            std::string id;
            if (s.signedEnd == pdfBytes.size()) {
                (void)guarded("reading /ID", [&] { id = firstId(doc); });
            } else if (auto rev = Document::open(pdfBytes.first(s.signedEnd), "revision")) {
                (void)guarded("reading /ID", [&] { id = firstId(*rev); });
            }
            known = ids.emplace(s.signedEnd, id).first;
        }
        s.documentId = known->second;
    }
    return layout;
}

Result<std::vector<PageRect>> annotationsAddedAfter(std::span<const std::byte> pdfBytes, std::size_t end)
{
    if (end > pdfBytes.size()) return fail(ErrorCode::InvalidArgument, "revision end outside the file");
    SANDI_ASSIGN(final, Document::open(pdfBytes, "PDF"));
    SANDI_ASSIGN(signedRevision, Document::open(pdfBytes.first(end), "revision"));
    std::vector<PageRect> out;
    SANDI_TRY(guarded("comparing annotations", [&] {
        auto before = pdf::pages(signedRevision);
        auto after = pdf::pages(final);
        for (std::size_t p = 0; p < after.size(); ++p) {
            std::set<QPDFObjGen> old;
            if (p < before.size()) {
                QPDFObjectHandle annots = before[p].getKey("/Annots");
                for (int i = 0; annots.isArray() && i < annots.getArrayNItems() && i < pdf::kMaxFieldNodes; ++i)
                    if (annots.getArrayItem(i).isIndirect()) old.insert(annots.getArrayItem(i).getObjGen());
            }
            QPDFObjectHandle annots = after[p].getKey("/Annots");
            for (int i = 0; annots.isArray() && i < annots.getArrayNItems() && i < pdf::kMaxFieldNodes; ++i) {
                QPDFObjectHandle a = annots.getArrayItem(i);
                if (a.isIndirect() && old.contains(a.getObjGen())) continue;
                const PdfRect r = rectOf(a);
                if (!r.empty()) out.push_back({static_cast<int>(p), r});
            }
        }
    }));
    return out;
}

} // namespace sandi::crypto
