// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/e2e/encoding.h"

#include <algorithm>

namespace sandi::e2e {

void Writer::u16(std::uint16_t v)
{
    u8(static_cast<std::uint8_t>(v >> 8U));
    u8(static_cast<std::uint8_t>(v));
}

void Writer::u32(std::uint32_t v)
{
    for (int s = 24; s >= 0; s -= 8)
        u8(static_cast<std::uint8_t>(v >> static_cast<unsigned>(s)));
}

void Writer::u64(std::uint64_t v)
{
    for (int s = 56; s >= 0; s -= 8)
        u8(static_cast<std::uint8_t>(v >> static_cast<unsigned>(s)));
}

void Writer::bytes(std::span<const std::byte> b)
{
    u32(static_cast<std::uint32_t>(b.size()));
    fixed(b);
}

Error Reader::truncated() const
{
    return Error{ErrorCode::InvalidInput, m_what + ": truncated or malformed"};
}

Result<std::span<const std::byte>> Reader::fixed(std::size_t n)
{
    if (n > remaining()) return fail(truncated());
    auto out = m_in.subspan(m_pos, n);
    m_pos += n;
    return out;
}

Result<std::uint8_t> Reader::u8()
{
    SANDI_ASSIGN(b, fixed(1));
    return std::to_integer<std::uint8_t>(b[0]);
}

Result<std::uint16_t> Reader::u16()
{
    SANDI_ASSIGN(b, fixed(2));
    return static_cast<std::uint16_t>((std::to_integer<unsigned>(b[0]) << 8U) | std::to_integer<unsigned>(b[1]));
}

Result<std::uint32_t> Reader::u32()
{
    SANDI_ASSIGN(b, fixed(4));
    std::uint32_t v = 0;
    for (std::byte x : b)
        v = (v << 8U) | std::to_integer<std::uint32_t>(x);
    return v;
}

Result<std::uint64_t> Reader::u64()
{
    SANDI_ASSIGN(b, fixed(8));
    std::uint64_t v = 0;
    for (std::byte x : b)
        v = (v << 8U) | std::to_integer<std::uint64_t>(x);
    return v;
}

Result<Bytes> Reader::bytes(std::size_t maxBytes)
{
    SANDI_ASSIGN(n, u32());
    if (n > maxBytes) return fail(ErrorCode::InvalidInput, m_what + ": a field is longer than allowed");
    SANDI_ASSIGN(b, fixed(n));
    return Bytes(b.begin(), b.end());
}

bool isUtf8(std::span<const std::byte> s) noexcept
{
    // RFC 3629, table 3-7 of the Unicode standard: shortest forms only, no surrogates,
    // nothing above U+10FFFF.
    std::size_t i = 0;
    const auto at = [&](std::size_t k) { return std::to_integer<unsigned>(s[k]); };
    while (i < s.size()) {
        const unsigned c = at(i);
        std::size_t n = 0;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            n = 1;
        else if (c == 0xE0) {
            n = 2;
            lo = 0xA0;
        } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
            n = 2;
        else if (c == 0xED) {
            n = 2;
            hi = 0x9F;
        } else if (c == 0xF0) {
            n = 3;
            lo = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3)
            n = 3;
        else if (c == 0xF4) {
            n = 3;
            hi = 0x8F;
        } else
            return false;
        if (s.size() - i - 1 < n) return false;
        const unsigned second = at(i + 1);
        if (second < lo || second > hi) return false;
        for (std::size_t k = 2; k <= n; ++k)
            if (at(i + k) < 0x80 || at(i + k) > 0xBF) return false;
        i += n + 1;
    }
    return true;
}

Result<std::string> Reader::string(std::size_t maxBytes)
{
    SANDI_ASSIGN(b, bytes(maxBytes));
    if (!isUtf8(b)) return fail(ErrorCode::InvalidInput, m_what + ": a string is not UTF-8");
    return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

Status Reader::end() const
{
    if (remaining() != 0) return fail(ErrorCode::InvalidInput, m_what + ": trailing bytes");
    return {};
}

} // namespace sandi::e2e
