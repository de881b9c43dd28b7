// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/sign/cms.h"

#include "der.h"
#include "sandi/core/secure_buffer.h"
#include "signature_value.h"

#include <openssl/cms.h>
#include <openssl/ess.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <chrono>

namespace sandi::crypto {
namespace {

using CmsPtr = std::unique_ptr<CMS_ContentInfo, ossl::Deleter<CMS_ContentInfo, CMS_ContentInfo_free>>;
using EssV2Ptr = std::unique_ptr<ESS_SIGNING_CERT_V2, ossl::Deleter<ESS_SIGNING_CERT_V2, ESS_SIGNING_CERT_V2_free>>;
using EssV1Ptr = std::unique_ptr<ESS_SIGNING_CERT, ossl::Deleter<ESS_SIGNING_CERT, ESS_SIGNING_CERT_free>>;

// `trailing`, when given, receives the count of bytes after the DER other than zero
// padding (which are then allowed); without it they are refused.
Result<CmsPtr> parseCms(std::span<const std::byte> der, std::size_t* trailing = nullptr)
{
    if (der.empty()) return fail(ErrorCode::InvalidInput, "empty CMS signature");
    if (der.size() > kMaxCmsBytes) return fail(ErrorCode::InvalidInput, "CMS signature larger than 4 MiB");
    ossl::clearErrors();
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    if (!cms) return fail(ossl::lastError("not a DER CMS structure", ErrorCode::InvalidInput));
    // PDF /Contents is zero-padded: zero bytes after the DER are allowed; other bytes only
    // where the caller reports them (the verifier: a remark, as DSS and pdfsig read such files).
    const auto used = static_cast<std::size_t>(p - reinterpret_cast<const unsigned char*>(der.data()));
    const auto nonZero = static_cast<std::size_t>(std::count_if(
        der.begin() + static_cast<std::ptrdiff_t>(used), der.end(), [](std::byte b) { return b != std::byte{0}; }));
    if (nonZero > 0 && trailing == nullptr)
        return fail(ErrorCode::InvalidInput, "trailing data after the CMS signature");
    if (trailing != nullptr) *trailing = nonZero;
    if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed)
        return fail(ErrorCode::InvalidInput, "the CMS structure is not SignedData");
    return cms;
}

Result<std::vector<std::byte>> encode(CMS_ContentInfo* cms)
{
    unsigned char* buf = nullptr;
    const int n = i2d_CMS_ContentInfo(cms, &buf);
    if (n <= 0) return fail(ossl::lastError("encoding the CMS signature"));
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
    OPENSSL_free(buf);
    return out;
}

Result<CMS_SignerInfo*> onlySigner(CMS_ContentInfo* cms)
{
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms);
    if (infos == nullptr || sk_CMS_SignerInfo_num(infos) != 1)
        return fail(ErrorCode::InvalidInput, "the CMS signature must have exactly one signer");
    return sk_CMS_SignerInfo_value(infos, 0);
}

// DER of the signed attributes as a SET OF (the bytes the signature covers, RFC 5652 §5.4).
Result<std::vector<std::byte>> signedAttributesDer(CMS_SignerInfo* si)
{
    std::vector<std::vector<std::byte>> encoded;
    const int n = CMS_signed_get_attr_count(si);
    for (int i = 0; i < n; ++i) {
        unsigned char* buf = nullptr;
        const int len = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &buf);
        if (len <= 0) return fail(ossl::lastError("encoding a signed attribute"));
        encoded.emplace_back(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + len);
        OPENSSL_free(buf);
    }
    // DER orders a SET OF by the encodings (X.690 §11.6), as OpenSSL does when it encodes.
    std::sort(encoded.begin(), encoded.end(), [](const auto& a, const auto& b) {
        return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                            [](std::byte x, std::byte y) { return x < y; });
    });
    std::size_t total = 0;
    for (const auto& e : encoded)
        total += e.size();
    std::vector<std::byte> out;
    out.push_back(std::byte{0x31});
    if (total < 0x80) {
        out.push_back(static_cast<std::byte>(total));
    } else {
        std::vector<std::byte> len;
        for (std::size_t t = total; t > 0; t >>= 8U)
            len.insert(len.begin(), static_cast<std::byte>(t & 0xFFU));
        out.push_back(static_cast<std::byte>(0x80U | len.size()));
        out.insert(out.end(), len.begin(), len.end());
    }
    for (const auto& e : encoded)
        out.insert(out.end(), e.begin(), e.end());
    return out;
}

