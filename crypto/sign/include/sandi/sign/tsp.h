// SPDX-License-Identifier: GPL-3.0-or-later
// RFC 3161 time-stamping: requests and tokens for the signer and the verifier, and
// the responder logic the TSA server wraps in HTTP. No network here.
#pragma once

#include "sandi/core/ossl.h"
#include "sandi/core/random.h"
#include "sandi/core/result.h"
#include "sandi/pki/certificate.h"
#include "sandi/pki/x509.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sandi::crypto {

inline constexpr std::size_t kMaxTimeStampMessageBytes = std::size_t{1024} * 1024;
// Sandi's default TSA policy (UUID-based OID, like the identity-key extension).
inline constexpr std::string_view kOidSandiTsaPolicy = "2.25.192707729660500771357454641806843150667.1";

struct TimeStampRequest {
    std::vector<std::byte> der;
    std::vector<std::byte> nonce;   // 8 random bytes
    std::vector<std::byte> imprint; // the digest of the stamped data
    Digest digest = Digest::Sha256;
};

// A request for the message imprint `digest` (made with `md`), asking for the TSA's
// certificate, with a nonce.
Result<TimeStampRequest> makeTimeStampRequest(std::span<const std::byte> digest, Digest md, Random& rng);
// Checks a response against its request (status granted, same imprint and nonce) and
// returns the token (a DER ContentInfo).
Result<std::vector<std::byte>> timeStampTokenFromResponse(std::span<const std::byte> responseDer,
                                                          const TimeStampRequest& request);

struct TimeStampInfo {
    TimePoint genTime;
    std::string serial;                        // hex
    std::string policy;                        // dotted OID
    std::optional<Certificate> tsaCertificate; // set in every verified token
    std::vector<Certificate> certificates;     // every certificate in the token
    std::string digestName;                    // of the message imprint
    Digest digest = Digest::Sha256;
    std::vector<std::byte> imprint;
};

// Verifies a token's signature and ESS signing certificate. The caller compares the
// message imprint (TimeStampInfo::imprint) with the digest of what was stamped, and
// validates the TSA certificate's chain (chain.h, Purpose::TimeStamping).
Result<TimeStampInfo> verifyTimeStampToken(std::span<const std::byte> tokenDer);
// The same, and the imprint must be the digest (with the token's algorithm) of `stampedData`.
Result<TimeStampInfo> verifyTimeStampToken(std::span<const std::byte> tokenDer, std::span<const std::byte> stampedData);

// Where signing code gets time-stamp tokens: over HTTP from a TSA (the CLI's), or
// from a TimeStampAuthority in the same process.
class TimeStamper {
  public:
    virtual ~TimeStamper() = default;
    // A token whose message imprint is `digest` (made with `md`).
    virtual Result<std::vector<std::byte>> stamp(std::span<const std::byte> digest, Digest md) = 0;
};

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
    friend class LocalTimeStamper;
    ossl::X509Ptr m_certificate;
    ossl::PkeyPtr m_key;
    std::vector<ossl::X509Ptr> m_chain;
    std::string m_policy;
};

// A TimeStamper backed by a TimeStampAuthority in the same process (the demo's
// relay and tests use the real responder this way, without HTTP).
class LocalTimeStamper final : public TimeStamper {
  public:
    using Clock = std::function<TimePoint()>;
    LocalTimeStamper(const TimeStampAuthority& tsa, Random& rng, Clock clock)
        : m_tsa(tsa), m_rng(rng), m_clock(std::move(clock))
    {
    }
    Result<std::vector<std::byte>> stamp(std::span<const std::byte> digest, Digest md) override;

  private:
    const TimeStampAuthority& m_tsa;
    Random& m_rng;
    Clock m_clock;
};

} // namespace sandi::crypto
