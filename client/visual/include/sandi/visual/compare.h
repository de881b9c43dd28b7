// SPDX-License-Identifier: GPL-3.0-or-later
// Comparing two renderings of one page (the signed revision's and the final document's),
// as the EU DSS visual comparison does: pixels whose grey levels differ by more than a
// tolerance (anti-aliasing differs by a few levels at most between identical drawings)
// count, and a page differs when enough of them do.
#pragma once

#include "sandi/visual/image.h"

#include <cstddef>
#include <optional>
#include <span>

namespace sandi::client::visual {

struct CompareTolerance {
    int greyLevels = 48;                // a pixel differs when |a − b| exceeds this (of 255)
    std::size_t minDifferentPixels = 2; // fewer different pixels than this: the same page
};

struct PageDifference {
    std::size_t pixels = 0; // different pixels
    PixelBox box;           // their bounding box
    // The different pixels outside every `allowed` box, and their bounding box (empty when none).
    std::size_t pixelsOutsideAllowed = 0;
    PixelBox outsideBox;
    bool sizeChanged = false; // the renderings differ in size: the whole page counts as changed
};

// Nothing when the renderings are the same within the tolerance.
std::optional<PageDifference> compareRenderings(const GreyImage& before, const GreyImage& after,
                                                std::span<const PixelBox> allowed,
                                                const CompareTolerance& tolerance = {});

} // namespace sandi::client::visual