Status addSigningCertificateV2(CMS_SignerInfo* si, X509* cert)
{
    // ESS signing-certificate-v2 with a SHA-256 hash of the certificate (RFC 5035).
    STACK_OF(X509)* none = nullptr;
    EssV2Ptr sc(OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), cert, none, 0));
    unsigned char* der = nullptr;
    const int n = sc ? i2d_ESS_SIGNING_CERT_V2(sc.get(), &der) : -1;
    std::unique_ptr<ASN1_STRING, ossl::Deleter<ASN1_STRING, ASN1_STRING_free>> seq(
        ASN1_STRING_type_new(V_ASN1_SEQUENCE));
    const bool ok =
        n > 0 && seq && ASN1_STRING_set(seq.get(), der, n) == 1 &&
        CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE, seq.get(), -1) == 1;
    OPENSSL_free(der);
    if (!ok) return fail(ossl::lastError("adding the signing-certificate-v2 attribute"));
    return {};
}

// RSASSA-PSS-params (RFC 4055): hash `md`, MGF1 with `md`, salt of the digest's length.
Status setPssAlgorithm(CMS_SignerInfo* si, const EVP_MD* md)
{
    X509_ALGOR* sigAlg = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, nullptr, &sigAlg);
    std::unique_ptr<RSA_PSS_PARAMS, ossl::Deleter<RSA_PSS_PARAMS, RSA_PSS_PARAMS_free>> params(RSA_PSS_PARAMS_new());
    std::unique_ptr<X509_ALGOR, ossl::Deleter<X509_ALGOR, X509_ALGOR_free>> mgfHash(X509_ALGOR_new());
    if (sigAlg == nullptr || !params || !mgfHash) return fail(ossl::lastError("building RSASSA-PSS parameters"));
    params->hashAlgorithm = X509_ALGOR_new();
    params->maskGenAlgorithm = X509_ALGOR_new();
    params->saltLength = ASN1_INTEGER_new();
    if (params->hashAlgorithm == nullptr || params->maskGenAlgorithm == nullptr || params->saltLength == nullptr ||
        ASN1_INTEGER_set(params->saltLength, EVP_MD_get_size(md)) != 1)
        return fail(ossl::lastError("building RSASSA-PSS parameters"));
    X509_ALGOR_set_md(params->hashAlgorithm, md);
    X509_ALGOR_set_md(mgfHash.get(), md);
    unsigned char* der = nullptr;
    int n = i2d_X509_ALGOR(mgfHash.get(), &der);
    ASN1_STRING* mgfParam = n > 0 ? ASN1_STRING_type_new(V_ASN1_SEQUENCE) : nullptr;
    const bool mgfOk = mgfParam != nullptr && ASN1_STRING_set(mgfParam, der, n) == 1;
    OPENSSL_free(der);
    if (!mgfOk || X509_ALGOR_set0(params->maskGenAlgorithm, OBJ_nid2obj(NID_mgf1), V_ASN1_SEQUENCE, mgfParam) != 1) {
        ASN1_STRING_free(mgfParam);
        return fail(ossl::lastError("building RSASSA-PSS parameters"));
    }
    der = nullptr;
    n = i2d_RSA_PSS_PARAMS(params.get(), &der);
    ASN1_STRING* encoded = n > 0 ? ASN1_STRING_type_new(V_ASN1_SEQUENCE) : nullptr;
    const bool ok = encoded != nullptr && ASN1_STRING_set(encoded, der, n) == 1;
    OPENSSL_free(der);
    if (!ok || X509_ALGOR_set0(sigAlg, OBJ_nid2obj(NID_rsassaPss), V_ASN1_SEQUENCE, encoded) != 1) {
        ASN1_STRING_free(encoded);
        return fail(ossl::lastError("setting the RSASSA-PSS algorithm"));
    }
    return {};
}

} // namespace

