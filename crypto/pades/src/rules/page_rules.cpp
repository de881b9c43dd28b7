// SPDX-License-Identifier: GPL-3.0-or-later
// Pages and their annotations: new signature widgets, comments, and nothing else.
#include "../modification_policy.h"

#include "sandi/pades/pades_verify.h"

#include <array>
#include <cmath>

namespace sandi::crypto::pdf {
namespace {

// A comment may bring its own appearance (Acrobat draws the note icon) only at icon
// size: an appearance is drawn over the page wherever its /Rect says, so a larger one
// could cover signed content ("evil annotation" with a comment's subtype).
constexpr double kMaxCommentIconPoints = 32;

// The width and height of an annotation's /Rect; a /Rect that is not four numbers reads
// as huge (viewers differ: MuPDF takes the first four items, Poppler ignores it).
std::array<double, 2> rectSize(QPDFObjectHandle annot)
{
    constexpr std::array<double, 2> kMalformed{1e9, 1e9};
    QPDFObjectHandle rect = annot.getKey("/Rect");
    if (!rect.isArray() || rect.getArrayNItems() != 4) return kMalformed;
    for (int i = 0; i < 4; ++i)
        if (!rect.getArrayItem(i).isNumber()) return kMalformed;
    std::array<double, 4> r{};
    for (int i = 0; i < 4; ++i) {
        QPDFObjectHandle v = rect.getArrayItem(i);
        r[static_cast<std::size_t>(i)] = v.isNumber() ? v.getNumericValue() : 0;
    }
    return {std::fabs(r[2] - r[0]), std::fabs(r[3] - r[1])};
}

// Does the annotation show anything on the page? (non-zero area, not hidden / no-view)
bool isVisible(QPDFObjectHandle annot)
{
    const auto [w, h] = rectSize(annot);
    const long long flags = annot.getKey("/F").isInteger() ? annot.getKey("/F").getIntValue() : 0;
    const bool hidden = (flags & 2) != 0 || (flags & 32) != 0; // Hidden, NoView
    return w * h > 0.5 && !hidden;
}

bool drawsBeyondAnIcon(QPDFObjectHandle annot)
{
    if (annot.getKey("/AP").isNull() || !isVisible(annot)) return false;
    const auto [w, h] = rectSize(annot);
    return w > kMaxCommentIconPoints || h > kMaxCommentIconPoints;
}

// A page object: only its /Annots may change (by appending).
class PageRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        const auto p = revs.pages.find(c.og);
        if (p == revs.pages.end()) return false;
        for (const auto& k : changedKeys(c.before, c.after)) {
            if (k != "/Annots") {
                out.push_back({ModificationLevel::Other, false, modification::kPageChanged,
                               "page " + std::to_string(p->second) + ": " + k + " changed"});
                continue;
            }
            QPDFObjectHandle before = c.before.getKey("/Annots"), after = c.after.getKey("/Annots");
            if (before.isIndirect() && after.isIndirect() && before.getObjGen() == after.getObjGen())
                continue; // the array object is compared on its own
            explainAnnotsChange(before, after, p->second, out);
        }
        return true;
    }
};

// An indirect /Annots array of a page.
class AnnotsArrayRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        const auto a = revs.annotArrays.find(c.og);
        if (a == revs.annotArrays.end()) return false;
        explainAnnotsChange(c.before, c.after, a->second, out);
        return true;
    }
};

} // namespace

void explainAnnotsChange(QPDFObjectHandle before, QPDFObjectHandle after, int page, std::vector<Explanation>& out)
{
    const std::string onPage = " on page " + std::to_string(page);
    auto added = appendedItems(before, after);
    if (!added) {
        out.push_back({ModificationLevel::Other, false, modification::kAnnotationsRemoved,
                       "annotations of page " + std::to_string(page) + " were removed or reordered"});
        return;
    }
    for (QPDFObjectHandle a : *added) {
        const std::string subtype = a.getKey("/Subtype").isName() ? a.getKey("/Subtype").getName() : "(none)";
        if (isSignatureWidget(a)) {
            // A visible appearance drawn after certification can say anything (the sneaky
            // signature attack); after approval signatures it is how co-signers sign.
            if (isVisible(a))
                out.push_back({ModificationLevel::FormFilling, false, modification::kSignatureWidgetAdded,
                               "visible signature appearance" + onPage});
            else if (isDocTimestampField(a))
                out.push_back({ModificationLevel::LtaUpdate, true, modification::kSignatureWidgetAdded,
                               "document time-stamp widget" + onPage});
            else
                out.push_back({ModificationLevel::FormFilling, true, modification::kSignatureWidgetAdded,
                               "signature widget" + onPage});
        } else if ((subtype == "/Text" || subtype == "/Popup") && !drawsBeyondAnIcon(a)) {
            out.push_back({ModificationLevel::Annotation, true, modification::kCommentAdded,
                           std::string("comment (").append(subtype).append(" annotation)").append(onPage)});
        } else {
            out.push_back({ModificationLevel::Other, false, modification::kAnnotationAdded,
                           std::string("new ").append(subtype).append(" annotation").append(onPage)});
        }
    }
}

std::unique_ptr<ModificationRule> makePageRule()
{
    return std::make_unique<PageRule>();
}
std::unique_ptr<ModificationRule> makeAnnotsArrayRule()
{
    return std::make_unique<AnnotsArrayRule>();
}

} // namespace sandi::crypto::pdf
