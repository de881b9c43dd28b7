// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/pki/signature_memo.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include <array>
#include <cstring>
#include <ctime>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_set>
#include <vector>

namespace sandi::crypto {
namespace {

constexpr std::size_t kKeyBytes = 32; // SHA-256
using MemoKey = std::array<unsigned char, kKeyBytes>;

struct MemoKeyHash {
    std::size_t operator()(const MemoKey& k) const noexcept
    {
        std::size_t h = 0;
        std::memcpy(&h, k.data(), sizeof h); // already a digest
        return h;
    }
};

class SignatureMemo {
  public:
    bool contains(const MemoKey& key)
    {
        const std::lock_guard lock(m_mutex);
        if (m_verified.contains(key)) {
            ++m_hits;
            return true;
        }
        ++m_misses;
        return false;
    }

    void insert(const MemoKey& key)
    {
        const std::lock_guard lock(m_mutex);
        if (!m_verified.insert(key).second) return;
        m_order.push_back(key);
        while (m_order.size() > kSignatureMemoEntries) {
            m_verified.erase(m_order.front());
            m_order.pop_front();
        }
    }

    SignatureMemoStats stats()
    {
        const std::lock_guard lock(m_mutex);
        return {m_hits, m_misses, m_verified.size()};
    }

    void clear()
    {
        const std::lock_guard lock(m_mutex);
        m_verified.clear();
        m_order.clear();
        m_hits = 0;
        m_misses = 0;
    }

