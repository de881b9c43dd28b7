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

// Does the annotation show anything, on screen or on paper? Hidden (bit 2) hides it from
// both; NoView (bit 6) only from the screen, so with Print (bit 3) it is visible on paper.
// Flags that are not a 32-bit integer, like a /Rect that is not four numbers, are
// malformed: never read as invisible.
bool isVisible(QPDFObjectHandle annot)
{
    const auto [w, h] = rectSize(annot);
    QPDFObjectHandle f = annot.getKey("/F");
    if (f.isNull()) return w * h > 0.5;
    if (!f.isInteger()) return true;
    const long long v = f.getIntValue();
    if (v < -2147483648LL || v > 4294967295LL) return true;
    const auto flags = static_cast<unsigned long long>(v) & 0xFFFFFFFFULL;
    const bool hidden = (flags & 2) != 0, print = (flags & 4) != 0, noView = (flags & 32) != 0;
    if (hidden || (noView && !print)) return false;
    return w * h > 0.5;
}

// A comment draws beyond an icon when it shows an appearance stream, or opens (/Open
// true: its text shown in a window), over more than an icon's area.
bool drawsBeyondAnIcon(QPDFObjectHandle annot)
{
    const bool open = annot.getKey("/Open").isBool() && annot.getKey("/Open").getBoolValue();
    if ((annot.getKey("/AP").isNull() && !open) || !isVisible(annot)) return false;
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
            if (k == "/StructParents" && c.after.getKey("/StructParents").isInteger()) {
                // The page's key into the structure tree's parent tree: tagging, drawn nowhere.
                out.push_back({ModificationLevel::FormFilling, true, modification::kStructureTreeUpdated,
                               "page " + std::to_string(p->second) + ": /StructParents (tagging) set"});
                continue;
            }
            if (k != "/Annots") {
                out.push_back({ModificationLevel::Other, false, modification::kPageChanged,
                               "page " + std::to_string(p->second) + ": " + k + " changed"});
                continue;
            }
            QPDFObjectHandle before = c.before.getKey("/Annots"), after = c.after.getKey("/Annots");
            if (before.isIndirect() && after.isIndirect() && before.getObjGen() == after.getObjGen())
                continue; // the array object is compared on its own
            explainAnnotsChange(revs, before, after, p->second, out);
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
        explainAnnotsChange(revs, c.before, c.after, a->second, out);
        return true;
    }
};

} // namespace

void explainAnnotsChange(const RevisionPair& revs, QPDFObjectHandle before, QPDFObjectHandle after, int page,
                         std::vector<Explanation>& out)
{
    const std::string onPage = " on page " + std::to_string(page);
    auto added = appendedItems(before, after);
    if (!added) {
        out.push_back({ModificationLevel::Other, false, modification::kAnnotationsRemoved,
                       "annotations of page " + std::to_string(page) + " were removed or reordered"});
        return;
    }
    for (QPDFObjectHandle a : *added) {
        if (!a.isDictionary()) {
            out.push_back({ModificationLevel::Other, false, modification::kAnnotationAdded,
                           "new annotation " + a.unparse() + " that is not a dictionary" + onPage});
            continue;
        }
        const std::string subtype = a.getKey("/Subtype").isName() ? a.getKey("/Subtype").getName() : "(none)";
        // A widget is a signature widget only as part of a signature field: named (/T,
        // its own or its parent's), valued, or listed in the form. One that is none of
        // these is an annotation that looks like one.
        const bool inField =
            a.isIndirect() && (hasFieldName(a) || !a.getKey("/V").isNull() || revs.inLaterForm(a.getObjGen()));
        if (hasActions(a)) {
            // New behaviour (a link, JavaScript, a submit) is never part of an allowed change.
            out.push_back(
                {ModificationLevel::Other, false, modification::kActionAdded,
                 std::string("new ").append(subtype).append(" annotation with an action (/A, /AA)").append(onPage)});
        } else if (isSignatureWidget(a) && inField) {
            // A visible appearance drawn after certification can say anything (the sneaky
            // signature attack) unless it is the appearance of a signature, verified on its
            // own, whose signer answers for it: then it is how a DocMDP P=2 or P=3 document
            // is signed. After approval signatures any is how co-signers sign.
            if (isVisible(a))
                out.push_back({ModificationLevel::FormFilling, isNewSignature(revs, a),
                               modification::kSignatureWidgetAdded, "visible signature appearance" + onPage});
            else if (isDocTimestampField(a) || isDocTimestampField(a.getKey("/Parent")))
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
