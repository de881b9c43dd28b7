// SPDX-License-Identifier: GPL-3.0-or-later
// The E2E protocol's primitives, all from libsodium: X25519, Ed25519,
// HMAC-SHA-256, HKDF-SHA-256 (RFC 5869 over libsodium's HMAC), XChaCha20-Poly1305.
// Keys are generated from an injected Random so tests are deterministic.
#pragma once

#include "sandi/core/random.h"
#include "sandi/core/result.h"
#include "sandi/core/secure_buffer.h"
#include "sandi/e2e/encoding.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstddef>
#include <span>

namespace sandi::e2e {

inline constexpr std::size_t kPublicKeyBytes = 32; // X25519 and Ed25519 public keys
inline constexpr std::size_t kSecretKeyBytes = 32; // X25519 secret, Ed25519 seed, chain/root/header keys
inline constexpr std::size_t kSignatureBytes = 64; // Ed25519
inline constexpr std::size_t kAeadKeyBytes = 32;   // XChaCha20-Poly1305
inline constexpr std::size_t kAeadNonceBytes = 24;
inline constexpr std::size_t kAeadTagBytes = 16;

using Signature = std::array<std::byte, kSignatureBytes>;

// Keys are strong types, one per role (Botan's strong_type is the model): an X25519
// public key cannot be passed where an identity key is expected, a chain key not where a
// header key is. The bytes are reached on purpose (bytes(), fromBytes).

// A 32-byte public key of one role. Compared and ordered by its bytes; a contiguous
// range of bytes, so it converts to std::span<const std::byte> for encoders.
template <class Role> class BasicPublicKey final {
  public:
    BasicPublicKey() noexcept = default; // all zero
    explicit BasicPublicKey(const std::array<std::byte, kPublicKeyBytes>& bytes) noexcept : m_bytes(bytes) {}
    static BasicPublicKey fromBytes(std::span<const std::byte> b) // aborts unless 32 bytes
    {
        if (b.size() != kPublicKeyBytes) std::abort();
        BasicPublicKey k;
        std::copy(b.begin(), b.end(), k.m_bytes.begin());
        return k;
    }
    [[nodiscard]] std::span<const std::byte, kPublicKeyBytes> bytes() const noexcept { return m_bytes; }
    [[nodiscard]] std::span<std::byte, kPublicKeyBytes> mutableBytes() noexcept { return m_bytes; }
    [[nodiscard]] const std::byte* data() const noexcept { return m_bytes.data(); }
    [[nodiscard]] static constexpr std::size_t size() noexcept { return kPublicKeyBytes; }
    [[nodiscard]] auto begin() const noexcept { return m_bytes.begin(); }
    [[nodiscard]] auto end() const noexcept { return m_bytes.end(); }
    friend auto operator<=>(const BasicPublicKey&, const BasicPublicKey&) =
        default; // NOLINT(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>

  private:
    std::array<std::byte, kPublicKeyBytes> m_bytes{};
};

struct IdentityPublicKeyRole; // a device's Ed25519 identity key (bound by its certificate)
struct SigningPublicKeyRole;  // a sender key's Ed25519 signing key
struct DhPublicKeyRole;       // an X25519 public key: prekeys, ephemeral and ratchet keys
using IdentityPublicKey = BasicPublicKey<IdentityPublicKeyRole>;
using SigningPublicKey = BasicPublicKey<SigningPublicKeyRole>;
using DhPublicKey = BasicPublicKey<DhPublicKeyRole>;

// A 32-byte secret of one role, wiped when destroyed or moved from, copied only on
// purpose (clone). Kept inline, not in sodium_malloc's guarded pages: a device holds
// thousands of ratchet keys, and each guarded allocation costs three locked pages.
template <class Role> class BasicSecretKey final {
  public:
    BasicSecretKey() noexcept = default;
    ~BasicSecretKey() { crypto::secureWipe(m_bytes); }
    BasicSecretKey(const BasicSecretKey&) = delete;
    BasicSecretKey& operator=(const BasicSecretKey&) = delete;
    BasicSecretKey(BasicSecretKey&& other) noexcept : m_bytes(other.m_bytes) { crypto::secureWipe(other.m_bytes); }
    BasicSecretKey& operator=(BasicSecretKey&& other) noexcept
    {
        if (this != &other) {
            m_bytes = other.m_bytes;
            crypto::secureWipe(other.m_bytes);
        }
        return *this;
    }
    static BasicSecretKey fromBytes(std::span<const std::byte> b) // aborts unless 32 bytes
    {
        if (b.size() != kSecretKeyBytes) std::abort();
        BasicSecretKey k;
        std::copy(b.begin(), b.end(), k.m_bytes.begin());
        return k;
    }
    static BasicSecretKey random(crypto::Random& rng)
    {
        BasicSecretKey k;
        rng.fill(k.m_bytes);
        return k;
    }
    [[nodiscard]] BasicSecretKey clone() const { return fromBytes(bytes()); }
    [[nodiscard]] std::span<const std::byte> bytes() const noexcept { return m_bytes; }
    std::span<std::byte> mutableBytes() noexcept { return m_bytes; }

  private:
    std::array<std::byte, kSecretKeyBytes> m_bytes{};
};

struct SecretKeyRole;  // any other secret: X25519 secret keys, Ed25519 seeds, DH outputs, master and attachment keys
struct RootKeyRole;    // the Double Ratchet's RK (and X3DH's SK, which becomes it)
struct ChainKeyRole;   // CKs, CKr, sender-key chains
struct HeaderKeyRole;  // HKs, HKr, NHKs, NHKr
struct MessageKeyRole; // mk: one message
using SecretKey = BasicSecretKey<SecretKeyRole>;
using RootKey = BasicSecretKey<RootKeyRole>;
using ChainKey = BasicSecretKey<ChainKeyRole>;
using HeaderKey = BasicSecretKey<HeaderKeyRole>;
using MessageKey = BasicSecretKey<MessageKeyRole>;

struct DhKeyPair {
    DhPublicKey publicKey{};
    SecretKey secretKey;
    static DhKeyPair generate(crypto::Random& rng);
    [[nodiscard]] DhKeyPair clone() const { return {publicKey, secretKey.clone()}; }
};

// A device's identity: an Ed25519 key pair (its public key is what the device
// certificate binds). For X3DH its X25519 form is used (RFC 7748 birational map).
struct IdentityKeyPair {
    IdentityPublicKey publicKey{};
    SecretKey seed;
    static IdentityKeyPair generate(crypto::Random& rng);
    static Result<IdentityKeyPair> fromSeed(std::span<const std::byte> seed);
    [[nodiscard]] Signature sign(std::span<const std::byte> message) const;
    [[nodiscard]] Result<SecretKey> dhSecret() const;
    [[nodiscard]] IdentityKeyPair clone() const { return {publicKey, seed.clone()}; }
};

[[nodiscard]] bool verifySignature(const IdentityPublicKey& signer, std::span<const std::byte> message,
                                   const Signature& signature);
[[nodiscard]] bool verifySignature(const SigningPublicKey& signer, std::span<const std::byte> message,
                                   const Signature& signature);
// The X25519 form of an Ed25519 identity key; fails for keys that are not on the curve.
Result<DhPublicKey> dhPublicOf(const IdentityPublicKey& identity);
// X25519; fails when the result is all zero (a low-order peer key).
Result<SecretKey> dh(const SecretKey& secret, const DhPublicKey& peer);

std::array<std::byte, 32> hmacSha256(std::span<const std::byte> key, std::span<const std::byte> data);
// RFC 5869 HKDF-SHA-256 into `out` (at most 255 × 32 bytes).
void hkdfSha256(std::span<const std::byte> salt, std::span<const std::byte> ikm, std::string_view info,
                std::span<std::byte> out);
// One step of a symmetric-key chain (the Double Ratchet's KDF_CK, also the sender-key
// chain): message key = HMAC(chain, 0x01), chain ← HMAC(chain, 0x02).
MessageKey chainStep(ChainKey& chain);

// XChaCha20-Poly1305 (IETF). Decryption never returns unauthenticated plaintext.
Bytes aeadEncrypt(std::span<const std::byte> key, std::span<const std::byte> nonce, std::span<const std::byte> ad,
                  std::span<const std::byte> plaintext);
Result<Bytes> aeadDecrypt(std::span<const std::byte> key, std::span<const std::byte> nonce,
                          std::span<const std::byte> ad, std::span<const std::byte> ciphertext);

inline std::span<const std::byte> asBytes(std::string_view s)
{
    return std::as_bytes(std::span(s.data(), s.size()));
}

} // namespace sandi::e2e
