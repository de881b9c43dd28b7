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

// The sub-indications of EN 319 102-1 clause 5.1.3 (tables 5 and 6) Sandi gives.
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
inline constexpr std::string_view kOutOfBoundsNoPoe = "OUT_OF_BOUNDS_NO_POE";
inline constexpr std::string_view kTryLater = "TRY_LATER";
inline constexpr std::string_view kSignedDataNotFound = "SIGNED_DATA_NOT_FOUND";
inline constexpr std::string_view kTimestampOrderFailure = "TIMESTAMP_ORDER_FAILURE";
inline constexpr std::string_view kGeneric = "GENERIC";
} // namespace subindication

struct Classification {
    Indication indication = Indication::TotalPassed;
    std::string_view subIndication; // empty for TOTAL-PASSED
    friend bool operator==(const Classification&, const Classification&) = default;
};

// One row of the table: how a problem `code` classifies when nothing proves the time of
// the signature (it was judged at the current time), and when a verified time-stamp does
// (it was judged at that time). Most rows give the same answer twice; an expired or
// revoked signer's certificate does not (EN 319 102-1: REVOKED needs proof that the
// signature came after the revocation, REVOKED_NO_POE is the lack of proof before it).
struct IndicationRow {
    std::string_view code;
    Classification unproven;
    Classification proven;
};

// The table for every code of fixedFindingCodes() and allChainFindingCodes().
std::span<const IndicationRow> indicationTable() noexcept;
// The row of `code` in `table`, or nothing.
const IndicationRow* findIndicationRow(std::span<const IndicationRow> table, std::string_view code) noexcept;

// The classification of a report's problems: the worst (TOTAL-FAILED > INDETERMINATE >
// TOTAL-PASSED), the first problem's among equals; TOTAL-PASSED with no problem.
// `provenTime`: the signature's time is proven by a verified time-stamp. A code in
// neither `table` nor `more` (a code added without its row: a test fails for that) is
// TOTAL-FAILED/GENERIC: unknown means not passed.
Classification classifyProblems(std::span<const Finding> problems, bool provenTime,
                                std::span<const IndicationRow> more = {});

// Fills `report.valid`, `report.indication` and `report.subIndication` from its problems:
// the last step of every verifier. `more`: the caller's own rows (sandi_pades' for its codes).
void finishReport(SignatureReport& report, std::span<const IndicationRow> more = {});

} // namespace sandi::crypto
