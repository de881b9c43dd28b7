// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/client/display_text.h"

#include <array>
#include <cstdint>
#include <cstdio>

namespace sandi::client {
namespace {

std::string hexEscape(char prefix, std::uint32_t value, int digits)
{
    std::array<char, 12> buf{};
    std::snprintf(buf.data(), buf.size(), digits == 2 ? "\\%c%02x" : "\\%c%04x", prefix, value);
    return buf.data();
}

bool hidden(std::uint32_t cp) noexcept
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// The length of the UTF-8 sequence at `s[i]` and its code point; 0 when it is not one
// (overlong, a surrogate, beyond U+10FFFF, or cut short).
std::size_t decode(std::string_view s, std::size_t i, std::uint32_t& cp) noexcept
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t min = 0;
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    if ((b0 & 0xE0U) == 0xC0U) {
        n = 2;
        cp = b0 & 0x1FU;
        min = 0x80;
    } else if ((b0 & 0xF0U) == 0xE0U) {
        n = 3;
        cp = b0 & 0x0FU;
        min = 0x800;
    } else if ((b0 & 0xF8U) == 0xF0U) {
        n = 4;
        cp = b0 & 0x07U;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0U) != 0x80U) return 0;
        cp = (cp << 6U) | (b & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

} // namespace

std::string escapeForDisplay(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t cp = 0;
        const std::size_t n = decode(text, i, cp);
        if (n == 0) {
            out += hexEscape('x', static_cast<unsigned char>(text[i]), 2);
            ++i;
            continue;
        }
        if (cp == '\\')
            out += "\\\\";
        else if (cp < 0x20 || cp == 0x7F)
            out += hexEscape('x', cp, 2);
        else if (hidden(cp))
            out += hexEscape('u', cp, 4);
        else
            out.append(text.substr(i, n));
        i += n;
    }
    return out;
}

} // namespace sandi::client