  private:
    std::mutex m_mutex;
    std::unordered_set<MemoKey, MemoKeyHash> m_verified;
    std::deque<MemoKey> m_order; // insertion order, for eviction
    std::uint64_t m_hits = 0;
    std::uint64_t m_misses = 0;
};

SignatureMemo& memo()
{
    static SignatureMemo instance;
    return instance;
}

// i2d into a buffer; false if the object does not encode.
template <typename T, int (*Encode)(const T*, unsigned char**)>
bool encode(const T* object, std::vector<unsigned char>& out)
{
    const int n = Encode(object, nullptr);
    if (n <= 0) return false;
    out.resize(static_cast<std::size_t>(n));
    unsigned char* p = out.data();
    return Encode(object, &p) == n;
}

bool updateWithLength(EVP_MD_CTX* md, const std::vector<unsigned char>& part)
{
    const auto length = static_cast<std::uint64_t>(part.size());
    std::array<unsigned char, sizeof length> prefix{};
    for (std::size_t i = 0; i < prefix.size(); ++i)
        prefix[i] = static_cast<unsigned char>(length >> (8 * (prefix.size() - 1 - i)));
    return EVP_DigestUpdate(md, prefix.data(), prefix.size()) == 1 &&
           EVP_DigestUpdate(md, part.data(), part.size()) == 1;
}

// SHA-256 over (length, DER) of the certificate and of the issuer's SubjectPublicKeyInfo.
// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): OpenSSL's order (X509_verify's); swapped, no key matches
std::optional<MemoKey> memoKey(X509* cert, X509* issuer)
{
    std::vector<unsigned char> certDer;
    std::vector<unsigned char> keyDer;
    const X509_PUBKEY* spki = X509_get_X509_PUBKEY(issuer);
    if (spki == nullptr || !encode<X509, i2d_X509>(cert, certDer) ||
        !encode<X509_PUBKEY, i2d_X509_PUBKEY>(spki, keyDer))
        return std::nullopt;
    std::unique_ptr<EVP_MD_CTX, ossl::Deleter<EVP_MD_CTX, EVP_MD_CTX_free>> md(EVP_MD_CTX_new());
    MemoKey key{};
    unsigned int length = 0;
    if (!md || EVP_DigestInit_ex(md.get(), EVP_sha256(), nullptr) != 1 || !updateWithLength(md.get(), certDer) ||
        !updateWithLength(md.get(), keyDer) || EVP_DigestFinal_ex(md.get(), key.data(), &length) != 1 ||
        length != kKeyBytes)
        return std::nullopt;
    return key;
}

// What OpenSSL's internal_verify calls verify_cb_cert: report `err` at `depth` for `cert`
// and let the callback decide (1: go on).
// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): OpenSSL's verify_cb_cert order (depth, then error)
int reportFailure(X509_STORE_CTX* ctx, X509* cert, int depth, int err)
{
    X509_STORE_CTX_set_error_depth(ctx, depth);
    X509_STORE_CTX_set_current_cert(ctx, cert);
    X509_STORE_CTX_set_error(ctx, err);
    X509_STORE_CTX_verify_cb cb = X509_STORE_CTX_get_verify_cb(ctx);
    return cb != nullptr ? cb(0, ctx) : 0;
}

// ossl_x509_signing_allowed: an issuer whose keyUsage is present must allow keyCertSign
// (digitalSignature for a proxy certificate).
int signingAllowed(X509* issuer, X509* subject)
{
    const bool hasKeyUsage = (X509_get_extension_flags(issuer) & EXFLAG_KUSAGE) != 0;
    const std::uint32_t usage = X509_get_key_usage(issuer);
    if ((X509_get_extension_flags(subject) & EXFLAG_PROXY) != 0) {
        if (hasKeyUsage && (usage & KU_DIGITAL_SIGNATURE) == 0) return X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE;
    } else if (hasKeyUsage && (usage & KU_KEY_CERT_SIGN) == 0) {
        return X509_V_ERR_KEYUSAGE_NO_CERTSIGN;
    }
    return X509_V_OK;
}

// ossl_x509_check_cert_time (depth ≥ 0).
bool checkCertTime(X509_STORE_CTX* ctx, X509* cert, int depth)
{
    const X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx);
    const unsigned long flags = X509_VERIFY_PARAM_get_flags(param);
    std::time_t checkTime = 0;
    std::time_t* at = nullptr;
    if ((flags & X509_V_FLAG_USE_CHECK_TIME) != 0) {
        checkTime = X509_VERIFY_PARAM_get_time(param);
        at = &checkTime;
    } else if ((flags & X509_V_FLAG_NO_CHECK_TIME) != 0) {
        return true;
    }
    int i = X509_cmp_time(X509_get0_notBefore(cert), at);
    if (i == 0 && reportFailure(ctx, cert, depth, X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD) == 0) return false;
    if (i > 0 && reportFailure(ctx, cert, depth, X509_V_ERR_CERT_NOT_YET_VALID) == 0) return false;
    i = X509_cmp_time(X509_get0_notAfter(cert), at);
    if (i == 0 && reportFailure(ctx, cert, depth, X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD) == 0) return false;
    if (i < 0 && reportFailure(ctx, cert, depth, X509_V_ERR_CERT_HAS_EXPIRED) == 0) return false;
    return true;
}

// OpenSSL's own internal_verify: what X509_STORE_CTX_init installs on a context whose
// store sets none (found once, on a context made for the purpose).
X509_STORE_CTX_verify_fn openSslDefaultVerify()
{
    static const X509_STORE_CTX_verify_fn fn = [] {
        ossl::X509StorePtr store(X509_STORE_new());
        ossl::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
        if (!store || !ctx || X509_STORE_CTX_init(ctx.get(), store.get(), nullptr, nullptr) != 1) {
            ERR_clear_error();
            return X509_STORE_CTX_verify_fn{nullptr};
        }
        return X509_STORE_CTX_get_verify(ctx.get());
    }();
    return fn;
}

int openSslVerify(X509_STORE_CTX* ctx)
{
    const X509_STORE_CTX_verify_fn fn = openSslDefaultVerify();
    if (fn == nullptr) {
        X509_STORE_CTX_set_error(ctx, X509_V_ERR_UNSPECIFIED);
        return 0;
    }
    return fn(ctx);
}

// OpenSSL 3.0's internal_verify (crypto/x509/x509_vfy.c) for a context with
// X509_V_FLAG_PARTIAL_CHAIN and no DANE (no Sandi context has DANE), with X509_verify
// through the memo; without PARTIAL_CHAIN, OpenSSL's own. With
// PARTIAL_CHAIN the top certificate is always taken as its own issuer (its signature is
// not checked unless X509_V_FLAG_CHECK_SS_SIGNATURE asks for a self-signed one's).
// Not set, as in OpenSSL: current_issuer (no public setter; nothing after this step
// reads it).
int rememberingVerify(X509_STORE_CTX* ctx)
{
    const unsigned long flags = X509_VERIFY_PARAM_get_flags(X509_STORE_CTX_get0_param(ctx));
    if ((flags & X509_V_FLAG_PARTIAL_CHAIN) == 0) return openSslVerify(ctx);
    STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx);
    const int count = chain != nullptr ? sk_X509_num(chain) : 0;
    if (count <= 0) return 0;
    int n = count - 1;
    X509* xi = sk_X509_value(chain, n);
    X509* xs = xi;
    X509_STORE_CTX_set_error_depth(ctx, n);
    X509_STORE_CTX_verify_cb cb = X509_STORE_CTX_get_verify_cb(ctx);
    if (cb == nullptr) return 0;
    while (n >= 0) {
        if (xs != xi ||
            ((flags & X509_V_FLAG_CHECK_SS_SIGNATURE) != 0 && (X509_get_extension_flags(xi) & EXFLAG_SS) != 0)) {
            const int issuerDepth = n + (xs == xi ? 0 : 1);
            const int allowed =
                xs == xi && (X509_get_extension_flags(xi) & EXFLAG_CA) == 0 ? X509_V_OK : signingAllowed(xi, xs);
            if (allowed != X509_V_OK && reportFailure(ctx, xi, issuerDepth, allowed) == 0) return 0;
            if (X509_get0_pubkey(xi) == nullptr) {
                if (reportFailure(ctx, xi, issuerDepth, X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY) == 0) return 0;
            } else if (!certificateSignatureVerifies(xs, xi) &&
                       reportFailure(ctx, xs, n, X509_V_ERR_CERT_SIGNATURE_FAILURE) == 0) {
                return 0;
            }
        }
        if (!checkCertTime(ctx, xs, n)) return 0;
        X509_STORE_CTX_set_current_cert(ctx, xs);
        X509_STORE_CTX_set_error_depth(ctx, n);
        if (cb(1, ctx) == 0) return 0;
        if (--n >= 0) {
            xi = xs;
            xs = sk_X509_value(chain, n);
        }
    }
    return 1;
}

} // namespace

bool certificateSignatureVerifies(X509* cert, X509* issuer)
{
    if (cert == nullptr || issuer == nullptr) return false;
    EVP_PKEY* key = X509_get0_pubkey(issuer);
    if (key == nullptr) {
        ERR_clear_error();
        return false;
    }
    const std::optional<MemoKey> k = memoKey(cert, issuer);
    if (k && memo().contains(*k)) return true;
    if (X509_verify(cert, key) != 1) {
        ERR_clear_error();
        return false;
    }
    if (k) memo().insert(*k);
    return true;
}

void rememberSignatureChecks(X509_STORE_CTX* ctx)
{
    if (ctx == nullptr || openSslDefaultVerify() == nullptr) return;
    X509_STORE_CTX_set_verify(ctx, rememberingVerify);
}

void rememberSignatureChecks(X509_STORE* store)
{
    if (store == nullptr || openSslDefaultVerify() == nullptr) return;
    X509_STORE_set_verify(store, rememberingVerify);
}

SignatureMemoStats signatureMemoStats()
{
    return memo().stats();
}

void clearSignatureMemo()
{
    memo().clear();
}

} // namespace sandi::crypto