Result<std::vector<std::byte>> cmsSignDetached(Signer& signer, const CmsSignRequest& request)
{
    if (isWeakDigest(request.digest))
        return fail(ErrorCode::InvalidArgument, "the signature digest must be SHA-256 or stronger");
    const EVP_MD* md = ossl::evpMd(request.digest);
    if (request.contentDigest.size() != digestSize(request.digest))
        return fail(ErrorCode::InvalidArgument, "the content digest does not match the digest algorithm");
    ossl::clearErrors();
    constexpr unsigned kFlags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
    CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, kFlags));
    if (!cms) return fail(ossl::lastError("creating the CMS structure"));
    // The public key sets up the algorithm identifiers; the private key never meets CMS.
    CMS_SignerInfo* si =
        CMS_add1_signer(cms.get(), signer.certificate(), X509_get0_pubkey(signer.certificate()), md, kFlags);
    if (si == nullptr) return fail(ossl::lastError("adding the signer"));
    for (X509* c : signer.chain())
        if (CMS_add1_cert(cms.get(), c) != 1) return fail(ossl::lastError("embedding the certificate chain"));
    SANDI_TRY(addSigningCertificateV2(si, signer.certificate()));
    if (CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data), -1) != 1 ||
        CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, request.contentDigest.data(),
                                    static_cast<int>(request.contentDigest.size())) != 1)
        return fail(ossl::lastError("adding the signed attributes"));
    if (request.flavour == CmsFlavour::CadesBes) {
        ossl::Asn1TimePtr t(ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(request.signingTime)));
        if (!t || CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, t->type, t.get(), -1) != 1)
            return fail(ossl::lastError("adding the signing-time attribute"));
    }
    if (signer.scheme() == SignatureScheme::RsaPss) SANDI_TRY(setPssAlgorithm(si, md));
    SANDI_ASSIGN(toSign, signedAttributesDer(si));
    SANDI_ASSIGN(signature, signer.sign(toSign, request.digest));
    if (ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), signature.data(), static_cast<int>(signature.size())) != 1)
        return fail(ossl::lastError("storing the signature value"));
    // Check our own work as others will see it: encoded (signed attributes in DER order),
    // parsed back and verified.
    SANDI_ASSIGN(der, encode(cms.get()));
    SANDI_ASSIGN(back, parseCms(der));
    SANDI_ASSIGN(backSi, onlySigner(back.get()));
    if (CMS_set1_signers_certs(back.get(), nullptr, 0) < 1 || CMS_SignerInfo_verify(backSi) != 1)
        return fail(ossl::lastError("the new signature does not verify"));
    return der;
}

