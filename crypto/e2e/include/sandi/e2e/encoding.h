// SPDX-License-Identifier: GPL-3.0-or-later
// The one binary encoding of the E2E protocol (docs/protocol.md, "Encoding"):
// big-endian integers, byte strings prefixed with a u32 length, fixed-size fields
// as they are. The reader checks every length against what is left and a limit.
#pragma once

#include "sandi/core/result.h"
#include "sandi/core/secure_buffer.h"

#include <array>
#include <memory>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sandi::e2e {

// An allocator that wipes what it frees (secureWipe, sodium_memzero): every byte string
// of this library — serialised records with keys, plaintexts, memos with attachment keys,
// the Writer's buffer — is wiped when it is released or grows. (The ciphertexts too: the
// cost is one pass over memory that was just written, and no caller has to choose.)
template <class T, class Base = std::allocator<T>> struct WipingAllocator {
    using value_type = T;
    template <class U> struct rebind {
        using other = WipingAllocator<U, typename std::allocator_traits<Base>::template rebind_alloc<U>>;
    };
    WipingAllocator() noexcept = default;
    template <class U, class B>
    WipingAllocator(const WipingAllocator<U, B>&) noexcept {} // NOLINT(google-explicit-constructor)
    T* allocate(std::size_t n) { return Base{}.allocate(n); }
    void deallocate(T* p, std::size_t n) noexcept
    {
        crypto::secureWipe(std::as_writable_bytes(std::span(p, n)));
        Base{}.deallocate(p, n);
    }
    template <class U, class B> bool operator==(const WipingAllocator<U, B>&) const noexcept { return true; }
};

using Bytes = std::vector<std::byte, WipingAllocator<std::byte>>;

// A copy into a Bytes (from a plain vector that another library returned).
inline Bytes toBytes(std::span<const std::byte> b)
{
    return Bytes(b.begin(), b.end());
}

inline constexpr std::size_t kMaxFieldBytes = std::size_t{64} * 1024 * 1024;

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
    template <std::size_t N> Result<std::array<std::byte, N>> array()
    {
        SANDI_ASSIGN(s, fixed(N));
        std::array<std::byte, N> out{};
        std::copy(s.begin(), s.end(), out.begin());
        return out;
    }
    // A fixed-size key type K (constructible from std::array<std::byte, K::size()>).
    template <class K> Result<K> key()
    {
        SANDI_ASSIGN(a, array<K::size()>());
        return K(a);
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
