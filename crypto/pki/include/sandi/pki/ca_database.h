// SPDX-License-Identifier: GPL-3.0-or-later
// The CA database: every certificate a CA issued, its status, and the CRL number.
// A text file, one record per line, ending with a SHA-256 over everything before
// it, so truncation or corruption is detected (docs/pki.md describes the format).
#pragma once

#include "sandi/pki/cert_profile.h"
#include "sandi/core/result.h"
#include "sandi/pki/x509.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandi::crypto {

inline constexpr std::string_view kCaDatabaseMagic = "sandi-ca-db 1";
inline constexpr std::size_t kMaxCaDatabaseBytes = std::size_t{256} * 1024 * 1024;
inline constexpr std::size_t kMaxCaRecordBytes = 4096;

// RFC 5280 §5.3.1 CRLReason (certificateHold is deliberately not offered: a
// revocation in this PKI is final).
enum class RevocationReason {
    Unspecified = 0,
    KeyCompromise = 1,
    CaCompromise = 2,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
    PrivilegeWithdrawn = 9,
};
const char* revocationReasonName(RevocationReason r) noexcept;
Result<RevocationReason> revocationReasonFromName(std::string_view name);
Result<RevocationReason> revocationReasonFromCode(int code);

struct CaRecord {
    std::string serial; // upper-case hex, as serialHex()
    Profile profile = Profile::Signing;
    TimePoint notBefore;
    TimePoint notAfter;
    std::optional<TimePoint> revokedAt;
    RevocationReason reason = RevocationReason::Unspecified;
    std::string certificateSha256; // of the DER
    std::string subject;           // RFC 2253

    [[nodiscard]] bool revoked() const noexcept { return revokedAt.has_value(); }
};

// One "cert ..." line (without the newline).
Result<CaRecord> parseCaRecord(std::string_view line);
std::string formatCaRecord(const CaRecord& record);

class CaDatabase {
  public:
    static Result<CaDatabase> parse(std::string_view text);
    [[nodiscard]] std::string serialise() const;

    [[nodiscard]] const std::vector<CaRecord>& records() const noexcept { return m_records; }
    [[nodiscard]] const CaRecord* find(std::string_view serial) const noexcept;
    CaRecord* find(std::string_view serial) noexcept;
    Status add(CaRecord record); // refuses a serial that is already present
    [[nodiscard]] std::uint64_t crlNumber() const noexcept { return m_crlNumber; }
    void setCrlNumber(std::uint64_t n) noexcept { m_crlNumber = n; }

  private:
    std::vector<CaRecord> m_records;
    std::uint64_t m_crlNumber = 0; // the number of the last CRL issued (0: none yet)
};

} // namespace sandi::crypto
