// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/visual/page_checks.h"

#include "sandi/core/digest.h"
#include "sandi/pades/pades_verify.h"
#include "sandi/pki/x509.h"
#include "sandi/visual/compare.h"
#include "sandi/visual/qr.h"
#include "sandi/visual/render.h"
#include "sandi/visual/stamp_record.h"

#include <openssl/objects.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <optional>

namespace sandi::client::visual {
namespace {

using crypto::Finding;
using crypto::Modifications;
using crypto::PdfRect;
using crypto::SignatureReport;
namespace finding = crypto::finding;

using Clock = std::chrono::steady_clock;

std::string pageName(int page)
{
    return "page " + std::to_string(page + 1);
}

std::string areaName(const PdfRect& r)
{
    std::array<char, 96> buf{};
    std::snprintf(buf.data(), buf.size(), "%.0f,%.0f to %.0f,%.0f pt", r.x0, r.y0, r.x1, r.y1);
    return buf.data();
}

std::string lowerHex(std::span<const std::byte> bytes)
{
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string out;
    for (std::byte b : bytes) {
        out += kHex[std::to_integer<unsigned>(b) >> 4U];
        out += kHex[std::to_integer<unsigned>(b) & 0xFU];
    }
    return out;
}

// The layout entry of report `i`: the same index when the names agree (both walk the
// fields the same way), else the first entry with its name.
const crypto::SignatureLayout* layoutOf(const crypto::PdfLayout& layout, const SignatureReport& r, std::size_t i)
{
    if (i < layout.signatures.size() && layout.signatures[i].field == r.field) return &layout.signatures[i];
    for (const auto& s : layout.signatures)
        if (s.field == r.field) return &s;
    return nullptr;
}

void recordDifference(SignatureReport& r, int page, const PdfRect& box, bool allowed)
{
    r.changes.push_back({std::string(crypto::modification::kVisualDifference),
                         pageName(page) + " looks different in the final document than in the signed revision (" +
                             areaName(box) + (allowed ? "), only inside annotations added later" : ")"),
                         allowed});
    if (allowed) {
        if (r.modifications == Modifications::None) r.modifications = Modifications::Allowed;
        return;
    }
    r.modifications = Modifications::Disallowed;
    r.valid = false;
    if (!r.hasProblem(finding::kModifiedAfterSigning))
        r.problem(finding::kModifiedAfterSigning,
                  "the document was modified after signing in a way that is not allowed (its pages look different)");
}

class Budget {
  public:
    explicit Budget(std::chrono::milliseconds limit) : m_end(Clock::now() + limit) {}
    [[nodiscard]] bool spent() const { return Clock::now() > m_end; }

  private:
    Clock::time_point m_end;
};

// The pages of one renderer at one resolution, rendered once.
class PageCache {
  public:
    PageCache(const PageRenderer& renderer, double dpi) : m_renderer(renderer), m_dpi(dpi) {}
    const Result<RenderedPage>& page(int index)
    {
        auto it = m_pages.find(index);
        if (it == m_pages.end()) it = m_pages.emplace(index, m_renderer.render(index, m_dpi)).first;
        return it->second;
    }

