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
    for (int s = 24; s >= 0; s -= 8) u8(static_cast<std::uint8_t>(v >> static_cast<unsigned>(s)));
}

void Writer::u64(std::uint64_t v)
{
    for (int s = 56; s >= 0; s -= 8) u8(static_cast<std::uint8_t>(v >> static_cast<unsigned>(s)));
}

void Writer::bytes(std::span<const std::byte> b)
{
    u32(static_cast<std::uint32_t>(b.size()));
    fixed(b);
}

Error Reader::truncated() const { return Error{ErrorCode::InvalidInput, m_what + ": truncated or malformed"}; }

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
    for (std::byte x : b) v = (v << 8U) | std::to_integer<std::uint32_t>(x);
    return v;
}

Result<std::uint64_t> Reader::u64()
{
    SANDI_ASSIGN(b, fixed(8));
    std::uint64_t v = 0;
    for (std::byte x : b) v = (v << 8U) | std::to_integer<std::uint64_t>(x);
    return v;
}

Result<Bytes> Reader::bytes(std::size_t maxBytes)
{
    SANDI_ASSIGN(n, u32());
    if (n > maxBytes) return fail(ErrorCode::InvalidInput, m_what + ": a field is longer than allowed");
    SANDI_ASSIGN(b, fixed(n));
    return Bytes(b.begin(), b.end());
}

Result<std::string> Reader::string(std::size_t maxBytes)
{
    SANDI_ASSIGN(b, bytes(maxBytes));
    return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

Status Reader::end() const
{
    if (remaining() != 0) return fail(ErrorCode::InvalidInput, m_what + ": trailing bytes");
    return {};
}

} // namespace sandi::e2e
