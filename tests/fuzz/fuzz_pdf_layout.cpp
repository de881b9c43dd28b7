// SPDX-License-Identifier: GPL-3.0-or-later
// The page layout and the page comparison of the visual checks (pdf_layout.h) on arbitrary
// files: the fields and widgets, each signature's dictionary read on demand, what every
// later revision did to the pages, and the revisions' /ID. Replays the PDF verifier's
// seeds and regressions.
#include "sandi/pades/pdf_layout.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi::crypto;
    const auto pdf = std::as_bytes(std::span(data, size));
    auto pages = PdfPages::open(pdf, LayoutRead::Widgets);
    if (!pages) return 0;
    for (std::size_t i = 0; i < pages->layout().signatures.size(); ++i) {
        if (!pages->readSignature(i)) continue;
        const std::size_t end = pages->layout().signatures[i].signedEnd;
        (void)pages->changesAfter(end);
        (void)pages->documentIdAt(end);
    }
    for (std::size_t end : pages->layout().revisionEnds)
        (void)pages->changesAfter(end);
    return 0;
}
