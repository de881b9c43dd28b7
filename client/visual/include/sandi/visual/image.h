// SPDX-License-Identifier: GPL-3.0-or-later
// Rendered pages as plain pixel buffers, and the mapping between their pixels and the
// page's default user space (where /Rect lives).
#pragma once

#include "sandi/pades/pdf_layout.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sandi::client::visual {

// 8-bit greyscale, row-major from the top, no padding.
struct GreyImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
    [[nodiscard]] std::uint8_t at(int x, int y) const
    {
        return pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)];
    }
};

// 8-bit RGB, row-major from the top, no padding (what the HTML report's PNGs hold).
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels; // 3 per pixel
};

// A box of pixels: [x0, x1) × [y0, y1).
struct PixelBox {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    [[nodiscard]] bool contains(int x, int y) const noexcept { return x >= x0 && x < x1 && y >= y0 && y < y1; }
    [[nodiscard]] bool empty() const noexcept { return x1 <= x0 || y1 <= y0; }
    friend bool operator==(const PixelBox&, const PixelBox&) = default;
};

// How a rendering's pixels sit on its page: the crop box (user space), the page's
// /Rotate (0, 90, 180, 270) and the resolution.
struct PageGeometry {
    crypto::PdfRect cropBox;
    int rotation = 0;
    double dpi = 72;
    // A user-space point as a pixel position (fractional), and back.
    void toPixel(double x, double y, double& px, double& py) const noexcept;
    void toUser(double px, double py, double& x, double& y) const noexcept;
    // The pixels a user-space rectangle covers (rounded outwards, not clipped).
    [[nodiscard]] PixelBox toPixels(const crypto::PdfRect& r) const noexcept;
    // The user-space rectangle a pixel box covers.
    [[nodiscard]] crypto::PdfRect toUser(const PixelBox& b) const noexcept;
};

} // namespace sandi::client::visual
