// SPDX-License-Identifier: GPL-3.0-or-later
// The table from finding codes to ETSI EN 319 102-1 indications, and the worst-first rule
// that turns a report's problems into its indication. docs/auditor-guide.md explains
// each row; a unit test checks that every code has one.
#include "sandi/sign/indication.h"

#include "sandi/sign/validation.h"

#include <algorithm>
#include <array>

namespace sandi::crypto {
namespace {

namespace s = subindication;

constexpr IndicationClass kPassed{Indication::TotalPassed, {}};
constexpr IndicationClass failed(std::string_view sub)
{
    return {Indication::TotalFailed, sub};
}
constexpr IndicationClass indeterminate(std::string_view sub)
{
    return {Indication::Indeterminate, sub};
}
constexpr IndicationRow same(std::string_view code, IndicationClass c)
{
    return {code, c};
}
// A remark-only code: never lowers the indication.
constexpr IndicationRow remarkOnly(std::string_view code)
{
    return same(code, kPassed);
}

constexpr std::array kTable{
    // Files.
    same(finding::kNoSignatures, failed(s::kFormatFailure)),
    same(finding::kDataAfterLastEof, failed(s::kFormatFailure)),
    same(finding::kDetachedDataUnreadable, indeterminate(s::kSignedDataNotFound)),
    // The file's structure says two things at once, or a walk over it was cut short: what
    // was signed and what a reader shows cannot be told apart.
    same(finding::kXrefHybridContradiction, failed(s::kFormatFailure)),
    same(finding::kWalkBudgetExhausted, failed(s::kFormatFailure)),
    // The byte range and the signed revision: the signature is not what PAdES describes.
    same(finding::kByteRangeMalformed, failed(s::kFormatFailure)),
    same(finding::kByteRangeNotFromStart, failed(s::kFormatFailure)),
    same(finding::kByteRangeOutsideFile, failed(s::kFormatFailure)),
    same(finding::kByteRangeGapTooLarge, failed(s::kFormatFailure)),
    same(finding::kByteRangeGapNotHex, failed(s::kFormatFailure)),
    same(finding::kByteRangeNotRevisionEnd, failed(s::kFormatFailure)),
    same(finding::kSignatureWrapping, failed(s::kFormatFailure)),
    same(finding::kSignedRevisionUnreadable, failed(s::kFormatFailure)),
    remarkOnly(finding::kSignedRevisionRepaired),
    same(finding::kSignatureDictionaryMissing, failed(s::kFormatFailure)),
    same(finding::kSignatureUnreachable, failed(s::kFormatFailure)),
    same(finding::kSignatureValueDirect, failed(s::kFormatFailure)),
    same(finding::kSignatureDictionaryChanged, failed(s::kFormatFailure)),
    same(finding::kSignatureDictionaryNotPlain, failed(s::kFormatFailure)),
    same(finding::kContentsMissing, failed(s::kFormatFailure)),
    same(finding::kUnsupportedSubFilter, failed(s::kFormatFailure)),
    remarkOnly(finding::kDocMdpWithoutPerms),
    // The CMS signature value.
    same(finding::kCmsMalformed, failed(s::kFormatFailure)),
    same(finding::kCmsDigestMismatch, failed(s::kHashFailure)),
    same(finding::kCmsSignatureInvalid, failed(s::kSigCryptoFailure)),
    same(finding::kCmsDigestBroken, indeterminate(s::kCryptoConstraintsFailureNoPoe)),
    same(finding::kCmsUnsupported, indeterminate(s::kCryptoConstraintsFailure)),
    remarkOnly(finding::kCmsWeakDigest),
    remarkOnly(finding::kCmsNoSigningCertificateAttribute),
    remarkOnly(finding::kCmsSigningTimeInPades),
    // The declared algorithms contradict the key or the value: the value does not verify as
    // what it says it is.
    same(finding::kCmsAlgorithmMismatch, failed(s::kSigCryptoFailure)),
    // Signed attributes not in DER order: DSS recomputes the DER encoding, whose digest the
    // signature then does not cover (its HASH_FAILURE).
    same(finding::kCmsAttributesNotDer, failed(s::kHashFailure)),
    remarkOnly(finding::kCmsNoSignedAttributes),
    remarkOnly(finding::kCmsTrailingData),
    remarkOnly(finding::kCmsEncapsulatedContent),
    remarkOnly(finding::kCmsMultipleSigners),
    remarkOnly(finding::kCmsSha1SubFilter),
    // Time-stamps.
    same(finding::kTimestampInvalid, failed(s::kSigCryptoFailure)),
    same(finding::kTimestampImprintMismatch, failed(s::kHashFailure)),
    same(finding::kTimestampInFuture, indeterminate(s::kSigConstraintsFailure)),
    remarkOnly(finding::kTimestampWeakImprint),
    same(finding::kTsaCompromised, indeterminate(s::kRevokedNoPoe)),
    // Revocation at a proven time.
    remarkOnly(finding::kRevocationCrlIssuedBeforeSigning),
    remarkOnly(finding::kRevokedAfterSigning),
    // Which evidence settled revocation, and how it was found: remarks.
    remarkOnly(finding::kRevocationCheckedByCrl),
    remarkOnly(finding::kRevocationCheckedByOcsp),
    remarkOnly(finding::kRevocationOcspIssuedBeforeSigning),
    remarkOnly(finding::kRevocationOcspResponderUnchecked),
    remarkOnly(finding::kRevocationEvidenceUnreadable),
    remarkOnly(finding::kRevocationFetchedOnline),
    remarkOnly(finding::kRevocationFetchFailed),
    // Later revisions: EN 319 102-1 has no sub-indication of its own for them; DSS reports
    // disallowed PDF changes in its format checking, as FORMAT_FAILURE.
    same(finding::kModifiedAfterSigning, failed(s::kFormatFailure)),
    // QR-marked stamps (client/visual): a stamp that claims another signature, or none, is
    // a forgery of what the page shows.
    remarkOnly(finding::kQrStampMatched),
    same(finding::kQrStampMismatch, failed(s::kFormatFailure)),
    same(finding::kQrStampWithoutSignature, failed(s::kFormatFailure)),
    same(finding::kQrStampMalformed, failed(s::kFormatFailure)),
    remarkOnly(finding::kQrCodeForeign),
    remarkOnly(finding::kPagesNotChecked),

    // The signer's chain.
    // Expired or revoked before the time it was judged at (now, or a time-stamp's): no proof
    // that the signature existed before (indication.h).
    same("SIGNER_CHAIN_EXPIRED", indeterminate(s::kOutOfBoundsNoPoe)),
    same("SIGNER_CHAIN_NOT_YET_VALID", failed(s::kNotYetValid)),
    same("SIGNER_CHAIN_REVOKED", indeterminate(s::kRevokedNoPoe)),
    same("SIGNER_CHAIN_CA_REVOKED", indeterminate(s::kRevokedCaNoPoe)),
    same("SIGNER_CHAIN_UNKNOWN_ISSUER", indeterminate(s::kNoCertificateChainFound)),
    same("SIGNER_CHAIN_BAD_SIGNATURE", indeterminate(s::kCertificateChainGeneralFailure)),
    same("SIGNER_CHAIN_WRONG_USAGE", indeterminate(s::kChainConstraintsFailure)),
    same("SIGNER_CHAIN_NOT_A_CA", indeterminate(s::kChainConstraintsFailure)),
    same("SIGNER_CHAIN_NAME_CONSTRAINTS", indeterminate(s::kChainConstraintsFailure)),
    same("SIGNER_CHAIN_PATH_LENGTH", indeterminate(s::kChainConstraintsFailure)),
    same("SIGNER_CHAIN_NAME_MISMATCH", indeterminate(s::kChainConstraintsFailure)),
    same("SIGNER_CHAIN_CRL_MISSING", indeterminate(s::kTryLater)),
    same("SIGNER_CHAIN_CRL_STALE", indeterminate(s::kTryLater)),
    same("SIGNER_CHAIN_CRL_INVALID", indeterminate(s::kTryLater)),
    same("SIGNER_CHAIN_OCSP_INVALID", indeterminate(s::kTryLater)),
    same("SIGNER_CHAIN_MALFORMED", indeterminate(s::kChainConstraintsFailure)),
    same("SIGNER_CHAIN_OTHER", indeterminate(s::kCertificateChainGeneralFailure)),
    // A time-stamp authority's chain, judged at the token's own time, which nothing but the
    // token itself vouches for.
    same("TSA_CHAIN_EXPIRED", indeterminate(s::kOutOfBoundsNoPoe)),
    same("TSA_CHAIN_NOT_YET_VALID", indeterminate(s::kNotYetValid)),
    same("TSA_CHAIN_REVOKED", indeterminate(s::kRevokedNoPoe)),
    same("TSA_CHAIN_CA_REVOKED", indeterminate(s::kRevokedCaNoPoe)),
    same("TSA_CHAIN_UNKNOWN_ISSUER", indeterminate(s::kNoCertificateChainFound)),
    same("TSA_CHAIN_BAD_SIGNATURE", indeterminate(s::kCertificateChainGeneralFailure)),
    same("TSA_CHAIN_WRONG_USAGE", indeterminate(s::kChainConstraintsFailure)),
    same("TSA_CHAIN_NOT_A_CA", indeterminate(s::kChainConstraintsFailure)),
    same("TSA_CHAIN_NAME_CONSTRAINTS", indeterminate(s::kChainConstraintsFailure)),
    same("TSA_CHAIN_PATH_LENGTH", indeterminate(s::kChainConstraintsFailure)),
    same("TSA_CHAIN_NAME_MISMATCH", indeterminate(s::kChainConstraintsFailure)),
    same("TSA_CHAIN_CRL_MISSING", indeterminate(s::kTryLater)),
    same("TSA_CHAIN_CRL_STALE", indeterminate(s::kTryLater)),
    same("TSA_CHAIN_CRL_INVALID", indeterminate(s::kTryLater)),
    same("TSA_CHAIN_OCSP_INVALID", indeterminate(s::kTryLater)),
    same("TSA_CHAIN_MALFORMED", indeterminate(s::kChainConstraintsFailure)),
    same("TSA_CHAIN_OTHER", indeterminate(s::kCertificateChainGeneralFailure)),
};

} // namespace

const char* indicationName(Indication indication) noexcept
{
    switch (indication) {
    case Indication::TotalPassed:
        return "TOTAL-PASSED";
    case Indication::Indeterminate:
        return "INDETERMINATE";
    case Indication::TotalFailed:
        return "TOTAL-FAILED";
    }
    return "TOTAL-FAILED";
}

std::span<const IndicationRow> indicationTable() noexcept
{
    return kTable;
}

const IndicationRow* findIndicationRow(std::span<const IndicationRow> table, std::string_view code) noexcept
{
    const auto it = std::find_if(table.begin(), table.end(), [&](const IndicationRow& r) { return r.code == code; });
    return it == table.end() ? nullptr : &*it;
}

IndicationClass classifyProblems(std::span<const Finding> problems, std::span<const IndicationRow> more)
{
    IndicationClass worst = kPassed;
    for (const Finding& p : problems) {
        const IndicationRow* row = findIndicationRow(more, p.code);
        if (row == nullptr) row = findIndicationRow(kTable, p.code);
        const IndicationClass c = row == nullptr ? indeterminate(s::kGeneric) : row->classification;
        if (c.indication > worst.indication) worst = c;
    }
    return worst;
}

void finishReport(SignatureReport& report, std::span<const IndicationRow> more)
{
    const IndicationClass c = classifyProblems(report.problems, more);
    report.valid = report.problems.empty();
    report.indication = report.valid ? Indication::TotalPassed : c.indication;
    // A problem whose row says TOTAL-PASSED (a remark code filed as a problem) still makes
    // the signature not valid: it cannot pass.
    if (!report.valid && report.indication == Indication::TotalPassed) {
        report.indication = Indication::Indeterminate;
        report.subIndication = std::string(s::kGeneric);
        return;
    }
    report.subIndication = std::string(c.subIndication);
}

} // namespace sandi::crypto
