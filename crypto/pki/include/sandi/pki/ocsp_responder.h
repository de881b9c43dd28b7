// SPDX-License-Identifier: GPL-3.0-or-later
// The OCSP responder of one CA (RFC 6960, with the RFC 5019 profile's choices): it
// answers an OCSPRequest for the certificates this CA issued from the CA database,
// signed by a delegated responder certificate (profile `ocsp`: EKU id-kp-OCSPSigning,
// id-pkix-ocsp-nocheck, issued by this CA) or by the CA key itself. No storage, no
// HTTP: the caller gives the database and the time (server side: `sandi ca ocsp-serve`).
#pragma once

#include "sandi/core/ossl.h"
#include "sandi/core/result.h"
#include "sandi/core/time.h"
#include "sandi/pki/ca_database.h"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace sandi::crypto {

// An OCSPRequest is a few hundred bytes; a larger one is refused unread.
inline constexpr std::size_t kMaxOcspRequestBytes = std::size_t{16} * 1024;
// Certificates asked about in one request (RFC 5019 §2.1.1 allows one; OpenSSL sends several).
inline constexpr std::size_t kMaxOcspRequestEntries = 32;
// nextUpdate = thisUpdate + validity.
inline constexpr std::chrono::seconds kDefaultOcspValidity{3600};
inline constexpr std::chrono::seconds kMaxOcspValidity{std::chrono::hours(24 * 7)};

// OCSPResponseStatus (RFC 6960 §4.2.1).
enum class OcspResponseStatus {
    Successful = 0,
    MalformedRequest = 1,
    InternalError = 2,
    TryLater = 3,
    SigRequired = 5,
    Unauthorized = 6,
};

class OcspResponder final {
  public:
    // `ca`: the CA answered for. `signer` and `key`: a certificate of profile `ocsp` issued
    // by `ca` and valid at `now`, or `ca` itself with the CA key. `validity` in
    // [1 s, kMaxOcspValidity].
    static Result<OcspResponder> create(ossl::X509Ptr ca, ossl::X509Ptr signer, ossl::PkeyPtr key,
                                        std::chrono::seconds validity, TimePoint now);

    // A DER OCSPResponse, always: good / revoked (time, reason) / unknown per certificate
    // asked about; malformedRequest for what does not parse (or is too large, or asks
    // about too many); unauthorized when it asks about another CA's certificate. The
    // request's nonce is echoed. An error only when no response could be encoded.
    Result<std::vector<std::byte>> respond(std::span<const std::byte> request, const CaDatabase& db,
                                           TimePoint now) const;

    [[nodiscard]] X509* caCertificate() const noexcept { return m_ca.get(); }
    [[nodiscard]] X509* signerCertificate() const noexcept { return m_signer.get(); }
    [[nodiscard]] bool delegated() const noexcept { return X509_cmp(m_ca.get(), m_signer.get()) != 0; }

  private:
    OcspResponder() = default;
    Result<std::vector<std::byte>> unsignedAnswer(OcspResponseStatus status) const;

    ossl::X509Ptr m_ca;
    ossl::X509Ptr m_signer;
    ossl::PkeyPtr m_key;
    std::chrono::seconds m_validity{kDefaultOcspValidity};
};

// The CA database of a CA directory as a long-running reader sees it: re-read when the
// file changes (the CA replaces it atomically), without taking the CA's lock, so
// `sandi ca revoke` runs beside the responder and is answered at once.
class CaDatabaseReader final {
  public:
    explicit CaDatabaseReader(std::filesystem::path databasePath) : m_path(std::move(databasePath)) {}
    // The current database; the last good one when the file cannot be read now.
    Result<std::shared_ptr<const CaDatabase>> current();
    // Why current() last fell back to the last good database ("" when it did not), once.
    std::string takeProblem() { return std::exchange(m_problem, {}); }

  private:
    std::filesystem::path m_path;
    std::string m_problem;
    std::shared_ptr<const CaDatabase> m_db;
    long long m_inode = -1, m_size = -1, m_mtimeNs = -1;
};

// The status inside a DER OCSPResponse (tests and logs; not a verifier).
Result<OcspResponseStatus> ocspResponseStatus(std::span<const std::byte> response);

} // namespace sandi::crypto
