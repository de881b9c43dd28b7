// SPDX-License-Identifier: GPL-3.0-or-later
// A signing key and its certificate. The key may be in memory (from a PKCS#12 file)
// or on a token (PKCS#11, pkcs11_signer.h): CMS and PAdES code only asks it to sign.
#pragma once

#include "sandi/core/ossl.h"
#include "sandi/core/result.h"
#include "sandi/core/secure_buffer.h"

#include <span>
#include <vector>

namespace sandi::crypto {

enum class SignatureScheme { RsaPkcs1v15, RsaPss, Ecdsa, Ed25519 };

class Signer {
  public:
    virtual ~Signer() = default;
    [[nodiscard]] virtual X509* certificate() const = 0;
    // The issuers of the certificate, nearest first (may be empty).
    [[nodiscard]] virtual std::vector<X509*> chain() const = 0;
    [[nodiscard]] virtual SignatureScheme scheme() const = 0;
    // Signs `message`, hashing it with `digest` (Ed25519 hashes internally and ignores it).
    // The result is the signature value as CMS carries it (DER ECDSA-Sig-Value for ECDSA).
    virtual Result<std::vector<std::byte>> sign(std::span<const std::byte> message, Digest digest) = 0;
};

Result<SignatureScheme> signatureSchemeOf(EVP_PKEY* key);

// A key held in memory (an OpenSSL key object, freed on destruction).
class KeySigner final : public Signer {
  public:
    static Result<KeySigner> fromPkcs12(std::span<const std::byte> der, const SecureBuffer& passphrase);
    static Result<KeySigner> fromKey(ossl::PkeyPtr key, ossl::X509Ptr certificate, std::vector<ossl::X509Ptr> chain);

    [[nodiscard]] X509* certificate() const override { return m_certificate.get(); }
    [[nodiscard]] std::vector<X509*> chain() const override;
    [[nodiscard]] SignatureScheme scheme() const override { return m_scheme; }
    Result<std::vector<std::byte>> sign(std::span<const std::byte> message, Digest digest) override;
    // RSA keys: sign with RSASSA-PSS (MGF1 with the same digest, salt as long as the
    // digest) instead of PKCS#1 v1.5.
    Status useRsaPss();

  private:
    KeySigner() = default;
    ossl::PkeyPtr m_key;
    ossl::X509Ptr m_certificate;
    std::vector<ossl::X509Ptr> m_chain;
    SignatureScheme m_scheme = SignatureScheme::RsaPkcs1v15;
};

} // namespace sandi::crypto
