// SPDX-License-Identifier: GPL-3.0-or-later
// Memory for secrets: allocated with sodium_malloc (guard pages, mlock'ed, wiped
// with sodium_free), never copied implicitly.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace sandi::crypto {

// Must be called once before any other function of this library (idempotent,
// thread-safe). Aborts if libsodium cannot be initialised.
void initialise();

class SecureBuffer final {
  public:
    SecureBuffer() noexcept = default;
    // A zero-filled buffer of `size` bytes. Aborts if the allocation fails.
    explicit SecureBuffer(std::size_t size);
    static SecureBuffer fromBytes(std::span<const std::byte> bytes);
    static SecureBuffer fromString(std::string_view text);
    ~SecureBuffer();

    SecureBuffer(const SecureBuffer&) = delete;
    SecureBuffer& operator=(const SecureBuffer&) = delete;
    SecureBuffer(SecureBuffer&& other) noexcept;
    SecureBuffer& operator=(SecureBuffer&& other) noexcept;

    [[nodiscard]] std::byte* data() noexcept { return m_data; }
    [[nodiscard]] const std::byte* data() const noexcept { return m_data; }
    [[nodiscard]] std::size_t size() const noexcept { return m_size; }
    [[nodiscard]] bool empty() const noexcept { return m_size == 0; }
    [[nodiscard]] std::span<std::byte> bytes() noexcept { return {m_data, m_size}; }
    [[nodiscard]] std::span<const std::byte> bytes() const noexcept { return {m_data, m_size}; }
    // For APIs that take a char* passphrase (OpenSSL). Not NUL-terminated unless
    // created with fromString, which adds a hidden terminating NUL.
    [[nodiscard]] const char* chars() const noexcept { return reinterpret_cast<const char*>(m_data); }

    // Shrinks the visible size (the allocation stays; wiped on destruction).
    void truncate(std::size_t newSize) noexcept;

  private:
    std::byte* m_data = nullptr;
    std::size_t m_size = 0;
};

// Constant-time equality for MACs, tags and digests. Different lengths compare
// unequal (the length itself is not secret).
[[nodiscard]] bool constantTimeEqual(std::span<const std::byte> a, std::span<const std::byte> b) noexcept;

// Wipes memory in a way the compiler cannot optimise away.
void secureWipe(std::span<std::byte> bytes) noexcept;

} // namespace sandi::crypto
