// SPDX-License-Identifier: GPL-3.0-or-later
#include "signature_value.h"

#include "sandi/core/secure_buffer.h"
#include "sandi/sign/findings.h"

#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace sandi::crypto {
namespace {

// BSI TR-03111 §5.2.1: ecdsa-plain-signatures, 0.4.0.127.0.7.1.1.4.1.<n>.
constexpr std::string_view kOidBsiEcdsaPlain = "0.4.0.127.0.7.1.1.4.1.";

struct PlainHash {
    int arc;
    const char* name; // OpenSSL's digest name
};
constexpr std::array kPlainHashes{
    PlainHash{1, "SHA1"},      PlainHash{2, "SHA224"},    PlainHash{3, "SHA256"},   PlainHash{4, "SHA384"},
    PlainHash{5, "SHA512"},    PlainHash{6, "RIPEMD160"}, PlainHash{8, "SHA3-224"}, PlainHash{9, "SHA3-256"},
    PlainHash{10, "SHA3-384"}, PlainHash{11, "SHA3-512"},
};

using PssParamsPtr = std::unique_ptr<RSA_PSS_PARAMS, ossl::Deleter<RSA_PSS_PARAMS, RSA_PSS_PARAMS_free>>;
using X509AlgorPtr = std::unique_ptr<X509_ALGOR, ossl::Deleter<X509_ALGOR, X509_ALGOR_free>>;
using X509SigPtr = std::unique_ptr<X509_SIG, ossl::Deleter<X509_SIG, X509_SIG_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, ossl::Deleter<ECDSA_SIG, ECDSA_SIG_free>>;

Error mismatch(std::string_view& code, std::string text)
{
    code = finding::kCmsAlgorithmMismatch;
    return Error{ErrorCode::InvalidInput, std::move(text)};
}

const char* keyName(int id) noexcept
{
    switch (id) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
        return "RSA";
    case EVP_PKEY_EC:
        return "EC";
    case EVP_PKEY_ED25519:
        return "Ed25519";
    default:
        return "other";
    }
}

int mdNid(const EVP_MD* md) noexcept
{
    return md != nullptr ? EVP_MD_get_type(md) : NID_undef;
}

// RSASSA-PSS-params (RFC 4055 §3.1) with their defaults (SHA-1, MGF1-SHA-1, salt 20).
struct PssParams {
    const EVP_MD* hash = nullptr;
    const EVP_MD* mgfHash = nullptr;
    int saltLength = 20;
};

Result<PssParams> pssParams(const X509_ALGOR* sigAlg)
{
    int ptype = 0;
    const void* pval = nullptr;
    X509_ALGOR_get0(nullptr, &ptype, &pval, sigAlg);
    PssParams out{EVP_sha1(), EVP_sha1(), 20};
    if (ptype != V_ASN1_SEQUENCE || pval == nullptr) return out;
    const auto* seq = static_cast<const ASN1_STRING*>(pval);
    const unsigned char* p = ASN1_STRING_get0_data(seq);
    PssParamsPtr params(d2i_RSA_PSS_PARAMS(nullptr, &p, ASN1_STRING_length(seq)));
    if (!params) return fail(ossl::lastError("malformed RSASSA-PSS parameters", ErrorCode::InvalidInput));
    if (params->hashAlgorithm != nullptr) {
        const ASN1_OBJECT* oid = nullptr;
        X509_ALGOR_get0(&oid, nullptr, nullptr, params->hashAlgorithm);
        out.hash = EVP_get_digestbyobj(oid);
    }
    if (params->maskGenAlgorithm != nullptr) {
        const ASN1_OBJECT* oid = nullptr;
        int mtype = 0;
        const void* mval = nullptr;
        X509_ALGOR_get0(&oid, &mtype, &mval, params->maskGenAlgorithm);
        if (OBJ_obj2nid(oid) != NID_mgf1 || mtype != V_ASN1_SEQUENCE)
            return fail(ErrorCode::Unsupported, "RSASSA-PSS with a mask generation function other than MGF1");
        const auto* mseq = static_cast<const ASN1_STRING*>(mval);
        const unsigned char* mp = ASN1_STRING_get0_data(mseq);
        X509AlgorPtr mgfHash(d2i_X509_ALGOR(nullptr, &mp, ASN1_STRING_length(mseq)));
        if (!mgfHash) return fail(ossl::lastError("malformed MGF1 parameters", ErrorCode::InvalidInput));
        const ASN1_OBJECT* hoid = nullptr;
        X509_ALGOR_get0(&hoid, nullptr, nullptr, mgfHash.get());
        out.mgfHash = EVP_get_digestbyobj(hoid);
    }
    if (params->saltLength != nullptr) {
        const long salt = ASN1_INTEGER_get(params->saltLength);
        if (salt < 0 || salt > 1024) return fail(ErrorCode::InvalidInput, "RSASSA-PSS salt length out of range");
        out.saltLength = static_cast<int>(salt);
    }
    if (params->trailerField != nullptr && ASN1_INTEGER_get(params->trailerField) != 1)
        return fail(ErrorCode::InvalidInput, "RSASSA-PSS trailer field other than 1");
    if (out.hash == nullptr || out.mgfHash == nullptr)
        return fail(ErrorCode::Unsupported, "RSASSA-PSS with a hash Sandi does not read");
    return out;
}

