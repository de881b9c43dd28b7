// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/e2e/primitives.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>

namespace sandi::e2e {
namespace {
const unsigned char* u(std::span<const std::byte> b) { return reinterpret_cast<const unsigned char*>(b.data()); }
unsigned char* w(std::span<std::byte> b) { return reinterpret_cast<unsigned char*>(b.data()); }
} // namespace

SecretKey SecretKey::fromBytes(std::span<const std::byte> b)
{
    if (b.size() != kSecretKeyBytes) std::abort();
    SecretKey k;
    std::memcpy(k.m_bytes.data(), b.data(), kSecretKeyBytes);
    return k;
}

SecretKey SecretKey::random(crypto::Random& rng)
{
    SecretKey k;
    rng.fill(k.m_bytes);
    return k;
}

DhKeyPair DhKeyPair::generate(crypto::Random& rng)
{
    DhKeyPair kp{{}, SecretKey::random(rng)};
    crypto_scalarmult_base(w(std::span(kp.publicKey)), u(kp.secretKey.bytes()));
    return kp;
}

IdentityKeyPair IdentityKeyPair::generate(crypto::Random& rng)
{
    SecretKey seed = SecretKey::random(rng);
    return fromSeed(seed.bytes()).value();
}

Result<IdentityKeyPair> IdentityKeyPair::fromSeed(std::span<const std::byte> seed)
{
    if (seed.size() != kSecretKeyBytes) return fail(ErrorCode::InvalidInput, "an identity seed is 32 bytes");
    crypto::SecureBuffer sk(crypto_sign_SECRETKEYBYTES);
    IdentityKeyPair kp{{}, SecretKey::fromBytes(seed)};
    crypto_sign_seed_keypair(w(std::span(kp.publicKey)), w(sk.bytes()), u(seed));
    return kp;
}

Signature IdentityKeyPair::sign(std::span<const std::byte> message) const
{
    crypto::SecureBuffer sk(crypto_sign_SECRETKEYBYTES);
    PublicKey pk{};
    crypto_sign_seed_keypair(w(std::span(pk)), w(sk.bytes()), u(seed.bytes()));
    Signature sig{};
    crypto_sign_detached(w(std::span(sig)), nullptr, u(message), message.size(), u(sk.bytes()));
    return sig;
}

Result<SecretKey> IdentityKeyPair::dhSecret() const
{
    crypto::SecureBuffer sk(crypto_sign_SECRETKEYBYTES);
    PublicKey pk{};
    crypto_sign_seed_keypair(w(std::span(pk)), w(sk.bytes()), u(seed.bytes()));
    SecretKey out;
    if (crypto_sign_ed25519_sk_to_curve25519(w(out.mutableBytes()), u(sk.bytes())) != 0)
        return fail(ErrorCode::Crypto, "cannot convert the identity key");
    return out;
}

bool verifySignature(const PublicKey& signer, std::span<const std::byte> message, const Signature& signature)
{
    return crypto_sign_verify_detached(u(std::span(signature)), u(message), message.size(), u(std::span(signer))) == 0;
}

Result<PublicKey> dhPublicOf(const PublicKey& identity)
{
    PublicKey out{};
    if (crypto_sign_ed25519_pk_to_curve25519(w(std::span(out)), u(std::span(identity))) != 0)
        return fail(ErrorCode::InvalidInput, "not a valid Ed25519 identity key");
    return out;
}

Result<SecretKey> dh(const SecretKey& secret, const PublicKey& peer)
{
    SecretKey out;
    if (crypto_scalarmult(w(out.mutableBytes()), u(secret.bytes()), u(std::span(peer))) != 0)
        return fail(ErrorCode::InvalidInput, "the peer's key is of low order");
    return out;
}

std::array<std::byte, 32> hmacSha256(std::span<const std::byte> key, std::span<const std::byte> data)
{
    std::array<std::byte, 32> out{};
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, u(key), key.size());
    crypto_auth_hmacsha256_update(&st, u(data), data.size());
    crypto_auth_hmacsha256_final(&st, w(std::span(out)));
    sodium_memzero(&st, sizeof st);
    return out;
}

void hkdfSha256(std::span<const std::byte> salt, std::span<const std::byte> ikm, std::string_view info, std::span<std::byte> out)
{
    if (out.size() > 255 * 32) std::abort();
    static constexpr std::array<std::byte, 32> kZeroSalt{};
    auto prk = hmacSha256(salt.empty() ? std::span<const std::byte>(kZeroSalt) : salt, ikm);
    std::array<std::byte, 32> t{};
    std::size_t tLen = 0;
    std::size_t done = 0;
    for (std::uint8_t i = 1; done < out.size(); ++i) {
        crypto_auth_hmacsha256_state st;
        crypto_auth_hmacsha256_init(&st, u(std::span<const std::byte>(prk)), prk.size());
        crypto_auth_hmacsha256_update(&st, u(std::span<const std::byte>(t)), tLen);
        crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(info.data()), info.size());
        crypto_auth_hmacsha256_update(&st, &i, 1);
        crypto_auth_hmacsha256_final(&st, w(std::span(t)));
        sodium_memzero(&st, sizeof st);
        tLen = t.size();
        const std::size_t n = std::min(t.size(), out.size() - done);
        std::memcpy(out.data() + done, t.data(), n);
        done += n;
    }
    sodium_memzero(prk.data(), prk.size());
    sodium_memzero(t.data(), t.size());
}

Bytes aeadEncrypt(std::span<const std::byte> key, std::span<const std::byte> nonce, std::span<const std::byte> ad,
                  std::span<const std::byte> plaintext)
{
    if (key.size() != kAeadKeyBytes || nonce.size() != kAeadNonceBytes) std::abort();
    Bytes out(plaintext.size() + kAeadTagBytes);
    unsigned long long len = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(w(std::span(out)), &len, u(plaintext), plaintext.size(), u(ad), ad.size(),
                                               nullptr, u(nonce), u(key));
    out.resize(len);
    return out;
}

Result<Bytes> aeadDecrypt(std::span<const std::byte> key, std::span<const std::byte> nonce, std::span<const std::byte> ad,
                          std::span<const std::byte> ciphertext)
{
    if (key.size() != kAeadKeyBytes || nonce.size() != kAeadNonceBytes) std::abort();
    if (ciphertext.size() < kAeadTagBytes) return fail(ErrorCode::BadSignature, "ciphertext too short");
    Bytes out(ciphertext.size() - kAeadTagBytes);
    unsigned long long len = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(w(std::span(out)), &len, nullptr, u(ciphertext), ciphertext.size(),
                                                   u(ad), ad.size(), u(nonce), u(key)) != 0) {
        sodium_memzero(out.data(), out.size());
        return fail(ErrorCode::BadSignature, "authentication failed");
    }
    out.resize(len);
    return out;
}

} // namespace sandi::e2e
