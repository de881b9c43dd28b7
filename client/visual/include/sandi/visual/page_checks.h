// SPDX-License-Identifier: GPL-3.0-or-later
// The checks that look at rendered pages, after verifyPdf has judged the objects:
//  - the visual comparison: for each signature followed by later revisions, the pages of
//    the signed revision and of the final document rendered at a low resolution and
//    compared (VISUAL_DIFFERENCE, a change: allowed only where every different pixel lies
//    inside an annotation a later revision added, such as a new signature's widget);
//  - QR-marked stamps: every page rendered at a resolution zbar reads, every QR code
//    found, and each Sandi record checked against the signature whose widget rectangle
//    holds it (QR_STAMP_MATCHED, QR_STAMP_MISMATCH, QR_STAMP_WITHOUT_SIGNATURE, ...).
// Bounded: pages, file size and a time budget per file; what is skipped is a remark
// (PAGES_NOT_CHECKED). docs/auditor-guide.md describes the findings.
#pragma once

#include "sandi/pades/pdf_layout.h"
#include "sandi/sign/validation.h"

#include <chrono>
#include <cstddef>
#include <span>
#include <vector>

namespace sandi::client::visual {

inline constexpr double kCompareDpi = 40;   // greyscale: enough to see a changed word, cheap to render
inline constexpr double kQrDpi = 200;       // a stamp's QR code has modules of about 1 pt: 2.8 pixels each
inline constexpr int kMaxCheckedPages = 50; // per file and check
inline constexpr std::size_t kMaxCheckedFileBytes = std::size_t{256} * 1024 * 1024;
inline constexpr std::chrono::milliseconds kPageCheckBudget{20'000}; // per file

struct PageCheckOptions {
    bool compareRevisions = true; // the visual comparison (only signatures with later revisions)
    bool checkQrStamps = false;   // render every page at kQrDpi and check the QR codes on it
    // Render and compare every page, also those whose drawing is the same objects as when
    // signed (pdf_layout.h, PageChanges::mayDiffer): slower; against a renderer that reads
    // the file differently from qpdf.
    bool renderUnchangedPages = false;
    int maxPages = kMaxCheckedPages;
    std::size_t maxFileBytes = kMaxCheckedFileBytes;
    std::chrono::milliseconds budget = kPageCheckBudget;
};

// A page that looks different in the final document than in a signature's revision.
struct VisualDifference {
    std::size_t signature = 0; // index into the signatures
    int page = 0;              // 0-based
    crypto::PdfRect box;       // the different area, in the page's user space
    bool allowed = false;
};

struct PageCheckOutcome {
    std::vector<crypto::Finding> problems; // about the file (QR_STAMP_WITHOUT_SIGNATURE)
    std::vector<crypto::Finding> remarks;  // about the file (PAGES_NOT_CHECKED, QR_CODE_FOREIGN)
    std::vector<VisualDifference> differences;
};

// Adds the findings to `signatures` (verifyPdf's reports of `pdf`, in its order): changes,
// problems (a disallowed difference or a mismatched stamp invalidates the signature) and
// remarks. Never throws; a file poppler cannot open gets a remark.
PageCheckOutcome checkPages(std::span<const std::byte> pdf, std::vector<crypto::SignatureReport>& signatures,
                            const PageCheckOptions& options);

} // namespace sandi::client::visual
