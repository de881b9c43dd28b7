// SPDX-License-Identifier: GPL-3.0-or-later
// QR codes (libqrencode) for the safety number, drawn black on white with a quiet zone.
#pragma once

#include "sandi/core/result.h"

#include <QByteArray>
#include <QImage>

namespace sandi::desktop {

inline constexpr int kQrQuietZoneModules = 4; // ISO/IEC 18004's quiet zone
inline constexpr qsizetype kMaxQrPayloadBytes = 1024;

// `payload` as a QR code (byte mode, error correction M), `moduleSize` pixels a module.
Result<QImage> qrCodeImage(const QByteArray& payload, int moduleSize);

} // namespace sandi::desktop
