// SPDX-License-Identifier: GPL-3.0-or-later
// Verdicts as ETSI EN 319 102-1 gives them (clause 5.1.3): a main indication
// TOTAL-PASSED, INDETERMINATE or TOTAL-FAILED, and a sub-indication naming why. Every
// finding code a verifier can put into SignatureReport::problems has one entry in one
// table here (docs/auditor-guide.md prints it); a report's indication is its worst
// problem's. The PDF change codes (sandi_pades' modificationCodes()) are classified by
// sandi_pades, which stands on this library.
#pragma once

#include "sandi/sign/findings.h"

#include <optional>
#include <span>
#include <string_view>

namespace sandi::crypto {

struct SignatureReport;

// Ordered from best to worst: the worst of several wins.
enum class Indication { TotalPassed, Indeterminate, TotalFailed };
const char* indicationName(Indication indication) noexcept; // "TOTAL-PASSED", "INDETERMINATE", "TOTAL-FAILED"

// Sub-indications of EN 319 102-1 clause 5.1.3 (tables 5 and 6), by the standard's names.
namespace subindication {
// TOTAL-FAILED
inline constexpr std::string_view kFormatFailure = "FORMAT_FAILURE";
inline constexpr std::string_view kHashFailure = "HASH_FAILURE";
inline constexpr std::string_view kSigCryptoFailure = "SIG_CRYPTO_FAILURE";
inline constexpr std::string_view kRevoked = "REVOKED";
inline constexpr std::string_view kExpired = "EXPIRED";
inline constexpr std::string_view kNotYetValid = "NOT_YET_VALID";
// INDETERMINATE
inline constexpr std::string_view kSigConstraintsFailure = "SIG_CONSTRAINTS_FAILURE";
inline constexpr std::string_view kChainConstraintsFailure = "CHAIN_CONSTRAINTS_FAILURE";
inline constexpr std::string_view kCertificateChainGeneralFailure = "CERTIFICATE_CHAIN_GENERAL_FAILURE";
inline constexpr std::string_view kCryptoConstraintsFailure = "CRYPTO_CONSTRAINTS_FAILURE";
inline constexpr std::string_view kCryptoConstraintsFailureNoPoe = "CRYPTO_CONSTRAINTS_FAILURE_NO_POE";
inline constexpr std::string_view kNoCertificateChainFound = "NO_CERTIFICATE_CHAIN_FOUND";
inline constexpr std::string_view kRevokedNoPoe = "REVOKED_NO_POE";
inline constexpr std::string_view kRevokedCaNoPoe = "REVOKED_CA_NO_POE";
inline constexpr std::string_view kOutOfBoundsNoPoe = "OUT_OF_BOUNDS_NO_POE";
inline constexpr std::string_view kTryLater = "TRY_LATER";
inline constexpr std::string_view kSignedDataNotFound = "SIGNED_DATA_NOT_FOUND";
inline constexpr std::string_view kTimestampOrderFailure = "TIMESTAMP_ORDER_FAILURE";
inline constexpr std::string_view kGeneric = "GENERIC";
} // namespace subindication

struct IndicationClass {
    Indication indication = Indication::TotalPassed;
    std::string_view subIndication; // empty for TOTAL-PASSED
    friend bool operator==(const IndicationClass&, const IndicationClass&) = default;
};

// One row of the table: how a problem `code` classifies. A signature time-stamp is proof
// of existence (POE): the signature existed at its time, not that it was made then. So a
// certificate revoked or expired before the time-stamp is INDETERMINATE (REVOKED_NO_POE,
// OUT_OF_BOUNDS_NO_POE) with or without one: TOTAL-FAILED/REVOKED needs proof that the
// signature was made after the revocation (a content time-stamp, which Sandi does not
// read). A POE before a certificate's notBefore does prove a failure: NOT_YET_VALID.
struct IndicationRow {
    std::string_view code;
    IndicationClass classification;
};

// The table for every code of fixedFindingCodes() and allChainFindingCodes().
std::span<const IndicationRow> indicationTable() noexcept;
// The row of `code` in `table`, or nothing.
const IndicationRow* findIndicationRow(std::span<const IndicationRow> table, std::string_view code) noexcept;

// The classification of a report's problems: the worst (TOTAL-FAILED > INDETERMINATE >
// TOTAL-PASSED), the first problem's among equals; TOTAL-PASSED with no problem. `more`
// is looked up first. A code in neither indicationTable() nor `more` (a code added without
// its row: a test fails for that) is INDETERMINATE/GENERIC: unknown never passes.
IndicationClass classifyProblems(std::span<const Finding> problems, std::span<const IndicationRow> more = {});

// Fills `report.valid`, `report.indication` and `report.subIndication` from its problems:
// the last step of every verifier. `more`: the caller's own rows (sandi_pades' for its codes).
void finishReport(SignatureReport& report, std::span<const IndicationRow> more = {});

} // namespace sandi::crypto
