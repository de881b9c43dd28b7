// SPDX-License-Identifier: GPL-3.0-or-later
// QR codes: encoding a stamp's record (libqrencode) and finding the codes on a rendered
// page (zbar), with where each sits.
#pragma once

#include "sandi/core/result.h"
#include "sandi/pades/pades.h"
#include "sandi/visual/image.h"

#include <string>
#include <string_view>
#include <vector>

namespace sandi::client::visual {

inline constexpr std::size_t kMaxQrTextBytes = 1024;
inline constexpr std::size_t kMaxQrCodesPerPage = 64;

// The QR code of `text` (byte mode, error correction level M).
Result<crypto::QrModules> encodeQr(std::string_view text);

// The encoder sandi_pades' signer calls for a QR-marked stamp: the record of the facts.
crypto::StampQrEncoder stampQrEncoder();

struct FoundQr {
    std::string text;
    PixelBox box; // the pixels its corners span
};
// The QR codes zbar finds in `image` (at most kMaxQrCodesPerPage).
Result<std::vector<FoundQr>> findQrCodes(const GreyImage& image);

} // namespace sandi::client::visual
