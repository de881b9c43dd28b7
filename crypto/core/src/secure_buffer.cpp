// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/core/secure_buffer.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <utility>

namespace sandi::crypto {

void initialise()
{
    // sodium_init is thread-safe and returns 1 when already initialised.
    if (sodium_init() < 0) std::abort();
}

SecureBuffer::SecureBuffer(std::size_t size)
{
    initialise();
    // sodium_malloc(0) is valid but returns a guarded region; keep one byte for chars().
    void* p = sodium_malloc(size + 1);
    if (p == nullptr) std::abort();
    std::memset(p, 0, size + 1);
    m_data = static_cast<std::byte*>(p);
    m_size = size;
}

SecureBuffer SecureBuffer::fromBytes(std::span<const std::byte> bytes)
{
    SecureBuffer b(bytes.size());
    if (!bytes.empty()) std::memcpy(b.m_data, bytes.data(), bytes.size());
    return b;
}

SecureBuffer SecureBuffer::fromString(std::string_view text)
{
    return fromBytes(std::as_bytes(std::span(text.data(), text.size())));
}

SecureBuffer::~SecureBuffer()
{
    if (m_data != nullptr) sodium_free(m_data); // wipes before freeing
}

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0))
{
}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept
{
    if (this != &other) {
        if (m_data != nullptr) sodium_free(m_data);
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

void SecureBuffer::truncate(std::size_t newSize) noexcept
{
    if (newSize < m_size) {
        sodium_memzero(m_data + newSize, m_size - newSize);
        m_size = newSize;
    }
}

bool constantTimeEqual(std::span<const std::byte> a, std::span<const std::byte> b) noexcept
{
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void secureWipe(std::span<std::byte> bytes) noexcept
{
    if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
}

} // namespace sandi::crypto
