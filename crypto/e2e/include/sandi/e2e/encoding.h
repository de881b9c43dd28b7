// SPDX-License-Identifier: GPL-3.0-or-later
// The one binary encoding of the E2E protocol (docs/protocol.md, "Encoding"):
// big-endian integers, byte strings prefixed with a u32 length, fixed-size fields
// as they are. The reader checks every length against what is left and a limit.
#pragma once

#include "sandi/core/result.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sandi::e2e {

using Bytes = std::vector<std::byte>;

inline constexpr std::size_t kMaxFieldBytes = 64 * 1024 * 1024;

// Whether `s` is well-formed UTF-8 (RFC 3629: shortest forms, no surrogates, ≤ U+10FFFF).
[[nodiscard]] bool isUtf8(std::span<const std::byte> s) noexcept;

class Writer {
public:
    void u8(std::uint8_t v) { m_out.push_back(static_cast<std::byte>(v)); }
    void u16(std::uint16_t v);
    void u32(std::uint32_t v);
    void u64(std::uint64_t v);
    void fixed(std::span<const std::byte> b) { m_out.insert(m_out.end(), b.begin(), b.end()); }
    void bytes(std::span<const std::byte> b); // u32 length, then the bytes
    void string(std::string_view s) { bytes(std::as_bytes(std::span(s.data(), s.size()))); }
    [[nodiscard]] const Bytes& data() const& noexcept { return m_out; }
    Bytes&& take() && noexcept { return std::move(m_out); }

private:
    Bytes m_out;
};

class Reader {
public:
    explicit Reader(std::span<const std::byte> in, std::string_view what) : m_in(in), m_what(what) {}
    Result<std::uint8_t> u8();
    Result<std::uint16_t> u16();
    Result<std::uint32_t> u32();
    Result<std::uint64_t> u64();
    Result<std::span<const std::byte>> fixed(std::size_t n);
    template <std::size_t N>
    Result<std::array<std::byte, N>> array()
    {
        SANDI_ASSIGN(s, fixed(N));
        std::array<std::byte, N> out{};
        std::copy(s.begin(), s.end(), out.begin());
        return out;
    }
    Result<Bytes> bytes(std::size_t maxBytes = kMaxFieldBytes);
    // `bytes` that must be UTF-8 (refused otherwise).
    Result<std::string> string(std::size_t maxBytes = kMaxFieldBytes);
    // Fails unless every byte was read.
    Status end() const;
    [[nodiscard]] std::size_t remaining() const noexcept { return m_in.size() - m_pos; }

private:
    Error truncated() const;
    std::span<const std::byte> m_in;
    std::size_t m_pos = 0;
    std::string m_what;
};

} // namespace sandi::e2e
