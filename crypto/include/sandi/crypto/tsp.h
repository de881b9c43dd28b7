// SPDX-License-Identifier: GPL-3.0-or-later
// RFC 3161 time-stamping: requests and tokens for the signer and the verifier, and
// the responder logic the TSA server wraps in HTTP. No network here.
#pragma once

#include "sandi/crypto/ossl.h"
#include "sandi/crypto/random.h"
#include "sandi/crypto/result.h"
#include "sandi/crypto/x509.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sandi::crypto {

inline constexpr std::size_t kMaxTimeStampMessageBytes = 1024 * 1024;
// Sandi's default TSA policy (UUID-based OID, like the identity-key extension).
inline constexpr std::string_view kOidSandiTsaPolicy = "2.25.192707729660500771357454641806843150667.1";

struct TimeStampRequest {
    std::vector<std::byte> der;
    std::vector<std::byte> nonce;   // 8 random bytes
    std::vector<std::byte> imprint; // the digest of the stamped data
    const EVP_MD* digest = nullptr;
};

// A request over `data` (hashed with `md`), asking for the TSA's certificate, with a nonce.
Result<TimeStampRequest> makeTimeStampRequest(std::span<const std::byte> data, const EVP_MD* md, Random& rng);
// Checks a response against its request (status granted, same imprint and nonce) and
// returns the token (a DER ContentInfo).
Result<std::vector<std::byte>> timeStampTokenFromResponse(std::span<const std::byte> responseDer,
                                                         const TimeStampRequest& request);

struct TimeStampInfo {
    TimePoint genTime;
    std::string serial;     // hex
    std::string policy;     // dotted OID
    ossl::X509Ptr tsaCertificate;
    std::vector<ossl::X509Ptr> certificates; // every certificate in the token
    std::string digestName; // of the message imprint
};

// Verifies a token's signature and that its message imprint is the digest of
// `stampedData`. The TSA certificate's chain is validated by the caller
// (chain.h, Purpose::TimeStamping).
Result<TimeStampInfo> verifyTimeStampToken(std::span<const std::byte> tokenDer, std::span<const std::byte> stampedData);

// The responder: signs time-stamp tokens with the TSA's key. Serial numbers are
// 128 bits: the time in nanoseconds followed by 64 random bits, so they never repeat.
class TimeStampAuthority final {
public:
    static Result<TimeStampAuthority> create(ossl::X509Ptr certificate, ossl::PkeyPtr key,
                                             std::vector<ossl::X509Ptr> chain, std::string policyOid);
    // Always returns a DER TimeStampResp: a granted token, or a rejection with the
    // reason (badAlg, badRequest, badDataFormat, ...) for a bad request.
    Result<std::vector<std::byte>> respond(std::span<const std::byte> requestDer, TimePoint now, Random& rng) const;
    [[nodiscard]] X509* certificate() const noexcept { return m_certificate.get(); }

private:
    TimeStampAuthority() = default;
    ossl::X509Ptr m_certificate;
    ossl::PkeyPtr m_key;
    std::vector<ossl::X509Ptr> m_chain;
    std::string m_policy;
};

} // namespace sandi::crypto
