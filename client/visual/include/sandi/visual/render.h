// SPDX-License-Identifier: GPL-3.0-or-later
// Rendering a PDF's pages with poppler (poppler-cpp): the whole file or the revision that
// ends at a given byte, greyscale, at a chosen resolution. Bounded: the file size, the
// resolution and the pixels of one page have named limits.
#pragma once

#include "sandi/core/result.h"
#include "sandi/visual/image.h"

#include <cstddef>
#include <memory>
#include <span>

namespace sandi::client::visual {

inline constexpr std::size_t kMaxRenderedFileBytes = std::size_t{512} * 1024 * 1024; // poppler takes an int length
inline constexpr double kMaxRenderDpi = 600;
inline constexpr std::size_t kMaxPagePixels = std::size_t{40} * 1000 * 1000; // 40 MP: 6.6 m² at 36 dpi, A4 at 600

struct RenderedPage {
    GreyImage image;
    PageGeometry geometry;
};

// A document poppler opened over bytes the caller keeps alive.
class PageRenderer final {
  public:
    static Result<PageRenderer> open(std::span<const std::byte> pdf);
    PageRenderer(PageRenderer&&) noexcept;
    PageRenderer& operator=(PageRenderer&&) noexcept;
    PageRenderer(const PageRenderer&) = delete;
    PageRenderer& operator=(const PageRenderer&) = delete;
    ~PageRenderer();

    [[nodiscard]] int pages() const noexcept;
    // Page `index` (0-based) at `dpi`, greyscale, anti-aliased.
    Result<RenderedPage> render(int index, double dpi) const;
    // Its geometry alone (no rendering).
    Result<PageGeometry> geometry(int index, double dpi) const;

  private:
    struct Impl;
    explicit PageRenderer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace sandi::client::visual
