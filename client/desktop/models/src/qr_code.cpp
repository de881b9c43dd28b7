// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/qr_code.h"

#include <qrencode.h>

#include <memory>

namespace sandi::desktop {

Result<QImage> qrCodeImage(const QByteArray& payload, int moduleSize)
{
    if (payload.isEmpty() || payload.size() > kMaxQrPayloadBytes || moduleSize < 1 || moduleSize > 64)
        return fail(ErrorCode::InvalidArgument, "a QR code needs 1 to 1024 bytes and a module size of 1 to 64 pixels");
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(static_cast<int>(payload.size()), reinterpret_cast<const unsigned char*>(payload.constData()),
                          0, QR_ECLEVEL_M),
        &QRcode_free);
    if (!code) return fail(ErrorCode::Crypto, "libqrencode could not encode the payload");
    const int modules = code->width + 2 * kQrQuietZoneModules;
    QImage image(modules * moduleSize, modules * moduleSize, QImage::Format_RGB32);
    image.fill(Qt::white);
    const QRgb black = qRgb(0, 0, 0);
    for (int y = 0; y < code->width; ++y)
        for (int x = 0; x < code->width; ++x) {
            if ((code->data[y * code->width + x] & 1U) == 0) continue;
            const int px = (x + kQrQuietZoneModules) * moduleSize;
            const int py = (y + kQrQuietZoneModules) * moduleSize;
            for (int dy = 0; dy < moduleSize; ++dy)
                for (int dx = 0; dx < moduleSize; ++dx)
                    image.setPixel(px + dx, py + dy, black);
        }
    return image;
}

} // namespace sandi::desktop