  private:
    const PageRenderer& m_renderer;
    double m_dpi;
    std::map<int, Result<RenderedPage>> m_pages;
};

// One signature to compare: where it is, and what its later revisions did to the pages.
struct Comparison {
    std::size_t index = 0;
    const crypto::SignatureLayout* where = nullptr;
    Result<crypto::PageChanges> changes = crypto::PageChanges{};
    // Some page may look different (or the options ask for every page to be rendered).
    [[nodiscard]] bool needsRendering(const PageCheckOptions& o, std::size_t finalPages) const
    {
        if (o.renderUnchangedPages || !changes || changes->revisionPages != finalPages) return true;
        return std::any_of(changes->mayDiffer.begin(), changes->mayDiffer.end(), [](bool b) { return b; });
    }
};

void compareSignature(std::span<const std::byte> pdf, const Comparison& c, SignatureReport& r, PageCache& finalPages,
                      int finalPageCount, const PageCheckOptions& o, const Budget& budget, PageCheckOutcome& out)
{
    const std::size_t index = c.index;
    auto revision = PageRenderer::open(pdf.first(c.where->signedEnd));
    if (!revision) {
        r.remark(finding::kPagesNotChecked,
                 "the signed revision was not compared visually: " + revision.error().message);
        return;
    }
    const std::vector<crypto::PageRect> addedRects =
        c.changes ? c.changes->addedAnnotations : std::vector<crypto::PageRect>{};
    // Pages whose drawing is the same objects as when signed are not rendered (unless asked).
    const std::vector<bool> mayDiffer =
        c.changes && !o.renderUnchangedPages ? c.changes->mayDiffer : std::vector<bool>{};
    PageCache signedPages(*revision, kCompareDpi);
    const int pages = std::max(revision->pages(), finalPageCount);
    const int checked = std::min(pages, o.maxPages);
    if (pages > checked)
        r.remark(finding::kPagesNotChecked, "only the first " + std::to_string(checked) + " of " +
                                                std::to_string(pages) + " pages were compared visually");
    for (int p = 0; p < checked; ++p) {
        if (budget.spent()) {
            r.remark(finding::kPagesNotChecked,
                     "the visual comparison stopped at " + pageName(p) + ": the time budget is spent");
            return;
        }
        if (p >= revision->pages() || p >= finalPageCount) {
            // A page only one of the two has: the object rules report it; here it is a whole-page difference.
            const bool inFinal = p < finalPageCount;
            const auto& g = inFinal ? finalPages.page(p) : signedPages.page(p);
            const PdfRect box = g ? g->geometry.cropBox : PdfRect{};
            recordDifference(r, p, box, false);
            out.differences.push_back({index, p, box, false});
            continue;
        }
        if (static_cast<std::size_t>(p) < mayDiffer.size() && !mayDiffer[static_cast<std::size_t>(p)]) continue;
        const auto& before = signedPages.page(p);
        const auto& after = finalPages.page(p);
        if (!before || !after) {
            r.remark(finding::kPagesNotChecked, pageName(p) + " was not compared visually: " +
                                                    (!before ? before.error().message : after.error().message));
            continue;
        }
        std::vector<PixelBox> allowed;
        for (const auto& a : addedRects) {
            if (a.page != p) continue;
            PixelBox b = after->geometry.toPixels(a.rect);
            allowed.push_back({b.x0 - 1, b.y0 - 1, b.x1 + 1, b.y1 + 1}); // anti-aliasing at the edges
        }
        const auto d = compareRenderings(before->image, after->image, allowed);
        if (!d) continue;
        const bool ok = d->pixelsOutsideAllowed == 0;
        const PdfRect box = after->geometry.toUser(ok ? d->box : d->outsideBox);
        recordDifference(r, p, box, ok);
        out.differences.push_back({index, p, box, ok});
    }
}

struct Expected {
    std::string signer, nip, documentId, base;
    std::optional<crypto::TimePoint> time;
};

Expected expectedRecord(std::span<const std::byte> pdf, crypto::PdfPages& structure,
                        const crypto::SignatureLayout& where, const SignatureReport& r)
{
    Expected e;
    if (r.signerCertificate) {
        e.signer = crypto::subjectAttribute(r.signerCertificate->native(), NID_commonName);
        e.nip = crypto::subjectSerialNumber(r.signerCertificate->native());
    }
    if (r.signingTime) e.time = std::chrono::floor<std::chrono::seconds>(*r.signingTime);
    e.documentId = structure.documentIdAt(where.signedEnd);
    e.base = lowerHex(crypto::digestOf(crypto::Digest::Sha256, pdf.first(where.base)));
    return e;
}

// The fields of `record` that differ from `e` (empty: it matches).
std::vector<std::string> differingFields(const StampRecord& record, const Expected& e)
{
    std::vector<std::string> d;
    if (record.signer != e.signer) d.emplace_back("signer");
    if (record.nip != e.nip) d.emplace_back("nip");
    if (!e.time || record.time != *e.time) d.emplace_back("time");
    if (record.documentId != e.documentId) d.emplace_back("doc");
    if (record.base != e.base) d.emplace_back("base");
    return d;
}

std::string joined(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : ", ") + x;
    return s;
}

void checkQrCodes(std::span<const std::byte> pdf, crypto::PdfPages& structure, const crypto::PdfLayout& layout,
                  std::vector<SignatureReport>& signatures, const PageRenderer& renderer, const PageCheckOptions& o,
                  const Budget& budget, PageCheckOutcome& out)
{
    std::vector<const crypto::SignatureLayout*> where(signatures.size());
    std::vector<std::optional<Expected>> expected(signatures.size());
    for (std::size_t i = 0; i < signatures.size(); ++i)
        where[i] = layoutOf(layout, signatures[i], i);
    auto expectedOf = [&](std::size_t i) -> const Expected& {
        if (!expected[i]) expected[i] = expectedRecord(pdf, structure, *where[i], signatures[i]);
        return *expected[i];
    };
    const int pages = std::min(renderer.pages(), o.maxPages);
    if (renderer.pages() > pages)
        out.remarks.push_back(
            {std::string(finding::kPagesNotChecked), "QR codes were looked for on the first " + std::to_string(pages) +
                                                         " of " + std::to_string(renderer.pages()) + " pages only"});
    for (int p = 0; p < pages; ++p) {
        if (budget.spent()) {
            out.remarks.push_back({std::string(finding::kPagesNotChecked),
                                   "the QR check stopped at " + pageName(p) + ": the time budget is spent"});
            return;
        }
        auto page = renderer.render(p, kQrDpi);
        if (!page) {
            out.remarks.push_back({std::string(finding::kPagesNotChecked),
                                   pageName(p) + " was not searched for QR codes: " + page.error().message});
            continue;
        }
        auto codes = findQrCodes(page->image);
        if (!codes) continue;
        for (const FoundQr& q : *codes) {
            double x = 0, y = 0;
            page->geometry.toUser((q.box.x0 + q.box.x1) / 2.0, (q.box.y0 + q.box.y1) / 2.0, x, y);
            std::optional<std::size_t> holder;
            for (std::size_t i = 0; i < signatures.size() && !holder; ++i)
                if (where[i] && where[i]->page == p && !where[i]->rect.empty() && where[i]->rect.contains(x, y))
                    holder = i;
            const std::string at = pageName(p) + " at " + areaName(page->geometry.toUser(q.box));
            if (!isStampRecord(q.text)) {
                const Finding f{std::string(finding::kQrCodeForeign),
                                "a QR code that is not a Sandi stamp record, on " + at + " (not judged)"};
                if (holder)
                    signatures[*holder].remarks.push_back(f);
                else
                    out.remarks.push_back(f);
                continue;
            }
            auto record = parseStampRecord(q.text);
            if (!record) {
                const std::string text = "a malformed Sandi stamp record on " + at + ": " + record.error().message;
                if (holder) {
                    signatures[*holder].problem(finding::kQrStampMalformed, text);
                    signatures[*holder].valid = false;
                } else {
                    out.problems.push_back({std::string(finding::kQrStampMalformed), text});
                }
                continue;
            }
            // Whose record it is, if any signature of this file.
            std::optional<std::size_t> owner;
            for (std::size_t i = 0; i < signatures.size() && !owner; ++i)
                if (where[i] && differingFields(*record, expectedOf(i)).empty()) owner = i;
            if (!holder) {
                out.problems.push_back({std::string(finding::kQrStampWithoutSignature),
                                        "a Sandi stamp record (signer " + record->signer + ") on " + at +
                                            " outside every signature's rectangle: a stamp without its signature" +
                                            (owner ? " (it is the record of " + signatures[*owner].field + ")" : "")});
                continue;
            }
            SignatureReport& r = signatures[*holder];
            const auto differ = differingFields(*record, expectedOf(*holder));
            if (differ.empty()) {
                r.remark(finding::kQrStampMatched, "the stamp's QR code on " + at + " matches this signature");
                continue;
            }
            r.problem(finding::kQrStampMismatch,
                      "the stamp's QR code on " + at + " does not match this signature (" + joined(differ) + " differ" +
                          (owner ? "; it is the record of signature " + signatures[*owner].field : "") +
                          "): a stamp copied from elsewhere");
            r.valid = false;
        }
    }
}

} // namespace

