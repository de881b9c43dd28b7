// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/sign/signer.h"

#include "sandi/pki/x509.h"

#include <openssl/rsa.h>

namespace sandi::crypto {

Result<SignatureScheme> signatureSchemeOf(EVP_PKEY* key)
{
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
        return SignatureScheme::RsaPkcs1v15;
    case EVP_PKEY_EC:
        return SignatureScheme::Ecdsa;
    case EVP_PKEY_ED25519:
        return SignatureScheme::Ed25519;
    default:
        return fail(ErrorCode::Unsupported, "signing keys must be RSA, ECDSA or Ed25519");
    }
}

Result<KeySigner> KeySigner::fromPkcs12(std::span<const std::byte> der, const SecureBuffer& passphrase)
{
    SANDI_ASSIGN(contents, parsePkcs12(der, passphrase));
    return fromKey(std::move(contents.key), std::move(contents.certificate), std::move(contents.chain));
}

Result<KeySigner> KeySigner::fromKey(ossl::PkeyPtr key, ossl::X509Ptr certificate, std::vector<ossl::X509Ptr> chain)
{
    if (!key || !certificate) return fail(ErrorCode::InvalidArgument, "a signer needs a key and its certificate");
    if (X509_check_private_key(certificate.get(), key.get()) != 1) {
        ossl::clearErrors();
        return fail(ErrorCode::InvalidInput, "the private key does not belong to the certificate");
    }
    SANDI_ASSIGN(scheme, signatureSchemeOf(key.get()));
    KeySigner s;
    s.m_key = std::move(key);
    s.m_certificate = std::move(certificate);
    s.m_chain = std::move(chain);
    s.m_scheme = scheme;
    return s;
}

Status KeySigner::useRsaPss()
{
    if (m_scheme != SignatureScheme::RsaPkcs1v15 && m_scheme != SignatureScheme::RsaPss)
        return fail(ErrorCode::InvalidArgument, "RSASSA-PSS needs an RSA key");
    m_scheme = SignatureScheme::RsaPss;
    return {};
}

std::vector<X509*> KeySigner::chain() const
{
    std::vector<X509*> out;
    for (const auto& c : m_chain)
        out.push_back(c.get());
    return out;
}

Result<std::vector<std::byte>> KeySigner::sign(std::span<const std::byte> message, Digest d)
{
    const EVP_MD* digest = ossl::evpMd(d);
    ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, m_scheme == SignatureScheme::Ed25519 ? nullptr : digest, nullptr,
                                   m_key.get()) != 1)
        return fail(ossl::lastError("starting the signature"));
    if (m_scheme == SignatureScheme::RsaPkcs1v15 && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)
        return fail(ossl::lastError("choosing PKCS#1 v1.5 padding"));
    if (m_scheme == SignatureScheme::RsaPss && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                                                EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
                                                EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, digest) != 1))
        return fail(ossl::lastError("choosing RSASSA-PSS"));
    std::size_t len = 0;
    const auto* in = reinterpret_cast<const unsigned char*>(message.data());
    if (EVP_DigestSign(ctx.get(), nullptr, &len, in, message.size()) != 1) return fail(ossl::lastError("signing"));
    std::vector<std::byte> out(len);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, in, message.size()) != 1)
        return fail(ossl::lastError("signing"));
    out.resize(len);
    return out;
}

} // namespace sandi::crypto
