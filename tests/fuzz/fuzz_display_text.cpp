// SPDX-License-Identifier: GPL-3.0-or-later
// escapeForDisplay (client/core display_text.h) on any bytes: the result is valid UTF-8
// with no control character, no bidirectional control and no line separator left.
#include "sandi/client/display_text.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const std::string out = sandi::client::escapeForDisplay(in);
    for (std::size_t i = 0; i < out.size();) {
        const auto b = static_cast<unsigned char>(out[i]);
        if (b < 0x20 || b == 0x7F) std::abort();
        std::size_t n = b < 0x80               ? 1
                        : (b & 0xE0U) == 0xC0U ? 2
                        : (b & 0xF0U) == 0xE0U ? 3
                        : (b & 0xF8U) == 0xF0U ? 4
                                               : 0;
        if (n == 0 || i + n > out.size()) std::abort();
        std::uint32_t cp = n == 1 ? b : b & (0x7FU >> n);
        for (std::size_t k = 1; k < n; ++k) {
            const auto c = static_cast<unsigned char>(out[i + k]);
            if ((c & 0xC0U) != 0x80U) std::abort();
            cp = (cp << 6U) | (c & 0x3FU);
        }
        if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
            (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
            std::abort();
        i += n;
    }
    return 0;
}
