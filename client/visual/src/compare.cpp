// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/visual/compare.h"

#include <algorithm>
#include <cstdlib>

namespace sandi::client::visual {
namespace {

void grow(PixelBox& b, int x, int y) noexcept
{
    if (b.empty()) {
        b = {x, y, x + 1, y + 1};
        return;
    }
    b = {std::min(b.x0, x), std::min(b.y0, y), std::max(b.x1, x + 1), std::max(b.y1, y + 1)};
}

} // namespace

std::optional<PageDifference> compareRenderings(const GreyImage& before, const GreyImage& after,
                                                std::span<const PixelBox> allowed, const CompareTolerance& tolerance)
{
    PageDifference d;
    if (before.width != after.width || before.height != after.height) {
        d.sizeChanged = true;
        d.box = {0, 0, after.width, after.height};
        d.pixels = static_cast<std::size_t>(after.width) * static_cast<std::size_t>(after.height);
        d.outsideBox = d.box;
        d.pixelsOutsideAllowed = d.pixels;
        return d;
    }
    const std::size_t n = before.pixels.size();
    if (after.pixels.size() != n) return std::nullopt;
    for (int y = 0; y < after.height; ++y) {
        const std::size_t row = static_cast<std::size_t>(y) * static_cast<std::size_t>(after.width);
        for (int x = 0; x < after.width; ++x) {
            const std::size_t i = row + static_cast<std::size_t>(x);
            if (std::abs(int{before.pixels[i]} - int{after.pixels[i]}) <= tolerance.greyLevels) continue;
            ++d.pixels;
            grow(d.box, x, y);
            if (std::none_of(allowed.begin(), allowed.end(), [&](const PixelBox& b) { return b.contains(x, y); })) {
                ++d.pixelsOutsideAllowed;
                grow(d.outsideBox, x, y);
            }
        }
    }
    if (d.pixels < tolerance.minDifferentPixels) return std::nullopt;
    if (d.pixelsOutsideAllowed < tolerance.minDifferentPixels) {
        d.pixelsOutsideAllowed = 0;
        d.outsideBox = {};
    }
    return d;
}

} // namespace sandi::client::visual
