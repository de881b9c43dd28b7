// SPDX-License-Identifier: GPL-3.0-or-later
// Revocation evidence fetched over HTTP: an OCSP response from the responder a
// certificate names (authorityInfoAccess id-ad-ocsp, RFC 6960 Appendix A.1) and the CRL
// at its distribution point (RFC 5280 §4.2.1.13). http:// only: what is fetched is
// signed, and judged by its reader (crypto/pki's OCSP verification, chain.h). Errors
// name the URL and the problem (no URL, timeout, too large, HTTP status, not OCSP).
#pragma once

#include "sandi/core/result.h"
#include "sandi/pki/certificate.h"
#include "sandi/sign/validation.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sandi::client {

struct FetchLimits {
    std::chrono::milliseconds timeout{10000};
    std::size_t maxOcspBytes = std::size_t{1} << 20;
    std::size_t maxCrlBytes = std::size_t{32} << 20;
};

// POSTs an OCSP request (SHA-1 CertID, RFC 5019 §2.1.1, with a nonce) for `cert`, issued
// by `issuer`, to the cert's AIA OCSP URL; the DER OCSPResponse. Fails unless the answer
// is an OCSPResponse with status successful whose nonce, if any, is the request's.
Result<std::vector<std::byte>> fetchOcsp(const crypto::Certificate& cert, const crypto::Certificate& issuer,
                                         const FetchLimits& limits = {});
// The CRL at the cert's first http CRL distribution point; DER (a PEM answer is accepted
// and converted).
Result<std::vector<std::byte>> fetchCrl(const crypto::Certificate& cert, const FetchLimits& limits = {});

// The first http:// OCSP URL / CRL distribution point a certificate names.
std::optional<std::string> ocspUrlOf(const crypto::Certificate& cert);
std::optional<std::string> crlUrlOf(const crypto::Certificate& cert);

// Whether a DER OCSPResponse is successful and holds a SingleResponse for `cert` issued
// by `issuer` (its CertID, in any hash the response used). Neither signature nor time is
// judged: this matches evidence to certificates, it does not validate it.
bool ocspResponseCovers(std::span<const std::byte> response, const crypto::Certificate& cert,
                        const crypto::Certificate& issuer);

// The verifier's online source (`sandi verify --online`, crypto::VerifyOptions::online):
// fetchOcsp and fetchCrl, each certificate asked at most once per fetcher, so that a run
// over many files signed by one official asks the responder once. Thread-safe.
class HttpRevocationFetcher final : public crypto::RevocationFetcher {
  public:
    explicit HttpRevocationFetcher(FetchLimits limits = {}) : m_limits(limits) {}
    Result<std::vector<std::byte>> ocsp(const crypto::Certificate& cert, const crypto::Certificate& issuer) override;
    Result<std::vector<std::byte>> crl(const crypto::Certificate& cert) override;

  private:
    FetchLimits m_limits;
    std::mutex m_mutex;
    std::map<std::string, Result<std::vector<std::byte>>> m_answers; // by kind and certificate
};

// ---- Evidence for a long-term signature (PAdES B-LT)

// Where missing evidence comes from; an empty function: not fetched.
struct EvidenceSources {
    std::function<Result<std::vector<std::byte>>(const crypto::Certificate& cert, const crypto::Certificate& issuer)>
        ocsp;                                                                           // fetchOcsp
    std::function<Result<std::vector<std::byte>>(const crypto::Certificate& cert)> crl; // fetchCrl
};
EvidenceSources httpEvidenceSources(const FetchLimits& limits = {}); // fetchOcsp and fetchCrl

struct ChainEvidence {
    std::vector<crypto::Crl> crls;                     // the given ones, then those fetched
    std::vector<std::vector<std::byte>> ocspResponses; // the given ones, then those fetched
    std::vector<std::string> warnings;                 // fetches that failed (when other evidence did)
};

// Revocation evidence for every certificate of `chain` (the signer's first, then its
// issuers; a self-signed certificate needs none): a given CRL of its issuer (verified
// with the issuer's key) or a given OCSP response naming it (ocspResponseCovers), else an
// OCSP response from its AIA URL, else the CRL at its distribution point. Issuers are
// found in `chain` and `others`. Fails, naming the certificate and why every source
// failed, when one is left without evidence: a B-LT signature could not be checked later.
Result<ChainEvidence> gatherRevocationEvidence(std::span<const crypto::Certificate> chain,
                                               std::span<const crypto::Certificate> others,
                                               std::span<const crypto::Crl> crls,
                                               std::span<const std::vector<std::byte>> ocspResponses,
                                               const EvidenceSources& sources);

// Plain HTTP/1.x over OpenSSL's client (also the TSA client's, http_timestamper.h):
// POST `body` as `contentType`, or GET; the answer's body, at most `maxBytes`.
// `expectedContentType` empty: any.
Result<std::vector<std::byte>> httpPost(const std::string& url, const char* contentType,
                                        std::span<const std::byte> body, const char* expectedContentType,
                                        std::size_t maxBytes, std::chrono::milliseconds timeout);
Result<std::vector<std::byte>> httpGet(const std::string& url, std::size_t maxBytes, std::chrono::milliseconds timeout);

} // namespace sandi::client