PageCheckOutcome checkPages(std::span<const std::byte> pdf, std::vector<SignatureReport>& signatures,
                            const PageCheckOptions& o)
{
    PageCheckOutcome out;
    if (!o.compareRevisions && !o.checkQrStamps) return out;
    auto notChecked = [&](const std::string& why) {
        out.remarks.push_back({std::string(finding::kPagesNotChecked), why});
    };
    // A signature that covers the whole document has no later revision: nothing to compare.
    const bool laterRevisions = std::any_of(signatures.begin(), signatures.end(),
                                            [](const SignatureReport& s) { return !s.coversWholeDocument; });
    if (!laterRevisions && !o.checkQrStamps) return out;
    // The QR check needs every signature's dictionary (the stamp record names its revision);
    // the comparison only those of signatures followed by later revisions.
    auto structure =
        crypto::PdfPages::open(pdf, o.checkQrStamps ? crypto::LayoutRead::Everything : crypto::LayoutRead::Widgets);
    if (!structure) {
        if (o.checkQrStamps) notChecked("the pages were not checked: " + structure.error().message);
        return out;
    }
    const crypto::PdfLayout* layout = &structure->layout();
    const std::size_t last = layout->revisionEnds.empty() ? pdf.size() : layout->revisionEnds.back();
    // The layout entry of report `i`, its dictionary read when the verifier did not find
    // that it signs the whole document (such a signature has no later revision).
    auto signedPart = [&](std::size_t i) -> const crypto::SignatureLayout* {
        const auto* w = layoutOf(*layout, signatures[i], i);
        if (w == nullptr || signatures[i].coversWholeDocument) return nullptr;
        const auto at = static_cast<std::size_t>(w - layout->signatures.data());
        if (auto read = structure->readSignature(at); !read) {
            signatures[i].remark(finding::kPagesNotChecked,
                                 "the signed revision was not compared visually: " + read.error().message);
            return nullptr;
        }
        return w;
    };
    std::vector<Comparison> toCompare;
    bool render = o.checkQrStamps;
    if (o.compareRevisions)
        for (std::size_t i = 0; i < signatures.size(); ++i)
            if (const auto* w = signedPart(i); w && w->signedEnd > 0 && w->signedEnd < last) {
                Comparison c{i, w, structure->changesAfter(w->signedEnd)};
                if (c.needsRendering(o, layout->pages)) {
                    render = true;
                    toCompare.push_back(std::move(c));
                }
            }
    if (!render) return out; // no page can look different: nothing to render
    if (pdf.size() > o.maxFileBytes) {
        notChecked("the pages were not checked: the file is larger than " + std::to_string(o.maxFileBytes) + " bytes");
        return out;
    }
    auto renderer = PageRenderer::open(pdf);
    if (!renderer) {
        notChecked("the pages were not checked: " + renderer.error().message);
        return out;
    }
    const Budget budget(o.budget);
    PageCache finalPages(*renderer, kCompareDpi);
    for (const Comparison& c : toCompare)
        compareSignature(pdf, c, signatures[c.index], finalPages, renderer->pages(), o, budget, out);
    if (o.checkQrStamps) checkQrCodes(pdf, *structure, *layout, signatures, *renderer, o, budget, out);
    return out;
}

} // namespace sandi::client::visual
