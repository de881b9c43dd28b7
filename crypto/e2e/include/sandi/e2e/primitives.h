// SPDX-License-Identifier: GPL-3.0-or-later
// The E2E protocol's primitives, all from libsodium: X25519, Ed25519,
// HMAC-SHA-256, HKDF-SHA-256 (RFC 5869 over libsodium's HMAC), XChaCha20-Poly1305.
// Keys are generated from an injected Random so tests are deterministic.
#pragma once

#include "sandi/core/random.h"
#include "sandi/core/result.h"
#include "sandi/core/secure_buffer.h"
#include "sandi/e2e/encoding.h"

#include <array>
#include <cstddef>
#include <span>

namespace sandi::e2e {

inline constexpr std::size_t kPublicKeyBytes = 32;   // X25519 and Ed25519 public keys
inline constexpr std::size_t kSecretKeyBytes = 32;   // X25519 secret, Ed25519 seed, chain/root/header keys
inline constexpr std::size_t kSignatureBytes = 64;   // Ed25519
inline constexpr std::size_t kAeadKeyBytes = 32;     // XChaCha20-Poly1305
inline constexpr std::size_t kAeadNonceBytes = 24;
inline constexpr std::size_t kAeadTagBytes = 16;

using PublicKey = std::array<std::byte, kPublicKeyBytes>;
using Signature = std::array<std::byte, kSignatureBytes>;

// A 32-byte secret, wiped when destroyed or moved from, copied only on purpose
// (clone). Kept inline, not in sodium_malloc's guarded pages: a device holds
// thousands of ratchet keys, and each guarded allocation costs three locked pages.
class SecretKey final {
public:
    SecretKey() noexcept = default;
    ~SecretKey() { crypto::secureWipe(m_bytes); }
    SecretKey(const SecretKey&) = delete;
    SecretKey& operator=(const SecretKey&) = delete;
    SecretKey(SecretKey&& other) noexcept : m_bytes(other.m_bytes) { crypto::secureWipe(other.m_bytes); }
    SecretKey& operator=(SecretKey&& other) noexcept
    {
        if (this != &other) {
            m_bytes = other.m_bytes;
            crypto::secureWipe(other.m_bytes);
        }
        return *this;
    }
    static SecretKey fromBytes(std::span<const std::byte> b); // aborts unless 32 bytes
    static SecretKey random(crypto::Random& rng);
    [[nodiscard]] SecretKey clone() const { return fromBytes(bytes()); }
    [[nodiscard]] std::span<const std::byte> bytes() const noexcept { return m_bytes; }
    std::span<std::byte> mutableBytes() noexcept { return m_bytes; }

private:
    std::array<std::byte, kSecretKeyBytes> m_bytes{};
};

struct DhKeyPair {
    PublicKey publicKey{};
    SecretKey secretKey;
    static DhKeyPair generate(crypto::Random& rng);
    [[nodiscard]] DhKeyPair clone() const { return {publicKey, secretKey.clone()}; }
};

// A device's identity: an Ed25519 key pair (its public key is what the device
// certificate binds). For X3DH its X25519 form is used (RFC 7748 birational map).
struct IdentityKeyPair {
    PublicKey publicKey{};
    SecretKey seed;
    static IdentityKeyPair generate(crypto::Random& rng);
    static Result<IdentityKeyPair> fromSeed(std::span<const std::byte> seed);
    [[nodiscard]] Signature sign(std::span<const std::byte> message) const;
    [[nodiscard]] Result<SecretKey> dhSecret() const;
    [[nodiscard]] IdentityKeyPair clone() const { return {publicKey, seed.clone()}; }
};

[[nodiscard]] bool verifySignature(const PublicKey& signer, std::span<const std::byte> message, const Signature& signature);
// The X25519 form of an Ed25519 public key; fails for keys that are not on the curve.
Result<PublicKey> dhPublicOf(const PublicKey& identity);
// X25519; fails when the result is all zero (a low-order peer key).
Result<SecretKey> dh(const SecretKey& secret, const PublicKey& peer);

std::array<std::byte, 32> hmacSha256(std::span<const std::byte> key, std::span<const std::byte> data);
// RFC 5869 HKDF-SHA-256 into `out` (at most 255 × 32 bytes).
void hkdfSha256(std::span<const std::byte> salt, std::span<const std::byte> ikm, std::string_view info, std::span<std::byte> out);
// One step of a symmetric-key chain (the Double Ratchet's KDF_CK, also the sender-key
// chain): message key = HMAC(chain, 0x01), chain ← HMAC(chain, 0x02).
SecretKey chainStep(SecretKey& chain);

// XChaCha20-Poly1305 (IETF). Decryption never returns unauthenticated plaintext.
Bytes aeadEncrypt(std::span<const std::byte> key, std::span<const std::byte> nonce, std::span<const std::byte> ad,
                  std::span<const std::byte> plaintext);
Result<Bytes> aeadDecrypt(std::span<const std::byte> key, std::span<const std::byte> nonce, std::span<const std::byte> ad,
                          std::span<const std::byte> ciphertext);

inline std::span<const std::byte> asBytes(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }

} // namespace sandi::e2e
