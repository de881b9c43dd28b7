// SPDX-License-Identifier: GPL-3.0-or-later
// Detached CMS SignedData (RFC 5652) as PAdES and CAdES-BES use it: one signer,
// signed attributes content-type, message-digest and ESS signing-certificate-v2
// (plus signing-time for CAdES, never for PAdES), an optional signature time-stamp.
#pragma once

#include "sandi/core/ossl.h"
#include "sandi/core/result.h"
#include "sandi/pki/certificate.h"
#include "sandi/pki/ocsp.h"
#include "sandi/sign/findings.h"
#include "sandi/sign/signer.h"
#include "sandi/pki/x509.h"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sandi::crypto {

inline constexpr std::string_view kOidSignatureTimeStampToken = "1.2.840.113549.1.9.16.2.14";
inline constexpr std::string_view kOidAdbeRevocationInfoArchival = "1.2.840.113583.1.1.8";
inline constexpr std::string_view kOidEtsRevocationValues = "1.2.840.113549.1.9.16.2.24";
inline constexpr std::string_view kOidRiOcspResponse = "1.3.6.1.5.5.7.16.2";
// Revocation values read from one signature (CRLs and OCSP responses together).
inline constexpr std::size_t kMaxCmsRevocationValues = 1000;
inline constexpr std::size_t kMaxCmsBytes = std::size_t{4} * 1024 * 1024;

enum class CmsFlavour {
    Pades,    // no signing-time attribute (ETSI EN 319 142-1: the time goes in the PDF's /M)
    CadesBes, // signing-time attribute included
};

struct CmsSignRequest {
    std::span<const std::byte> contentDigest; // the digest of the signed content
    Digest digest = Digest::Sha256;           // the algorithm that produced it (SHA-256 or stronger)
    CmsFlavour flavour = CmsFlavour::Pades;
    TimePoint signingTime; // CadesBes only
};

// Signs and returns the DER ContentInfo. The signer's certificate and chain are embedded.
Result<std::vector<std::byte>> cmsSignDetached(Signer& signer, const CmsSignRequest& request);
// The signature value of the (single) signer: what a signature time-stamp covers.
Result<std::vector<std::byte>> cmsSignatureValue(std::span<const std::byte> cmsDer);
// Adds an RFC 3161 token as the unsigned attribute id-aa-signatureTimeStampToken.
Result<std::vector<std::byte>> cmsAddSignatureTimestamp(std::span<const std::byte> cmsDer,
                                                        std::span<const std::byte> tokenDer);

struct CmsSignature {
    std::optional<Certificate> signer;     // set in every verified signature
    std::vector<Certificate> certificates; // every certificate in the SignedData
    std::vector<Crl> crls;
    Digest digest = Digest::Sha256;
    std::string digestName;
    std::vector<std::byte> signatureValue;
    std::optional<TimePoint> signingTime; // the CMS signing-time attribute, if any
    std::optional<std::vector<std::byte>> timestampToken;
    std::vector<Finding> remarks;          // conformance notes, not failures
    bool encapsulatedContent = false;      // eContent present (and equal to the signed content)
    std::vector<Certificate> otherSigners; // the signers of further SignerInfos (each verified)
};

// Computes the digest of the signed content with the algorithm the signature names.
using ContentDigester = std::function<Result<std::vector<std::byte>>(Digest digest)>;

// Verifies a SignedData against its content. Every SignerInfo must verify (an invalid
// one never hides behind a valid one); the first is the reported signer, the others are
// listed in otherSigners (remark CMS_MULTIPLE_SIGNERS). For each SignerInfo:
//  - with signed attributes: content-type is id-data, message-digest equals the content's
//    digest (constant time), an ESS signing-certificate(-v2) attribute, when present,
//    identifies the signer by its first entry (RFC 5035), and the signature verifies over
//    the DER encoding of the attributes (a SET OF in sorted order, as DSS and BouncyCastle
//    verify it; attributes signed in another order fail with CMS_ATTRIBUTES_NOT_DER);
//  - without signed attributes (a legal adbe.pkcs7.detached form): the signature is over
//    the content's digest itself (remark CMS_NO_SIGNED_ATTRIBUTES).
// The signature algorithm must fit the signer's key and the digest algorithm, and the
// value must have been made with the declared digest (else CMS_ALGORITHM_MISMATCH);
// RSA PKCS#1 v1.5, RSASSA-PSS, ECDSA (X9.62 DER and BSI TR-03111 plain r||s) and Ed25519
// (with signed attributes) are verified, others are Unsupported. An encapsulated content
// (eContent) must equal the signed content (remark CMS_ENCAPSULATED_CONTENT); bytes after
// the CMS other than zero padding are a remark (CMS_TRAILING_DATA). The chain is not
// validated here (chain.h does that, at the time the caller establishes). A SHA-1 digest
// is accepted with a remark; MD5 is refused (Policy). A content whose digest differs fails
// with ErrorCode::DigestMismatch, a signature value that does not verify with BadSignature.
// On failure, `failureCode` (when given) receives the finding code that names the failure
// best (findings.h), or stays empty when the ErrorCode says it (see judgeCmsSignature).
Result<CmsSignature> cmsVerifyDetached(std::span<const std::byte> cmsDer, const ContentDigester& digester,
                                       std::string_view* failureCode = nullptr);

// adbe.x509.rsa_sha1 (ISO 32000-1 §12.8.3.2): `contents` is a DER OCTET STRING holding a
// PKCS#1 v1.5 RSA signature over the digest of the signed content (SHA-1, or the stronger
// digest its DigestInfo names); the signer's certificate is the first of `certificates`
// (the signature dictionary's /Cert), the others are its chain. Remark CMS_SHA1_SUBFILTER.
Result<CmsSignature> verifyX509RsaSha1(std::span<const std::byte> contents,
                                       std::span<const std::vector<std::byte>> certificates,
                                       const ContentDigester& digester, std::string_view* failureCode = nullptr);

// Revocation evidence a CMS signature carries beyond its plain CRLs: the signed attribute
// adbe-revocationInfoArchival (CRLs and OCSPResponses, Adobe's PDF signatures), the
// unsigned attribute id-aa-ets-revocationValues (CAdES-X-L: CRLs and
// BasicOCSPResponses), and RevocationInfoChoices `other` of format id-ri-ocsp-response
// (RFC 5940). Untrusted: judged where it is used. An item that cannot be parsed is
// named in `unreadable`, never an error.
struct CmsRevocationEvidence {
    std::vector<Crl> crls;
    std::vector<OcspResponse> ocsps;
    std::vector<std::string> unreadable;
};
CmsRevocationEvidence cmsRevocationEvidence(std::span<const std::byte> cmsDer);

} // namespace sandi::crypto