// r || s (TR-03111 §5.2.1) as a DER ECDSA-Sig-Value.
Result<std::vector<std::byte>> plainToDer(std::span<const std::byte> plain)
{
    if (plain.empty() || plain.size() % 2 != 0 || plain.size() > std::size_t{2} * 66)
        return fail(ErrorCode::BadSignature, "the plain ECDSA signature value is not r || s of equal halves");
    const std::size_t half = plain.size() / 2;
    const auto* raw = reinterpret_cast<const unsigned char*>(plain.data());
    ossl::BnPtr r(BN_bin2bn(raw, static_cast<int>(half), nullptr));
    ossl::BnPtr s(BN_bin2bn(raw + half, static_cast<int>(half), nullptr));
    EcdsaSigPtr sig(ECDSA_SIG_new());
    if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1)
        return fail(ossl::lastError("converting a plain ECDSA signature"));
    (void)r.release();
    (void)s.release();
    unsigned char* der = nullptr;
    const int n = i2d_ECDSA_SIG(sig.get(), &der);
    if (n <= 0) return fail(ossl::lastError("converting a plain ECDSA signature"));
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(der), reinterpret_cast<std::byte*>(der) + n);
    OPENSSL_free(der);
    return out;
}

} // namespace

Result<SignatureAlgorithm> signatureAlgorithm(const X509_ALGOR* sigAlg, EVP_PKEY* key, const EVP_MD* md,
                                              std::string_view& code)
{
    if (sigAlg == nullptr || key == nullptr || md == nullptr)
        return fail(ErrorCode::InvalidInput, "the signature algorithm is missing");
    const ASN1_OBJECT* oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, sigAlg);
    std::array<char, 128> text{};
    OBJ_obj2txt(text.data(), static_cast<int>(text.size()), oid, 1);
    const std::string_view oidText(text.data());
    const int nid = OBJ_obj2nid(oid);
    SignatureAlgorithm out;
    int wantKey = EVP_PKEY_NONE;
    const EVP_MD* named = nullptr; // the hash the identifier names
    bool namesHash = false;
    if (oidText.starts_with(kOidBsiEcdsaPlain)) {
        int arc = 0;
        const auto rest = oidText.substr(kOidBsiEcdsaPlain.size());
        const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), arc);
        const PlainHash* found = nullptr;
        for (const auto& h : kPlainHashes)
            if (ec == std::errc() && end == rest.data() + rest.size() && h.arc == arc) found = &h;
        if (found == nullptr)
            return fail(ErrorCode::Unsupported, "the signature algorithm " + std::string(oidText) +
                                                    " (BSI plain ECDSA) is not one Sandi reads");
        out.kind = SignatureKind::EcdsaPlain;
        out.name = std::string("ecdsa-plain-") + found->name;
        wantKey = EVP_PKEY_EC;
        named = EVP_get_digestbyname(found->name);
        namesHash = true;
        if (named == nullptr)
            return fail(ErrorCode::Unsupported, "the signature algorithm " + out.name + " is not one Sandi reads");
    } else if (nid == NID_rsaEncryption) {
        out = {SignatureKind::RsaPkcs1, "rsaEncryption"};
        wantKey = EVP_PKEY_RSA;
    } else if (nid == NID_rsassaPss) {
        out = {SignatureKind::RsaPss, "RSASSA-PSS"};
        wantKey = EVP_PKEY_RSA;
        SANDI_ASSIGN(params, pssParams(sigAlg));
        if (mdNid(params.hash) != mdNid(md) || mdNid(params.mgfHash) != mdNid(md))
            return fail(mismatch(code, std::string("the RSASSA-PSS parameters name ") + OBJ_nid2sn(mdNid(params.hash)) +
                                           " but the digest algorithm is " + OBJ_nid2sn(mdNid(md))));
    } else if (nid == NID_X9_62_id_ecPublicKey) {
        out = {SignatureKind::Ecdsa, "id-ecPublicKey"};
        wantKey = EVP_PKEY_EC;
    } else if (nid == NID_ED25519) {
        out = {SignatureKind::Ed25519, "Ed25519"};
        wantKey = EVP_PKEY_ED25519;
    } else if (int sigMd = NID_undef, sigPk = NID_undef;
               nid != NID_undef && OBJ_find_sigid_algs(nid, &sigMd, &sigPk) == 1) {
        out.name = OBJ_nid2sn(nid);
        if (sigPk == NID_rsaEncryption) {
            out.kind = SignatureKind::RsaPkcs1;
            wantKey = EVP_PKEY_RSA;
        } else if (sigPk == NID_X9_62_id_ecPublicKey) {
            out.kind = SignatureKind::Ecdsa;
            wantKey = EVP_PKEY_EC;
        } else {
            return fail(ErrorCode::Unsupported, "the signature algorithm " + out.name + " is not one Sandi verifies");
        }
        named = EVP_get_digestbynid(sigMd);
        namesHash = sigMd != NID_undef;
        if (namesHash && named == nullptr)
            return fail(ErrorCode::Unsupported, "the signature algorithm " + out.name + " is not one Sandi verifies");
    } else {
        return fail(ErrorCode::Unsupported,
                    "the signature algorithm " + std::string(oidText) + " is not one Sandi verifies");
    }
    int keyId = EVP_PKEY_get_base_id(key);
    if (keyId == EVP_PKEY_RSA_PSS) keyId = EVP_PKEY_RSA;
    if (keyId != wantKey)
        return fail(mismatch(code, "the signature algorithm " + out.name + " is for " + keyName(wantKey) +
                                       " keys but the signer's key is " + keyName(keyId)));
    if (namesHash && mdNid(named) != mdNid(md))
        return fail(mismatch(code, "the signature algorithm " + out.name + " names " + OBJ_nid2sn(mdNid(named)) +
                                       " but the digest algorithm is " + OBJ_nid2sn(mdNid(md))));
    return out;
}