Result<std::vector<std::byte>> cmsSignatureValue(std::span<const std::byte> cmsDer)
{
    SANDI_ASSIGN(cms, parseCms(cmsDer));
    SANDI_ASSIGN(si, onlySigner(cms.get()));
    const ASN1_OCTET_STRING* sig = CMS_SignerInfo_get0_signature(si);
    const auto* p = reinterpret_cast<const std::byte*>(ASN1_STRING_get0_data(sig));
    return std::vector<std::byte>(p, p + ASN1_STRING_length(sig));
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a CMS and a token; each is parsed and checked as what it is
Result<std::vector<std::byte>> cmsAddSignatureTimestamp(std::span<const std::byte> cmsDer,
                                                        std::span<const std::byte> tokenDer)
{
    SANDI_ASSIGN(cms, parseCms(cmsDer));
    SANDI_ASSIGN(si, onlySigner(cms.get()));
    ossl::Asn1ObjectPtr oid(OBJ_txt2obj(std::string(kOidSignatureTimeStampToken).c_str(), 1));
    // The attribute value is the token (a ContentInfo), carried as an ASN.1 SEQUENCE.
    ossl::clearErrors();
    std::unique_ptr<ASN1_STRING, ossl::Deleter<ASN1_STRING, ASN1_STRING_free>> seq(
        ASN1_STRING_type_new(V_ASN1_SEQUENCE));
    if (!oid || !seq || ASN1_STRING_set(seq.get(), tokenDer.data(), static_cast<int>(tokenDer.size())) != 1 ||
        CMS_unsigned_add1_attr_by_OBJ(si, oid.get(), V_ASN1_SEQUENCE, seq.get(), -1) != 1)
        return fail(ossl::lastError("adding the signature time-stamp"));
    return encode(cms.get());
}

namespace {

constexpr int kMaxSignerInfos = 16;

std::vector<std::byte> bytesOf(const ASN1_STRING* s)
{
    const auto* p = reinterpret_cast<const std::byte*>(ASN1_STRING_get0_data(s));
    return {p, p + ASN1_STRING_length(s)};
}

// ESS signing-certificate(-v2) (RFC 2634 §5.4, RFC 5035 §3): the first ESSCertID(v2)
// identifies the signer's certificate; further entries may name other certificates
// (its chain, or the signer again) and are not the signer's identification. OpenSSL
// wants every listed certificate among those it is given, so the attribute is cut to
// its first entry before OpenSSL checks hash and issuer-serial.
std::optional<std::vector<std::byte>> firstCertIdOnly(const ASN1_STRING* attr)
{
    const auto value = der::read(
        std::as_bytes(std::span(ASN1_STRING_get0_data(attr), static_cast<std::size_t>(ASN1_STRING_length(attr)))));
    if (!value || value->tag != 0x30) return std::nullopt;
    const auto fields = der::children(value->content, 2);
    if (!fields || fields->empty() || fields->front().tag != 0x30) return std::nullopt;
    const auto ids = der::children(fields->front().content);
    if (!ids || ids->empty()) return std::nullopt;
    return der::encode(0x30, der::encode(0x30, ids->front().whole));
}

Status checkSigningCertificate(CMS_SignerInfo* si, X509* signerCert, std::vector<Finding>& remarks)
{
    const auto* v2 = static_cast<const ASN1_STRING*>(
        CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3, V_ASN1_SEQUENCE));
    const auto* v1 = static_cast<const ASN1_STRING*>(
        CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_id_smime_aa_signingCertificate), -3, V_ASN1_SEQUENCE));
    if (v2 == nullptr && v1 == nullptr) {
        remarks.push_back({std::string(finding::kCmsNoSigningCertificateAttribute),
                           "no ESS signing-certificate attribute (PAdES and CAdES require one)"});
        return {};
    }
    EssV2Ptr essV2;
    EssV1Ptr essV1;
    if (v2 != nullptr) {
        if (auto first = firstCertIdOnly(v2)) {
            const auto* p = reinterpret_cast<const unsigned char*>(first->data());
            essV2.reset(d2i_ESS_SIGNING_CERT_V2(nullptr, &p, static_cast<long>(first->size())));
        }
    }
    if (v1 != nullptr) {
        if (auto first = firstCertIdOnly(v1)) {
            const auto* p = reinterpret_cast<const unsigned char*>(first->data());
            essV1.reset(d2i_ESS_SIGNING_CERT(nullptr, &p, static_cast<long>(first->size())));
        }
    }
    if ((v2 != nullptr && !essV2) || (v1 != nullptr && !essV1)) {
        ossl::clearErrors();
        return fail(ErrorCode::InvalidInput, "malformed ESS signing-certificate attribute");
    }
    ossl::X509StackPtr chain = ossl::newX509Stack();
    SANDI_TRY(ossl::pushCopy(chain.get(), signerCert));
    ossl::clearErrors();
    if (OSSL_ESS_check_signing_certs(essV1.get(), essV2.get(), chain.get(), 1) <= 0) {
        ossl::clearErrors();
        return fail(ErrorCode::InvalidInput,
                    "the ESS signing-certificate attribute does not name the signer's certificate");
    }
    return {};
}

// DER of the signed attributes as a SET OF in the order received (what OpenSSL's
// CMS_SignerInfo_verify checks), to explain a signature made over that order.
Result<std::vector<std::byte>> signedAttributesAsReceived(CMS_SignerInfo* si)
{
    std::vector<std::byte> content;
    const int n = CMS_signed_get_attr_count(si);
    for (int i = 0; i < n; ++i) {
        unsigned char* buf = nullptr;
        const int len = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &buf);
        if (len <= 0) return fail(ossl::lastError("encoding a signed attribute"));
        content.insert(content.end(), reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + len);
        OPENSSL_free(buf);
    }
    return der::encode(0x31, content);
}

std::vector<std::byte> hashOf(const EVP_MD* md, std::span<const std::byte> data)
{
    const auto d = ossl::digestFromEvp(md);
    return d ? digestOf(*d, data) : std::vector<std::byte>{};
}

