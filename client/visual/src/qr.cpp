// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/visual/qr.h"

#include "sandi/visual/stamp_record.h"

#include <qrencode.h>
#include <zbar.h>

#include <algorithm>
#include <climits>
#include <memory>

namespace sandi::client::visual {

Result<crypto::QrModules> encodeQr(std::string_view text)
{
    if (text.empty() || text.size() > kMaxQrTextBytes)
        return fail(ErrorCode::InvalidArgument, "a QR code holds 1 to 1024 bytes here");
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                          QR_ECLEVEL_M),
        &QRcode_free);
    if (!code) return fail(ErrorCode::InvalidArgument, "libqrencode cannot encode the stamp record");
    crypto::QrModules m;
    m.size = code->width;
    const auto n = static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width);
    m.dark.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        m.dark[i] = static_cast<std::uint8_t>(code->data[i] & 1U);
    return m;
}

crypto::StampQrEncoder stampQrEncoder()
{
    return [](const crypto::StampQrFacts& f) -> Result<crypto::QrModules> {
        StampRecord r;
        r.signer = f.signer;
        r.nip = f.nip;
        r.time = std::chrono::floor<std::chrono::seconds>(f.signingTime);
        r.documentId = f.documentId;
        r.base = f.base;
        return encodeQr(formatStampRecord(r));
    };
}

Result<std::vector<FoundQr>> findQrCodes(const GreyImage& image)
{
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() != static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height))
        return fail(ErrorCode::InvalidArgument, "not an image");
    std::unique_ptr<zbar::zbar_image_scanner_t, decltype(&zbar::zbar_image_scanner_destroy)> scanner(
        zbar::zbar_image_scanner_create(), &zbar::zbar_image_scanner_destroy);
    std::unique_ptr<zbar::zbar_image_t, decltype(&zbar::zbar_image_destroy)> img(zbar::zbar_image_create(),
                                                                                 &zbar::zbar_image_destroy);
    if (!scanner || !img) return fail(ErrorCode::Unsupported, "zbar cannot start");
    zbar::zbar_image_scanner_set_config(scanner.get(), zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
    zbar::zbar_image_scanner_set_config(scanner.get(), zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
    zbar::zbar_image_set_format(img.get(), zbar_fourcc('Y', '8', '0', '0'));
    zbar::zbar_image_set_size(img.get(), static_cast<unsigned>(image.width), static_cast<unsigned>(image.height));
    zbar::zbar_image_set_data(img.get(), image.pixels.data(), image.pixels.size(), nullptr); // not owned
    if (zbar::zbar_scan_image(scanner.get(), img.get()) < 0) return fail(ErrorCode::Unsupported, "zbar failed to scan");
    std::vector<FoundQr> out;
    for (const zbar::zbar_symbol_t* s = zbar::zbar_image_first_symbol(img.get());
         s != nullptr && out.size() < kMaxQrCodesPerPage; s = zbar::zbar_symbol_next(s)) {
        if (zbar::zbar_symbol_get_type(s) != zbar::ZBAR_QRCODE) continue;
        const char* data = zbar::zbar_symbol_get_data(s);
        const unsigned length = zbar::zbar_symbol_get_data_length(s);
        FoundQr q;
        q.text.assign(data, std::min<std::size_t>(length, kMaxQrTextBytes));
        const unsigned points = zbar::zbar_symbol_get_loc_size(s);
        q.box = {INT_MAX, INT_MAX, INT_MIN, INT_MIN};
        for (unsigned i = 0; i < points; ++i) {
            const int x = zbar::zbar_symbol_get_loc_x(s, i);
            const int y = zbar::zbar_symbol_get_loc_y(s, i);
            q.box = {std::min(q.box.x0, x), std::min(q.box.y0, y), std::max(q.box.x1, x + 1),
                     std::max(q.box.y1, y + 1)};
        }
        if (points == 0) q.box = {};
        out.push_back(std::move(q));
    }
    return out;
}

} // namespace sandi::client::visual
