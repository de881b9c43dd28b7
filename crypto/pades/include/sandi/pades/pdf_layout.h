// SPDX-License-Identifier: GPL-3.0-or-later
// Where a PDF's signatures are, for the checks that look at pages (client/visual: the
// QR-marked stamps and the visual comparison of revisions): each signature's widget page
// and rectangle, the revision it signs and the one before it, and the annotations added
// after a revision. Facts read from the structure only: verifyPdf judges the signatures.
#pragma once

#include "sandi/core/result.h"

#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace sandi::crypto {

// A rectangle in a page's default user space, normalised: x0 <= x1, y0 <= y1 (points).
struct PdfRect {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    [[nodiscard]] bool empty() const noexcept { return !(x1 > x0) || !(y1 > y0); }
    [[nodiscard]] bool contains(double x, double y) const noexcept { return x >= x0 && x <= x1 && y >= y0 && y <= y1; }
};

struct SignatureLayout {
    std::string field; // the field's full name, as SignatureReport::field
    int page = -1;     // 0-based page whose /Annots lists its widget; -1 when none does
    PdfRect rect;      // the widget's /Rect (empty for an invisible signature)
    // From /ByteRange (0 when it is not four plain integers): the end of the signed revision.
    std::size_t signedEnd = 0;
    // The end of the revision before the signature's own update (the largest revision end
    // below signedEnd; 0 when none): the stamp record's `base` hashes the bytes before it.
    std::size_t base = 0;
    std::string reason;   // the signature dictionary's /Reason (UTF-8; the signer's words, unchecked)
    std::string location; // its /Location
    // /ID[0] of the signed revision's trailer, upper-case hex ("" when it has none);
    // pdfLayout fills it, PdfPages::layout leaves it to PdfPages::documentIdAt.
    std::string documentId;
};

struct PdfLayout {
    std::vector<SignatureLayout> signatures; // in the order verifyPdf reports them
    std::vector<std::size_t> revisionEnds;
    std::size_t pages = 0;
};

Result<PdfLayout> pdfLayout(std::span<const std::byte> pdf);

struct PageRect {
    int page = 0; // 0-based
    PdfRect rect;
};

// What the revisions after the one ending at `end` did to the pages, for the visual
// comparison: the annotations added (their /Rect) and which pages may look different
// apart from those annotations.
struct PageChanges {
    // Annotations on the final document's pages that the same page (by position) of the
    // revision did not list (signature widgets, comments, anything a later revision
    // added), and those it listed that changed (a form field filled in: the old and the
    // new rectangle). Whether the change is allowed is the modification rules' verdict.
    std::vector<PageRect> addedAnnotations;
    // Per page of the final document: false when everything that draws it is the same
    // object, defined by the same bytes, as in the revision — the page dictionary (but
    // /Annots), what it inherits, every object its contents, resources and old
    // annotations reach, the catalog's /OCProperties and the AcroForm's /NeedAppearances
    // and /DR — and its old annotations come first in the same order; only annotations
    // appended to /Annots are new. Such a page renders as before but inside the new
    // annotations' rectangles, and the comparison skips it. True otherwise, and for a
    // page the revision does not have at that position.
    std::vector<bool> mayDiffer;
    std::size_t revisionPages = 0; // the revision's page count
};
Result<PageChanges> pageChangesAfter(std::span<const std::byte> pdf, std::size_t end);

// What PdfPages::open reads of each signature up front.
enum class LayoutRead {
    Everything, // its field, widget and dictionary (reason, location, signedEnd, base)
    // Its field and widget only (field, page, rect): readSignature(i) reads the dictionary
    // when asked (a signature dictionary holds the signature value, often the largest
    // object of the file; the visual comparison needs those of earlier signatures only).
    Widgets,
};

// The file parsed once (and each revision asked about once) for the several questions
// the page checks ask; the bytes must outlive it.
class PdfPages final {
  public:
    static Result<PdfPages> open(std::span<const std::byte> pdf, LayoutRead read = LayoutRead::Everything);
    PdfPages(PdfPages&&) noexcept;
    PdfPages& operator=(PdfPages&&) noexcept;
    PdfPages(const PdfPages&) = delete;
    PdfPages& operator=(const PdfPages&) = delete;
    ~PdfPages();

    [[nodiscard]] const PdfLayout& layout() const noexcept; // without documentId
    // Reads layout().signatures[i]'s dictionary if open() left it (LayoutRead::Widgets);
    // once: a second call gives the first one's outcome.
    Status readSignature(std::size_t i);
    // /ID[0] (upper-case hex) of the trailer of the revision ending at `end`; "" if none.
    std::string documentIdAt(std::size_t end);
    Result<PageChanges> changesAfter(std::size_t end);

  private:
    struct Impl;
    explicit PdfPages(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace sandi::crypto
