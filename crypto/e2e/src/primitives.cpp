// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/e2e/primitives.h"

#include <openssl/sha.h>
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

// OpenSSL's low-level SHA-256 (the CPU's SHA extensions, no provider lookup per call)
// is deprecated in 3.0 but present; the EVP interface costs more than the few blocks a
// KDF step hashes. Its deprecation warning is silenced here only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

constexpr std::size_t kSha256BlockBytes = 64;
constexpr std::size_t kSha256Bytes = 32;

void sha256Init(SHA256_CTX& c)
{
    if (SHA256_Init(&c) != 1) std::abort();
}
void sha256Update(SHA256_CTX& c, const void* data, std::size_t size)
{
    if (size != 0 && SHA256_Update(&c, data, size) != 1) std::abort();
}
void sha256Final(SHA256_CTX& c, unsigned char* out)
{
    if (SHA256_Final(out, &c) != 1) std::abort();
}

#pragma GCC diagnostic pop

void wipe(SHA256_CTX& c) noexcept
{
    sodium_memzero(&c, sizeof c);
}

// An HMAC-SHA-256 key (RFC 2104) with its inner and outer SHA-256 states computed
// once (K ⊕ ipad and K ⊕ opad absorbed): each MAC then finishes from copies of them,
// so one key used for several messages (KDF_CK, HKDF-Expand) pays for its setup once.
// The states are derived from the key and wiped with it.
class HmacSha256Key final {
  public:
    explicit HmacSha256Key(std::span<const std::byte> key) noexcept
    {
        std::array<unsigned char, kSha256BlockBytes> k{};
        if (key.size() > kSha256BlockBytes) {
            sha256Init(m_inner);
            sha256Update(m_inner, key.data(), key.size());
            sha256Final(m_inner, k.data());
        } else if (!key.empty()) {
            std::memcpy(k.data(), key.data(), key.size());
        }
        std::array<unsigned char, kSha256BlockBytes> pad{};
        for (std::size_t i = 0; i < kSha256BlockBytes; ++i)
            pad[i] = static_cast<unsigned char>(k[i] ^ 0x36U);
        sha256Init(m_inner);
        sha256Update(m_inner, pad.data(), pad.size());
        for (std::size_t i = 0; i < kSha256BlockBytes; ++i)
            pad[i] = static_cast<unsigned char>(k[i] ^ 0x5CU);
        sha256Init(m_outer);
        sha256Update(m_outer, pad.data(), pad.size());
        sodium_memzero(k.data(), k.size());
        sodium_memzero(pad.data(), pad.size());
    }
    ~HmacSha256Key()
    {
        wipe(m_inner);
        wipe(m_outer);
    }
    HmacSha256Key(const HmacSha256Key&) = delete;
    HmacSha256Key& operator=(const HmacSha256Key&) = delete;
    HmacSha256Key(HmacSha256Key&&) = delete;
    HmacSha256Key& operator=(HmacSha256Key&&) = delete;

    // HMAC(K, a ‖ b ‖ c) into out (32 bytes).
    void mac(std::span<const std::byte> a, std::span<const std::byte> b, std::span<const std::byte> c,
             unsigned char* out) const noexcept
    {
        SHA256_CTX ctx = m_inner;
        sha256Update(ctx, a.data(), a.size());
        sha256Update(ctx, b.data(), b.size());
        sha256Update(ctx, c.data(), c.size());
        std::array<unsigned char, kSha256Bytes> inner{};
        sha256Final(ctx, inner.data());
        ctx = m_outer;
        sha256Update(ctx, inner.data(), inner.size());
        sha256Final(ctx, out);
        wipe(ctx);
        sodium_memzero(inner.data(), inner.size());
    }
    [[nodiscard]] std::array<std::byte, kSha256Bytes> mac(std::span<const std::byte> data) const noexcept
    {
        std::array<std::byte, kSha256Bytes> out{};
        mac(data, {}, {}, w(std::span(out)));
        return out;
    }

  private:
    SHA256_CTX m_inner{};
    SHA256_CTX m_outer{};
};

// HKDF's default salt (RFC 5869: HashLen zero bytes), its states computed once per
// process (a function-local static: initialised once, thread-safely). Not secret, so
// never destroyed: a KDF running while the process exits still gets the right states.
const HmacSha256Key& zeroSaltKey()
{
    static constexpr std::array<std::byte, kSha256Bytes> kZeroSalt{};
    static const HmacSha256Key* const key = new HmacSha256Key(kZeroSalt);
    return *key;
}

} // namespace

// HMAC-SHA-256 (RFC 2104) over OpenSSL's SHA-256, which uses the CPU's SHA extensions.
// The public signature (key, data) predates the key type; its order is RFC 2104's.
// NOLINTNEXTLINE(bugprone-easily-swappable-parameters)
std::array<std::byte, 32> hmacSha256(std::span<const std::byte> key, std::span<const std::byte> data)
{
    const HmacSha256Key k(key);
    return k.mac(data);
}

MessageKey chainStep(ChainKey& chain)
{
    static constexpr std::array<std::byte, 1> kMessage{std::byte{0x01}};
    static constexpr std::array<std::byte, 1> kChain{std::byte{0x02}};
    std::array<std::byte, kSha256Bytes> mk{};
    std::array<std::byte, kSha256Bytes> next{};
    {
        const HmacSha256Key key(chain.bytes()); // one key, two messages
        mk = key.mac(kMessage);
        next = key.mac(kChain);
    }
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
    // Extract: PRK = HMAC(salt, IKM), the empty salt being HashLen zero bytes.
    std::array<std::byte, kSha256Bytes> prk = salt.empty() ? zeroSaltKey().mac(ikm) : HmacSha256Key(salt).mac(ikm);
    // Expand: T(i) = HMAC(PRK, T(i-1) ‖ info ‖ i), all from the PRK's states.
    const HmacSha256Key prkKey(prk);
    crypto::secureWipe(prk);
    const std::span<const std::byte> infoBytes = asBytes(info);
    std::array<std::byte, kSha256Bytes> t{};
    std::size_t tLen = 0;
    std::size_t done = 0;
    for (std::uint8_t i = 1; done < out.size(); ++i) {
        const std::array<std::byte, 1> counter{static_cast<std::byte>(i)};
        prkKey.mac(std::span(t).first(tLen), infoBytes, counter, w(std::span(t)));
        tLen = t.size();
        const std::size_t n = std::min(t.size(), out.size() - done);
        std::memcpy(out.data() + done, t.data(), n);
        done += n;
    }
    crypto::secureWipe(t);
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
