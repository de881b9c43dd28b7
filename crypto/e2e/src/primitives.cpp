// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/e2e/primitives.h"

#include <openssl/evp.h>
#include <sodium.h>

// The sizes the public headers name (without including libsodium there) are libsodium's.
static_assert(sandi::e2e::kPublicKeyBytes == crypto_scalarmult_BYTES &&
              sandi::e2e::kPublicKeyBytes == crypto_sign_PUBLICKEYBYTES);
static_assert(sandi::e2e::kSecretKeyBytes == crypto_scalarmult_SCALARBYTES &&
              sandi::e2e::kSecretKeyBytes == crypto_sign_SEEDBYTES);
static_assert(sandi::e2e::kSignatureBytes == crypto_sign_BYTES);
static_assert(sandi::e2e::kAeadKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(sandi::e2e::kAeadNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(sandi::e2e::kAeadTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);

#include <cstdlib>
#include <cstring>
#include <vector>

namespace sandi::e2e {
namespace {
const unsigned char* u(std::span<const std::byte> b)
{
    return reinterpret_cast<const unsigned char*>(b.data());
}
unsigned char* w(std::span<std::byte> b)
{
    return reinterpret_cast<unsigned char*>(b.data());
}
} // namespace

DhKeyPair DhKeyPair::generate(crypto::Random& rng)
{
    DhKeyPair kp{{}, SecretKey::random(rng)};
    crypto_scalarmult_base(w(kp.publicKey.mutableBytes()), u(kp.secretKey.bytes()));
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
    crypto_sign_seed_keypair(w(kp.publicKey.mutableBytes()), w(sk.bytes()), u(seed));
    return kp;
}

Signature IdentityKeyPair::sign(std::span<const std::byte> message) const
{
    crypto::SecureBuffer sk(crypto_sign_SECRETKEYBYTES);
    std::array<std::byte, kPublicKeyBytes> pk{};
    crypto_sign_seed_keypair(w(std::span(pk)), w(sk.bytes()), u(seed.bytes()));
    Signature sig{};
    crypto_sign_detached(w(std::span(sig)), nullptr, u(message), message.size(), u(sk.bytes()));
    return sig;
}

Result<SecretKey> IdentityKeyPair::dhSecret() const
{
    crypto::SecureBuffer sk(crypto_sign_SECRETKEYBYTES);
    std::array<std::byte, kPublicKeyBytes> pk{};
    crypto_sign_seed_keypair(w(std::span(pk)), w(sk.bytes()), u(seed.bytes()));
    SecretKey out;
    if (crypto_sign_ed25519_sk_to_curve25519(w(out.mutableBytes()), u(sk.bytes())) != 0)
        return fail(ErrorCode::Crypto, "cannot convert the identity key");
    return out;
}

namespace {
bool verifyEd25519(std::span<const std::byte> signer, std::span<const std::byte> message, const Signature& signature)
{
    return crypto_sign_verify_detached(u(std::span(signature)), u(message), message.size(), u(signer)) == 0;
}
} // namespace

bool verifySignature(const IdentityPublicKey& signer, std::span<const std::byte> message, const Signature& signature)
{
    return verifyEd25519(signer.bytes(), message, signature);
}

bool verifySignature(const SigningPublicKey& signer, std::span<const std::byte> message, const Signature& signature)
{
    return verifyEd25519(signer.bytes(), message, signature);
}

Result<DhPublicKey> dhPublicOf(const IdentityPublicKey& identity)
{
    DhPublicKey out;
    if (crypto_sign_ed25519_pk_to_curve25519(w(out.mutableBytes()), u(identity.bytes())) != 0)
        return fail(ErrorCode::InvalidInput, "not a valid Ed25519 identity key");
    return out;
}

Result<SecretKey> dh(const SecretKey& secret, const DhPublicKey& peer)
{
    SecretKey out;
    if (crypto_scalarmult(w(out.mutableBytes()), u(secret.bytes()), u(peer.bytes())) != 0)
        return fail(ErrorCode::InvalidInput, "the peer's key is of low order");
    return out;
}

namespace {

// One SHA-256 over two pieces, with a digest context kept per thread: OpenSSL 3's
// one-shot SHA256() looks its implementation up on every call, which costs more than
// hashing the few bytes a KDF step needs.
void sha256Of(std::span<const unsigned char> a, std::span<const unsigned char> b, unsigned char* out)
{
    struct Ctx {
        EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        ~Ctx()
        {
            EVP_MD_CTX_free(ctx);
            EVP_MD_free(md);
        }
    };
    thread_local Ctx c;
    if (c.md == nullptr || c.ctx == nullptr || EVP_DigestInit_ex(c.ctx, c.md, nullptr) != 1 ||
        EVP_DigestUpdate(c.ctx, a.data(), a.size()) != 1 || EVP_DigestUpdate(c.ctx, b.data(), b.size()) != 1 ||
        EVP_DigestFinal_ex(c.ctx, out, nullptr) != 1)
        std::abort(); // SHA-256 is always available in OpenSSL's default provider
}

} // namespace

// HMAC-SHA-256 (RFC 2104) over OpenSSL's SHA-256, which uses the CPU's SHA extensions.
std::array<std::byte, 32> hmacSha256(std::span<const std::byte> key, std::span<const std::byte> data)
{
    constexpr std::size_t kBlock = 64;
    std::array<unsigned char, kBlock> k{};
    if (key.size() > kBlock)
        sha256Of({reinterpret_cast<const unsigned char*>(key.data()), key.size()}, {}, k.data());
    else
        std::memcpy(k.data(), key.data(), key.size());
    std::array<unsigned char, kBlock> ipad{}, opad{};
    for (std::size_t i = 0; i < kBlock; ++i) {
        ipad[i] = static_cast<unsigned char>(k[i] ^ 0x36U);
        opad[i] = static_cast<unsigned char>(k[i] ^ 0x5CU);
    }
    std::array<unsigned char, 32> inner{};
    sha256Of(ipad, {reinterpret_cast<const unsigned char*>(data.data()), data.size()}, inner.data());
    std::array<std::byte, 32> out{};
    sha256Of(opad, inner, reinterpret_cast<unsigned char*>(out.data()));
    sodium_memzero(k.data(), k.size());
    sodium_memzero(ipad.data(), ipad.size());
    sodium_memzero(opad.data(), opad.size());
    sodium_memzero(inner.data(), inner.size());
    return out;
}

MessageKey chainStep(ChainKey& chain)
{
    static constexpr std::array<std::byte, 1> kMessage{std::byte{0x01}};
    static constexpr std::array<std::byte, 1> kChain{std::byte{0x02}};
    auto mk = hmacSha256(chain.bytes(), kMessage);
    auto next = hmacSha256(chain.bytes(), kChain);
    MessageKey messageKey = MessageKey::fromBytes(mk);
    chain = ChainKey::fromBytes(next);
    crypto::secureWipe(mk);
    crypto::secureWipe(next);
    return messageKey;
}

void hkdfSha256(std::span<const std::byte> salt, std::span<const std::byte> ikm, std::string_view info,
                std::span<std::byte> out)
{
    if (out.size() > std::size_t{255} * 32 || info.size() > 128) std::abort();
    static constexpr std::array<std::byte, 32> kZeroSalt{};
    auto prk = hmacSha256(salt.empty() ? std::span<const std::byte>(kZeroSalt) : salt, ikm);
    // T(i) = HMAC(PRK, T(i-1) ‖ info ‖ i)
    std::array<std::byte, 32 + 128 + 1> block{};
    std::array<std::byte, 32> t{};
    std::size_t tLen = 0;
    std::size_t done = 0;
    for (std::uint8_t i = 1; done < out.size(); ++i) {
        std::memcpy(block.data(), t.data(), tLen);
        std::memcpy(block.data() + tLen, info.data(), info.size());
        block[tLen + info.size()] = static_cast<std::byte>(i);
        t = hmacSha256(prk, std::span(block).first(tLen + info.size() + 1));
        tLen = t.size();
        const std::size_t n = std::min(t.size(), out.size() - done);
        std::memcpy(out.data() + done, t.data(), n);
        done += n;
    }
    sodium_memzero(prk.data(), prk.size());
    sodium_memzero(t.data(), t.size());
    sodium_memzero(block.data(), block.size());
}

Bytes aeadEncrypt(std::span<const std::byte> key, std::span<const std::byte> nonce, std::span<const std::byte> ad,
                  std::span<const std::byte> plaintext)
{
    if (key.size() != kAeadKeyBytes || nonce.size() != kAeadNonceBytes) std::abort();
    Bytes out(plaintext.size() + kAeadTagBytes);
    unsigned long long len = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(w(std::span(out)), &len, u(plaintext), plaintext.size(), u(ad),
                                               ad.size(), nullptr, u(nonce), u(key));
    out.resize(len);
    return out;
}

Result<Bytes> aeadDecrypt(std::span<const std::byte> key, std::span<const std::byte> nonce,
                          std::span<const std::byte> ad, std::span<const std::byte> ciphertext)
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
