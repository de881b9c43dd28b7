// SPDX-License-Identifier: GPL-3.0-or-later
// poppler-cpp behind the Result interface of render.h. poppler's own messages (about
// damaged files) are silenced: the verifier's report says what matters.
#include "sandi/visual/render.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <climits>
#include <cmath>
#include <cstring>
#include <mutex>

namespace sandi::client::visual {

namespace {

void quiet(const std::string& /*message*/, void* /*closure*/) {}

void silencePoppler()
{
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(quiet, nullptr); });
}

int rotationOf(const poppler::page& p)
{
    switch (p.orientation()) {
    case poppler::page::landscape:
        return 90;
    case poppler::page::upside_down:
        return 180;
    case poppler::page::seascape:
        return 270;
    default:
        return 0;
    }
}

} // namespace

struct PageRenderer::Impl {
    std::unique_ptr<poppler::document> doc;
};

PageRenderer::PageRenderer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
PageRenderer::PageRenderer(PageRenderer&&) noexcept = default;
PageRenderer& PageRenderer::operator=(PageRenderer&&) noexcept = default;
PageRenderer::~PageRenderer() = default;

Result<PageRenderer> PageRenderer::open(std::span<const std::byte> pdf)
{
    silencePoppler();
    if (pdf.size() > kMaxRenderedFileBytes || pdf.size() > static_cast<std::size_t>(INT_MAX))
        return fail(ErrorCode::InvalidInput,
                    "the file is too large to render (" + std::to_string(pdf.size()) + " bytes)");
    auto impl = std::make_unique<Impl>();
    impl->doc.reset(
        poppler::document::load_from_raw_data(reinterpret_cast<const char*>(pdf.data()), static_cast<int>(pdf.size())));
    if (!impl->doc) return fail(ErrorCode::InvalidInput, "poppler cannot open the file to render it");
    if (impl->doc->is_locked())
        return fail(ErrorCode::InvalidInput, "the file is encrypted: its pages are not rendered");
    return PageRenderer(std::move(impl));
}

int PageRenderer::pages() const noexcept
{
    return m_impl->doc->pages();
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a page index and a resolution
Result<PageGeometry> PageRenderer::geometry(int index, double dpi) const
{
    if (index < 0 || index >= pages()) return fail(ErrorCode::InvalidArgument, "no page " + std::to_string(index + 1));
    std::unique_ptr<poppler::page> p(m_impl->doc->create_page(index));
    if (!p) return fail(ErrorCode::InvalidInput, "poppler cannot read page " + std::to_string(index + 1));
    const poppler::rectf box = p->page_rect(poppler::crop_box);
    PageGeometry g;
    g.cropBox = {box.left(), box.top(), box.right(), box.bottom()}; // poppler's rectf: y grows with "bottom"
    if (g.cropBox.y1 < g.cropBox.y0) std::swap(g.cropBox.y0, g.cropBox.y1);
    g.rotation = rotationOf(*p);
    g.dpi = dpi;
    return g;
}

Result<RenderedPage> PageRenderer::render(int index, double dpi) const
{
    if (!(dpi > 0) || dpi > kMaxRenderDpi) return fail(ErrorCode::InvalidArgument, "resolution out of range");
    SANDI_ASSIGN(geometry, this->geometry(index, dpi));
    const double wPt = geometry.cropBox.x1 - geometry.cropBox.x0;
    const double hPt = geometry.cropBox.y1 - geometry.cropBox.y0;
    const double pixels = (wPt * dpi / 72.0) * (hPt * dpi / 72.0);
    if (!(pixels > 0) || pixels > static_cast<double>(kMaxPagePixels))
        return fail(ErrorCode::InvalidInput, "page " + std::to_string(index + 1) + " is too large to render");
    std::unique_ptr<poppler::page> p(m_impl->doc->create_page(index));
    if (!p) return fail(ErrorCode::InvalidInput, "poppler cannot read page " + std::to_string(index + 1));
    poppler::page_renderer renderer;
    renderer.set_image_format(poppler::image::format_gray8);
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    const poppler::image img = renderer.render_page(p.get(), dpi, dpi);
    if (!img.is_valid() || img.format() != poppler::image::format_gray8 || img.width() <= 0 || img.height() <= 0)
        return fail(ErrorCode::InvalidInput, "poppler cannot render page " + std::to_string(index + 1));
    RenderedPage out;
    out.geometry = geometry;
    out.image.width = img.width();
    out.image.height = img.height();
    const auto w = static_cast<std::size_t>(img.width());
    out.image.pixels.resize(w * static_cast<std::size_t>(img.height()));
    const char* data = img.const_data();
    for (int y = 0; y < img.height(); ++y)
        std::memcpy(out.image.pixels.data() + static_cast<std::size_t>(y) * w,
                    data + static_cast<std::size_t>(y) * static_cast<std::size_t>(img.bytes_per_row()), w);
    return out;
}

} // namespace sandi::client::visual