Result<RecoveredDigest> recoverRsaDigestInfo(EVP_PKEY* key, std::span<const std::byte> signature)
{
    ossl::clearErrors();
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new(key, nullptr));
    std::vector<unsigned char> out(static_cast<std::size_t>(std::max(EVP_PKEY_get_size(key), 1)));
    std::size_t len = out.size();
    if (!ctx || EVP_PKEY_verify_recover_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_verify_recover(ctx.get(), out.data(), &len, reinterpret_cast<const unsigned char*>(signature.data()),
                                signature.size()) != 1) {
        ossl::clearErrors();
        return fail(ErrorCode::BadSignature, "the signature value does not verify with the signer's key");
    }
    const unsigned char* p = out.data();
    X509SigPtr info(d2i_X509_SIG(nullptr, &p, static_cast<long>(len)));
    if (!info || p != out.data() + len) {
        ossl::clearErrors();
        return fail(ErrorCode::BadSignature, "the signature value does not hold a DigestInfo");
    }
    const X509_ALGOR* alg = nullptr;
    const ASN1_OCTET_STRING* digest = nullptr;
    X509_SIG_get0(info.get(), &alg, &digest);
    const ASN1_OBJECT* oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, alg);
    RecoveredDigest r;
    r.md = EVP_get_digestbyobj(oid);
    const auto* d = reinterpret_cast<const std::byte*>(ASN1_STRING_get0_data(digest));
    r.digest.assign(d, d + ASN1_STRING_length(digest));
    return r;
}

Status verifyHashSignature(EVP_PKEY* key, const SignatureAlgorithm& alg, const X509_ALGOR* sigAlg, const EVP_MD* md,
                           std::span<const std::byte> hash, std::span<const std::byte> signature, const Rehash& rehash,
                           std::string_view& code)
{
    if (alg.kind == SignatureKind::Ed25519)
        return fail(ErrorCode::Unsupported, "Ed25519 signs the message, not a digest: it needs signed attributes");
    std::vector<std::byte> converted;
    if (alg.kind == SignatureKind::EcdsaPlain) {
        SANDI_ASSIGN(der, plainToDer(signature));
        converted = std::move(der);
        signature = converted;
    }
    ossl::clearErrors();
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new(key, nullptr));
    if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_signature_md(ctx.get(), md) != 1)
        return fail(ossl::lastError("setting up the signature check"));
    if (alg.kind == SignatureKind::RsaPkcs1 && EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1)
        return fail(ossl::lastError("setting up the signature check"));
    if (alg.kind == SignatureKind::RsaPss) {
        SANDI_ASSIGN(params, pssParams(sigAlg));
        if (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) != 1 ||
            EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), params.mgfHash) != 1 ||
            EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), params.saltLength) != 1)
            return fail(ossl::lastError("setting up the RSASSA-PSS check"));
    }
    if (EVP_PKEY_verify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                        reinterpret_cast<const unsigned char*>(hash.data()), hash.size()) == 1)
        return {};
    ossl::clearErrors();
    // A PKCS#1 v1.5 value names its digest: one made with another digest than the
    // declared one, over the same data, is a contradiction rather than a forgery.
    if (alg.kind == SignatureKind::RsaPkcs1 && rehash) {
        if (auto rec = recoverRsaDigestInfo(key, signature); rec && rec->md != nullptr && mdNid(rec->md) != mdNid(md)) {
            const auto other = rehash(rec->md);
            if (!other.empty() && constantTimeEqual(other, rec->digest))
                return fail(mismatch(code, std::string("the signature value was made with ") +
                                               OBJ_nid2sn(mdNid(rec->md)) + " but the CMS declares " +
                                               OBJ_nid2sn(mdNid(md))));
        }
    }
    return fail(ErrorCode::BadSignature, "the signature value does not verify with the signer's key");
}

} // namespace sandi::crypto