// One SignerInfo, against the content that `digester` digests (`eContent`, if present,
// must be that content).
Result<CmsSignature> verifySignerInfo(CMS_SignerInfo* si, const std::optional<std::vector<std::byte>>& eContent,
                                      const ContentDigester& digester, std::string_view& code)
{
    CmsSignature out;
    EVP_PKEY* pk = nullptr;
    X509* signerCert = nullptr;
    X509_ALGOR* digestAlg = nullptr;
    X509_ALGOR* sigAlg = nullptr;
    CMS_SignerInfo_get0_algs(si, &pk, &signerCert, &digestAlg, &sigAlg);
    if (signerCert == nullptr || pk == nullptr)
        return fail(ErrorCode::InvalidInput, "the signer's certificate is not in the CMS signature");
    out.signer.emplace(ossl::upRef(signerCert));

    const ASN1_OBJECT* mdOid = nullptr;
    X509_ALGOR_get0(&mdOid, nullptr, nullptr, digestAlg);
    const EVP_MD* signedMd = EVP_get_digestbyobj(mdOid);
    if (signedMd == nullptr) return fail(ErrorCode::Unsupported, "unknown digest algorithm in the CMS signature");
    out.digestName = OBJ_nid2sn(EVP_MD_get_type(signedMd));
    // SHA-1 is still what some signers use (MuPDF's `mutool sign`): accepted for
    // verification, flagged; MD5 and anything shorter are refused. Sandi itself signs
    // with SHA-256 or stronger only.
    if (EVP_MD_get_size(signedMd) < 20)
        return fail(ErrorCode::Policy, "the signature uses " + out.digestName + ", which is broken");
    const auto digest = ossl::digestFromEvp(signedMd);
    if (!digest)
        return fail(ErrorCode::Unsupported, "the CMS signature uses " + out.digestName + ", which Sandi does not read");
    out.digest = *digest;
    // The signature algorithm must fit the key and, where it names a hash, the digest
    // algorithm: otherwise the identifiers and the value disagree about what was signed.
    SANDI_ASSIGN(alg, signatureAlgorithm(sigAlg, pk, signedMd, code));
    if (isWeakDigest(out.digest))
        out.remarks.push_back({std::string(finding::kCmsWeakDigest),
                               "weak digest " + out.digestName +
                                   ": collisions can be computed; ask the signer to sign again with SHA-256"});

    SANDI_ASSIGN(contentDigest, digester(out.digest));
    if (contentDigest.empty()) return fail(ErrorCode::Crypto, "cannot compute the " + out.digestName + " digest");
    if (eContent && !constantTimeEqual(digestOf(out.digest, *eContent), contentDigest))
        return fail(ErrorCode::DigestMismatch, "the content inside the CMS is not the signed content");
    const std::vector<std::byte> signature = bytesOf(CMS_SignerInfo_get0_signature(si));

    if (CMS_signed_get_attr_count(si) <= 0) {
        // RFC 5652 §5.4: without signed attributes the signature is over the content itself.
        out.remarks.push_back({std::string(finding::kCmsNoSignedAttributes),
                               "no signed attributes: the signature covers the content's digest directly "
                               "(nothing binds the signer's certificate to the signature)"});
        SANDI_TRY(verifyHashSignature(
            pk, alg, sigAlg, signedMd, contentDigest, signature,
            [&](const EVP_MD* other) {
                const auto d = ossl::digestFromEvp(other);
                auto r = d ? digester(*d) : Result<std::vector<std::byte>>(std::vector<std::byte>{});
                return r ? *r : std::vector<std::byte>{};
            },
            code));
    } else {
        const ASN1_OBJECT* contentType = static_cast<const ASN1_OBJECT*>(
            CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_contentType), -3, V_ASN1_OBJECT));
        if (contentType == nullptr || OBJ_obj2nid(contentType) != NID_pkcs7_data)
            return fail(ErrorCode::InvalidInput, "the content-type attribute is missing or not id-data");
        const auto* md = static_cast<const ASN1_OCTET_STRING*>(
            CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
        if (md == nullptr) return fail(ErrorCode::InvalidInput, "the message-digest attribute is missing or repeated");
        SANDI_TRY(checkSigningCertificate(si, signerCert, out.remarks));
        if (const int idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1); idx >= 0) {
            const ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, idx), 0);
            if (value == nullptr || (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME))
                return fail(ErrorCode::InvalidInput, "malformed signing-time attribute");
            if (auto t = asn1TimeToTimePoint(value->value.utctime)) out.signingTime = *t;
            out.remarks.push_back({std::string(finding::kCmsSigningTimeInPades),
                                   "signing-time attribute present (PAdES takes the time from /M instead)"});
        }
        if (!constantTimeEqual(bytesOf(md), contentDigest))
            return fail(ErrorCode::DigestMismatch, "digest mismatch: the signed content was changed");
        if (alg.kind == SignatureKind::Ed25519) {
            ossl::clearErrors();
            SANDI_ASSIGN(tbs, signedAttributesDer(si));
            ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
            if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pk) != 1 ||
                EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                 reinterpret_cast<const unsigned char*>(tbs.data()), tbs.size()) != 1) {
                ossl::clearErrors();
                return fail(ErrorCode::BadSignature, "the signature value does not verify with the signer's key");
            }
        } else {
            // The signature covers the DER encoding of the attributes (RFC 5652 §5.4): a
            // SET OF sorted by encoding, as DSS (BouncyCastle) re-encodes it.
            SANDI_ASSIGN(tbs, signedAttributesDer(si));
            auto verified = verifyHashSignature(
                pk, alg, sigAlg, signedMd, hashOf(signedMd, tbs), signature,
                [&](const EVP_MD* other) { return hashOf(other, tbs); }, code);
            if (!verified) {
                SANDI_ASSIGN(received, signedAttributesAsReceived(si));
                std::string_view ignored;
                if (received != tbs && verifyHashSignature(pk, alg, sigAlg, signedMd, hashOf(signedMd, received),
                                                           signature, {}, ignored)) {
                    code = finding::kCmsAttributesNotDer;
                    return fail(ErrorCode::BadSignature,
                                "the signature covers the signed attributes in an order that is not DER's "
                                "(a SET OF is sorted): over their DER encoding it does not verify");
                }
                return fail(verified.error());
            }
        }
    }
    out.signatureValue = signature;

    ossl::Asn1ObjectPtr tstOid(OBJ_txt2obj(std::string(kOidSignatureTimeStampToken).c_str(), 1));
    const int idx = CMS_unsigned_get_attr_by_OBJ(si, tstOid.get(), -1);
    if (idx >= 0) {
        X509_ATTRIBUTE* attr = CMS_unsigned_get_attr(si, idx);
        ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(attr, 0);
        if (value == nullptr || value->type != V_ASN1_SEQUENCE)
            return fail(ErrorCode::InvalidInput, "malformed signature time-stamp attribute");
        out.timestampToken = bytesOf(value->value.sequence);
    }
    return out;
}

} // namespace

