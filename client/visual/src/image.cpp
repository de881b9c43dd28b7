// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/visual/image.h"

#include <algorithm>
#include <cmath>

namespace sandi::client::visual {

// /Rotate turns the page clockwise for display: at 90 the user space's left edge is the
// rendering's top, at 180 its top is the bottom, at 270 its right edge is the top.
// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a point (x, y) in, a point out
void PageGeometry::toPixel(double x, double y, double& px, double& py) const noexcept
{
    const double s = dpi / 72.0;
    const crypto::PdfRect& c = cropBox;
    switch (rotation) {
    case 90:
        px = (y - c.y0) * s;
        py = (x - c.x0) * s;
        break;
    case 180:
        px = (c.x1 - x) * s;
        py = (y - c.y0) * s;
        break;
    case 270:
        px = (c.y1 - y) * s;
        py = (c.x1 - x) * s;
        break;
    default:
        px = (x - c.x0) * s;
        py = (c.y1 - y) * s;
    }
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a point (px, py) in, a point out
void PageGeometry::toUser(double px, double py, double& x, double& y) const noexcept
{
    const double s = 72.0 / dpi;
    const crypto::PdfRect& c = cropBox;
    switch (rotation) {
    case 90:
        x = c.x0 + py * s;
        y = c.y0 + px * s;
        break;
    case 180:
        x = c.x1 - px * s;
        y = c.y0 + py * s;
        break;
    case 270:
        x = c.x1 - py * s;
        y = c.y1 - px * s;
        break;
    default:
        x = c.x0 + px * s;
        y = c.y1 - py * s;
    }
}

PixelBox PageGeometry::toPixels(const crypto::PdfRect& r) const noexcept
{
    double ax = 0, ay = 0, bx = 0, by = 0;
    toPixel(r.x0, r.y0, ax, ay);
    toPixel(r.x1, r.y1, bx, by);
    auto lo = [](double a, double b) { return static_cast<int>(std::clamp(std::floor(std::min(a, b)), -1e9, 1e9)); };
    auto hi = [](double a, double b) { return static_cast<int>(std::clamp(std::ceil(std::max(a, b)), -1e9, 1e9)); };
    return {lo(ax, bx), lo(ay, by), hi(ax, bx), hi(ay, by)};
}

crypto::PdfRect PageGeometry::toUser(const PixelBox& b) const noexcept
{
    double ax = 0, ay = 0, bx = 0, by = 0;
    toUser(b.x0, b.y0, ax, ay);
    toUser(b.x1, b.y1, bx, by);
    return {std::min(ax, bx), std::min(ay, by), std::max(ax, bx), std::max(ay, by)};
}

} // namespace sandi::client::visual
