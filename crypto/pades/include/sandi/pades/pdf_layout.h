// SPDX-License-Identifier: GPL-3.0-or-later
// Where a PDF's signatures are, for the checks that look at pages (client/visual: the
// QR-marked stamps and the visual comparison of revisions): each signature's widget page
// and rectangle, the revision it signs and the one before it, and the annotations added
// after a revision. Facts read from the structure only: verifyPdf judges the signatures.
#pragma once

#include "sandi/core/result.h"

#include <array>
#include <cstddef>
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
    // /ID[0] of the signed revision's trailer, upper-case hex ("" when it has none).
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
// The annotations (their /Rect) on the pages of the whole file that the same page of the
// revision ending at `end` does not list: what a later revision added (signature widgets,
// comments). Pages are matched by position.
Result<std::vector<PageRect>> annotationsAddedAfter(std::span<const std::byte> pdf, std::size_t end);

} // namespace sandi::crypto
