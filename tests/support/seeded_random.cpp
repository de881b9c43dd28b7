// SPDX-License-Identifier: GPL-3.0-or-later
#include "seeded_random.h"

#include <sodium.h>

#include <array>
#include <cstring>

namespace sandi::test {

SeededRandom::SeededRandom(std::uint64_t seed) noexcept : m_seed(seed) {}

void SeededRandom::fill(std::span<std::byte> out)
{
    // Each call draws from a fresh ChaCha20 stream keyed by (seed, call counter).
    std::array<unsigned char, randombytes_SEEDBYTES> key{};
    std::memcpy(key.data(), &m_seed, sizeof m_seed);
    std::memcpy(key.data() + sizeof m_seed, &m_counter, sizeof m_counter);
    ++m_counter;
    if (out.empty()) return; // (libsodium declares the pointer non-null)
    randombytes_buf_deterministic(out.data(), out.size(), key.data());
}

} // namespace sandi::test