Result<CmsSignature> cmsVerifyDetached(std::span<const std::byte> cmsDer, const ContentDigester& digester,
                                       std::string_view* failureCode)
{
    std::string_view code;
    auto result = [&]() -> Result<CmsSignature> {
        std::size_t trailing = 0;
        SANDI_ASSIGN(cms, parseCms(cmsDer, &trailing));
        if (OBJ_obj2nid(CMS_get0_eContentType(cms.get())) != NID_pkcs7_data)
            return fail(ErrorCode::InvalidInput, "the signed content type is not id-data");
        std::optional<std::vector<std::byte>> eContent;
        if (CMS_is_detached(cms.get()) != 1) {
            ASN1_OCTET_STRING** content = CMS_get0_content(cms.get());
            if (content == nullptr || *content == nullptr)
                return fail(ErrorCode::InvalidInput, "the CMS signature has an unreadable encapsulated content");
            eContent = bytesOf(*content);
        }
        STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
        const int signers = infos != nullptr ? sk_CMS_SignerInfo_num(infos) : 0;
        if (signers < 1) return fail(ErrorCode::InvalidInput, "the CMS signature has no signer");
        if (signers > kMaxSignerInfos) return fail(ErrorCode::InvalidInput, "the CMS signature has too many signers");

        ossl::X509StackPtr certs(CMS_get1_certs(cms.get()));
        ossl::clearErrors();
        if (CMS_set1_signers_certs(cms.get(), nullptr, 0) < 1 &&
            CMS_set1_signers_certs(cms.get(), certs.get(), 0) < 1) {
            ossl::clearErrors();
            return fail(ErrorCode::InvalidInput, "the signer's certificate is not in the CMS signature");
        }
        ossl::clearErrors();
        std::optional<CmsSignature> first;
        for (int i = 0; i < signers; ++i) {
            auto one = verifySignerInfo(sk_CMS_SignerInfo_value(infos, i), eContent, digester, code);
            if (!one) {
                if (signers == 1) return fail(one.error());
                return fail(one.error().context("signer " + std::to_string(i + 1) + " of " + std::to_string(signers)));
            }
            if (!first)
                first = std::move(*one);
            else
                first->otherSigners.push_back(*one->signer);
        }
        CmsSignature out = std::move(*first);
        if (certs)
            for (int i = 0; i < sk_X509_num(certs.get()); ++i)
                out.certificates.emplace_back(ossl::upRef(sk_X509_value(certs.get(), i)));
        ossl::X509CrlStackPtr crls(CMS_get1_crls(cms.get()));
        if (crls)
            for (int i = 0; i < sk_X509_CRL_num(crls.get()); ++i)
                out.crls.emplace_back(ossl::upRef(sk_X509_CRL_value(crls.get(), i)));
        if (signers > 1)
            out.remarks.push_back({std::string(finding::kCmsMultipleSigners),
                                   std::to_string(signers) +
                                       " SignerInfos in one CMS: each verifies; the first is reported as the signer"});
        if (eContent) {
            out.encapsulatedContent = true;
            out.remarks.push_back({std::string(finding::kCmsEncapsulatedContent),
                                   "the CMS carries the signed content inside it (enveloping), equal to the signed "
                                   "bytes; PAdES wants a detached CMS"});
        }
        if (trailing > 0)
            out.remarks.push_back({std::string(finding::kCmsTrailingData),
                                   std::to_string(trailing) +
                                       " non-zero bytes after the CMS in /Contents (not covered by the signature)"});
        return out;
    }();
    if (!result && failureCode != nullptr) *failureCode = code;
    return result;
}

