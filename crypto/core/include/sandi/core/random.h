// SPDX-License-Identifier: GPL-3.0-or-later
// The one source of randomness. Code that needs randomness takes a Random& so
// tests can inject a deterministic one.
#pragma once

#include <cstddef>
#include <span>

namespace sandi::crypto {

class Random {
  public:
    virtual ~Random() = default;
    virtual void fill(std::span<std::byte> out) = 0;
};

// The operating system's CSPRNG through libsodium (randombytes_buf). OpenSSL's
// own key generation uses its DRBG, seeded by the same kernel source.
class SystemRandom final : public Random {
  public:
    void fill(std::span<std::byte> out) override;
};

} // namespace sandi::crypto
