// SPDX-License-Identifier: GPL-3.0-or-later
// A minimal PNG writer (RGB, 8 bits, zlib): the HTML report's pictures, without Qt.
#pragma once

#include "sandi/core/result.h"
#include "sandi/visual/image.h"

#include <cstddef>
#include <vector>

namespace sandi::client::visual {

Result<std::vector<std::byte>> encodePng(const RgbImage& image);

} // namespace sandi::client::visual