namespace {

// The revocation structures OpenSSL has no type for are read with der.h.
using Tlv = der::Element;

constexpr std::uint8_t kTagSequence = 0x30;
constexpr std::uint8_t kTagSet = 0x31;
constexpr std::uint8_t kTagOid = 0x06;
constexpr std::uint8_t kTagContext0 = 0xA0;
constexpr std::uint8_t kTagContext1 = 0xA1;
constexpr int kMaxDerDepth = 16;

// Reads one element off the front of `in` (der::read), leaving the rest in `in`.
std::optional<Tlv> readTlv(std::span<const std::byte>& in)
{
    auto t = der::read(in);
    if (t) in = in.subspan(t->whole.size());
    return t;
}

std::vector<std::byte> oidDer(std::string_view dotted)
{
    ossl::Asn1ObjectPtr obj(OBJ_txt2obj(std::string(dotted).c_str(), 1));
    const int n = obj ? i2d_ASN1_OBJECT(obj.get(), nullptr) : 0;
    if (n <= 0) return {};
    std::vector<std::byte> out(static_cast<std::size_t>(n));
    auto* p = reinterpret_cast<unsigned char*>(out.data());
    i2d_ASN1_OBJECT(obj.get(), &p);
    return out;
}

bool sameBytes(std::span<const std::byte> a, std::span<const std::byte> b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

enum class OcspForm { Response, Basic };

void addCrlValue(std::span<const std::byte> der, std::string_view where, CmsRevocationEvidence& out)
{
    if (out.crls.size() + out.ocsps.size() >= kMaxCmsRevocationValues) return;
    if (auto crl = Crl::parse(der))
        out.crls.push_back(std::move(*crl));
    else
        out.unreadable.push_back("a CRL in " + std::string(where) + ": " + crl.error().message);
}

void addOcspValue(std::span<const std::byte> der, OcspForm form, std::string_view where, CmsRevocationEvidence& out)
{
    if (out.crls.size() + out.ocsps.size() >= kMaxCmsRevocationValues) return;
    auto r = form == OcspForm::Response ? OcspResponse::fromDer(der) : OcspResponse::fromBasicDer(der);
    if (r)
        out.ocsps.push_back(std::move(*r));
    else
        out.unreadable.push_back("an OCSP response in " + std::string(where) + ": " + r.error().message);
}

// RevocationInfoArchival and RevocationValues share a shape: SEQUENCE { [0] EXPLICIT
// SEQUENCE OF CertificateList, [1] EXPLICIT SEQUENCE OF (Basic)OCSPResponse, [2] other }.
void readRevocationSequence(std::span<const std::byte> der, OcspForm form, std::string_view where,
                            CmsRevocationEvidence& out)
{
    std::span<const std::byte> in = der;
    auto outer = readTlv(in);
    if (!outer || outer->tag != kTagSequence || !in.empty()) {
        out.unreadable.push_back(std::string(where) + ": not a DER SEQUENCE");
        return;
    }
    std::span<const std::byte> fields = outer->content;
    while (!fields.empty()) {
        auto field = readTlv(fields);
        if (!field) {
            out.unreadable.push_back(std::string(where) + ": malformed DER");
            return;
        }
        if (field->tag != kTagContext0 && field->tag != kTagContext1) continue; // otherRevInfo: not read
        std::span<const std::byte> inner = field->content;
        auto list = readTlv(inner);
        if (!list || list->tag != kTagSequence) {
            out.unreadable.push_back(std::string(where) + ": malformed list of revocation values");
            continue;
        }
        std::span<const std::byte> items = list->content;
        while (!items.empty()) {
            auto item = readTlv(items);
            if (!item) {
                out.unreadable.push_back(std::string(where) + ": malformed revocation value");
                break;
            }
            if (field->tag == kTagContext0)
                addCrlValue(item->whole, where, out);
            else
                addOcspValue(item->whole, form, where, out);
        }
    }
}

// SignedData's RevocationInfoChoices: `other` [1] { otherRevInfoFormat OID, otherRevInfo }.
void readOtherRevocationInfo(std::span<const std::byte> contentInfo, CmsRevocationEvidence& out)
{
    const std::vector<std::byte> ocspFormat = oidDer(kOidRiOcspResponse);
    std::span<const std::byte> in = contentInfo;
    auto ci = readTlv(in);
    if (!ci || ci->tag != kTagSequence) return;
    std::span<const std::byte> ciFields = ci->content;
    auto type = readTlv(ciFields);
    auto explicitContent = readTlv(ciFields);
    if (!type || !explicitContent || explicitContent->tag != kTagContext0) return;
    std::span<const std::byte> sdOuter = explicitContent->content;
    auto sd = readTlv(sdOuter);
    if (!sd || sd->tag != kTagSequence) return;
    std::span<const std::byte> f = sd->content;
    for (int i = 0; i < kMaxDerDepth && !f.empty(); ++i) {
        auto field = readTlv(f);
        if (!field) return;
        if (field->tag == kTagSet && i > 1) return; // signerInfos: past the RevocationInfoChoices
        if (field->tag != kTagContext1) continue;
        std::span<const std::byte> choices = field->content;
        while (!choices.empty()) {
            auto choice = readTlv(choices);
            if (!choice) return;
            if (choice->tag != kTagContext1) continue; // a CertificateList: OpenSSL reads those
            std::span<const std::byte> other = choice->content;
            auto format = readTlv(other);
            if (!format || format->tag != kTagOid || !sameBytes(format->whole, ocspFormat) || other.empty()) continue;
            addOcspValue(other, OcspForm::Response, "the CMS RevocationInfoChoices (id-ri-ocsp-response)", out);
        }
        return;
    }
}

std::optional<std::span<const std::byte>> attributeSequence(const ASN1_TYPE* value)
{
    if (value == nullptr || value->type != V_ASN1_SEQUENCE) return std::nullopt;
    return std::span(reinterpret_cast<const std::byte*>(ASN1_STRING_get0_data(value->value.sequence)),
                     static_cast<std::size_t>(ASN1_STRING_length(value->value.sequence)));
}

} // namespace

CmsRevocationEvidence cmsRevocationEvidence(std::span<const std::byte> cmsDer)
{
    CmsRevocationEvidence out;
    auto cms = parseCms(cmsDer);
    if (!cms) return out;
    auto si = onlySigner(cms->get());
    if (!si) return out;
    ossl::Asn1ObjectPtr archival(OBJ_txt2obj(std::string(kOidAdbeRevocationInfoArchival).c_str(), 1));
    ossl::Asn1ObjectPtr values(OBJ_txt2obj(std::string(kOidEtsRevocationValues).c_str(), 1));
    if (const int idx = CMS_signed_get_attr_by_OBJ(*si, archival.get(), -1); idx >= 0) {
        if (auto seq = attributeSequence(X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(*si, idx), 0)))
            readRevocationSequence(*seq, OcspForm::Response, "the adbe-revocationInfoArchival attribute", out);
        else
            out.unreadable.push_back("the adbe-revocationInfoArchival attribute is not a SEQUENCE");
    }
    if (const int idx = CMS_unsigned_get_attr_by_OBJ(*si, values.get(), -1); idx >= 0) {
        if (auto seq = attributeSequence(X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(*si, idx), 0)))
            readRevocationSequence(*seq, OcspForm::Basic, "the CAdES revocation-values attribute", out);
        else
            out.unreadable.push_back("the CAdES revocation-values attribute is not a SEQUENCE");
    }
    if (auto der = encode(cms->get())) readOtherRevocationInfo(*der, out);
    ossl::clearErrors();
    return out;
}

} // namespace sandi::crypto
