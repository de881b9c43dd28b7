// SPDX-License-Identifier: GPL-3.0-or-later
// OCSP responses (RFC 6960) as revocation evidence: a response embedded in a signature
// (PDF /DSS, CMS revocation attributes) or fetched, parsed from outside input, asked
// for one certificate's status, and checked: its signature and its responder (the
// issuing CA itself, or a delegated responder the CA issued with id-kp-OCSPSigning).
// The time rules (which response speaks for which time) are chain.h's.
#pragma once

#include "sandi/core/ossl.h"
#include "sandi/core/result.h"
#include "sandi/core/time.h"
#include "sandi/pki/ca_database.h"
#include "sandi/pki/certificate.h"

#include <openssl/ocsp.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sandi::crypto {

// Inputs larger than this are refused before parsing.
inline constexpr std::size_t kMaxOcspResponseBytes = std::size_t{1} * 1024 * 1024;
// Single responses looked at in one response (a responder answers for a handful).
inline constexpr int kMaxOcspSingleResponses = 1000;

enum class OcspCertStatus { Good, Revoked, Unknown };
const char* ocspCertStatusName(OcspCertStatus status) noexcept; // "good", "revoked", "unknown"

// What a response says about one certificate (its SingleResponse).
struct OcspSingleStatus {
    OcspCertStatus status = OcspCertStatus::Unknown;
    TimePoint thisUpdate;
    std::optional<TimePoint> nextUpdate;
    std::optional<TimePoint> revocationTime; // Revoked only
    std::optional<RevocationReason> reason;  // Revoked, when the response names one
    std::optional<TimePoint> archiveCutoff;  // the response's archiveCutoff extension (RFC 6960 §4.4.4)
};

// Who signed a response, once checkResponder accepted it.
struct OcspSigner {
    Certificate certificate; // the issuing CA, or the delegated responder's certificate
    bool delegated = false;  // signed by a responder certificate, not by the CA's own key
    bool noCheck = false;    // the delegated certificate carries id-pkix-ocsp-nocheck
};

class OcspResponse final {
  public:
    // A full OCSPResponse (what a responder sends, what /DSS /OCSPs and
    // adbe-revocationInfoArchival carry): it must be `successful` with a basic response.
    static Result<OcspResponse> fromDer(std::span<const std::byte> der);
    // A bare BasicOCSPResponse (CAdES id-aa-ets-revocationValues carries those).
    static Result<OcspResponse> fromBasicDer(std::span<const std::byte> der);
    // A file: DER (OCSPResponse, else BasicOCSPResponse) or PEM "OCSP RESPONSE".
    static Result<OcspResponse> parse(std::span<const std::byte> pemOrDer);

    // The signed time of the response.
    [[nodiscard]] TimePoint producedAt() const noexcept { return m_producedAt; }
    // The ResponderID, for messages: the name, or "key " + the key hash in hex.
    [[nodiscard]] std::string responderId() const;
    // The status of `cert` (issued by `issuer`): the SingleResponse whose CertID matches
    // the issuer's name hash, key hash and the serial, with whatever hash algorithm the
    // response uses; nothing when the response does not speak of the certificate.
    [[nodiscard]] std::optional<OcspSingleStatus> statusOf(const Certificate& cert, const Certificate& issuer) const;
    // Checks the response's signature and that its signer may answer for certificates of
    // `issuer`: the issuer's own key, or a certificate (in the response or `extra`)
    // issued and signed by the issuer with extendedKeyUsage id-kp-OCSPSigning, valid when
    // the response was produced. Refusals are errors with the reason (ErrorCode::Policy
    // for an unauthorised responder, BadSignature for a signature that does not verify).
    [[nodiscard]] Result<OcspSigner> checkResponder(const Certificate& issuer,
                                                    std::span<const Certificate> extra) const;
    // Certificates the response carries (the responder's, usually).
    [[nodiscard]] std::vector<Certificate> certificates() const;
    // DER of the BasicOCSPResponse (identity for caches and de-duplication).
    [[nodiscard]] std::vector<std::byte> basicDer() const;
    // DER of a `successful` OCSPResponse around it (what /DSS /OCSPs holds).
    [[nodiscard]] Result<std::vector<std::byte>> responseDer() const;

    [[nodiscard]] OCSP_BASICRESP* native() const noexcept { return m_basic.get(); }

  private:
    explicit OcspResponse(std::shared_ptr<OCSP_BASICRESP> basic, TimePoint producedAt);
    std::shared_ptr<OCSP_BASICRESP> m_basic; // immutable once parsed; shared by copies
    TimePoint m_producedAt;
};

} // namespace sandi::crypto
