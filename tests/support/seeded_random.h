// SPDX-License-Identifier: GPL-3.0-or-later
// Deterministic randomness for tests, simulations, fuzz fixtures and the known-answer
// vectors. Test-only: no production library links it. Never use for keys.
#pragma once

#include "sandi/core/random.h"

#include <cstdint>
#include <span>

namespace sandi::test {

// ChaCha20 keyed by (seed, call counter): every fill() draws from a fresh stream whose
// 32-byte key is u64le(seed) ‖ u64le(counter) ‖ 16 zero bytes, through libsodium's
// randombytes_buf_deterministic (ChaCha20-IETF, nonce "LibsodiumDRG"). docs/protocol.md
// ("The test generator") specifies it for independent implementations of the vectors.
class SeededRandom final : public crypto::Random {
  public:
    explicit SeededRandom(std::uint64_t seed) noexcept;
    void fill(std::span<std::byte> out) override;

  private:
    std::uint64_t m_seed;
    std::uint64_t m_counter = 0;
};

} // namespace sandi::test
