// SPDX-License-Identifier: GPL-3.0-or-later
// ETSI EN 319 102-1 indications: every finding code has exactly one row (a new code
// without its row fails here), every row uses the standard's names under the right main
// indication, and a report's verdict is its worst problem's.
#include "sandi/sign/indication.h"
#include "sandi/sign/validation.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace sandi::test {
namespace {

using namespace sandi::crypto;

std::vector<std::string> everyCode()
{
    std::vector<std::string> out;
    for (auto c : fixedFindingCodes())
        out.emplace_back(c);
    for (auto& c : allChainFindingCodes())
        out.push_back(c);
    return out;
}

// EN 319 102-1 clause 5.1.3: the sub-indications each main indication may carry (as
// pyHanko's ades/report.py lists them; EXPIRED and NOT_YET_VALID also under INDETERMINATE).
const std::set<std::string_view> kFailedSubs{subindication::kFormatFailure, subindication::kHashFailure,
                                             subindication::kSigCryptoFailure, subindication::kRevoked,
                                             subindication::kNotYetValid};
const std::set<std::string_view> kIndeterminateSubs{subindication::kSigConstraintsFailure,
                                                    subindication::kChainConstraintsFailure,
                                                    subindication::kCertificateChainGeneralFailure,
                                                    subindication::kCryptoConstraintsFailure,
                                                    subindication::kCryptoConstraintsFailureNoPoe,
                                                    subindication::kNoCertificateChainFound,
                                                    subindication::kRevokedNoPoe,
                                                    subindication::kRevokedCaNoPoe,
                                                    subindication::kOutOfBoundsNoPoe,
                                                    subindication::kTryLater,
                                                    subindication::kSignedDataNotFound,
                                                    subindication::kTimestampOrderFailure,
                                                    subindication::kExpired,
                                                    subindication::kNotYetValid,
                                                    subindication::kGeneric};

void expectStandard(const IndicationClass& c, std::string_view code)
{
    switch (c.indication) {
    case Indication::TotalPassed:
        EXPECT_TRUE(c.subIndication.empty()) << code;
        break;
    case Indication::TotalFailed:
        EXPECT_TRUE(kFailedSubs.contains(c.subIndication)) << code << ": " << c.subIndication;
        break;
    case Indication::Indeterminate:
        EXPECT_TRUE(kIndeterminateSubs.contains(c.subIndication)) << code << ": " << c.subIndication;
        break;
    }
}

TEST(Indication, EveryCodeHasExactlyOneRowInTheStandardsTerms)
{
    const auto codes = everyCode();
    for (const auto& code : codes) {
        const IndicationRow* row = findIndicationRow(indicationTable(), code);
        ASSERT_NE(row, nullptr) << code << " has no row in the indication table (indication.cpp)";
        expectStandard(row->classification, code);
    }
    // No stale or duplicate rows.
    std::set<std::string_view> seen;
    const std::set<std::string> known(codes.begin(), codes.end());
    for (const auto& row : indicationTable()) {
        EXPECT_TRUE(seen.insert(row.code).second) << "two rows for " << row.code;
        EXPECT_TRUE(known.contains(std::string(row.code))) << row.code << " is not a finding code";
    }
    EXPECT_EQ(seen.size(), codes.size());
}

TEST(Indication, Names)
{
    EXPECT_STREQ(indicationName(Indication::TotalPassed), "TOTAL-PASSED");
    EXPECT_STREQ(indicationName(Indication::Indeterminate), "INDETERMINATE");
    EXPECT_STREQ(indicationName(Indication::TotalFailed), "TOTAL-FAILED");
}

IndicationClass of(std::initializer_list<std::string_view> codes)
{
    std::vector<Finding> problems;
    for (auto c : codes)
        problems.push_back({std::string(c), "details"});
    return classifyProblems(problems);
}

const IndicationClass kPassed{Indication::TotalPassed, {}};
IndicationClass failed(std::string_view s)
{
    return {Indication::TotalFailed, s};
}
IndicationClass indeterminate(std::string_view s)
{
    return {Indication::Indeterminate, s};
}

TEST(Indication, EachClassOfProblem)
{
    namespace s = subindication;
    EXPECT_EQ(of({}), kPassed);
    // Revocation that cannot be established on an intact, trusted signature.
    for (auto c :
         {"SIGNER_CHAIN_CRL_MISSING", "SIGNER_CHAIN_CRL_STALE", "TSA_CHAIN_CRL_MISSING", "TSA_CHAIN_CRL_STALE"})
        EXPECT_EQ(of({c}), indeterminate(s::kTryLater)) << c;
    EXPECT_EQ(of({"SIGNER_CHAIN_UNKNOWN_ISSUER"}), indeterminate(s::kNoCertificateChainFound));
    EXPECT_EQ(of({finding::kCmsDigestMismatch}), failed(s::kHashFailure));
    EXPECT_EQ(of({finding::kTimestampImprintMismatch}), failed(s::kHashFailure));
    EXPECT_EQ(of({finding::kCmsSignatureInvalid}), failed(s::kSigCryptoFailure));
    // Revoked or expired before the time it was judged at: a time-stamp proves that the
    // signature existed then, not that it was made after the revocation or the expiry.
    EXPECT_EQ(of({"SIGNER_CHAIN_REVOKED"}), indeterminate(s::kRevokedNoPoe));
    EXPECT_EQ(of({"TSA_CHAIN_REVOKED"}), indeterminate(s::kRevokedNoPoe));
    EXPECT_EQ(of({"SIGNER_CHAIN_CA_REVOKED"}), indeterminate(s::kRevokedCaNoPoe));
    EXPECT_EQ(of({"TSA_CHAIN_CA_REVOKED"}), indeterminate(s::kRevokedCaNoPoe));
    EXPECT_EQ(of({"SIGNER_CHAIN_EXPIRED"}), indeterminate(s::kOutOfBoundsNoPoe));
    // Existing (now, or at a time-stamp) before the certificate was valid proves a failure.
    EXPECT_EQ(of({"SIGNER_CHAIN_NOT_YET_VALID"}), failed(s::kNotYetValid));
    // Malformed structures.
    for (auto c : {finding::kCmsMalformed, finding::kByteRangeMalformed, finding::kSignatureWrapping,
                   finding::kContentsMissing, finding::kNoSignatures, finding::kModifiedAfterSigning})
        EXPECT_EQ(of({c}), failed(s::kFormatFailure)) << c;
    // Weak or unknown algorithms.
    EXPECT_EQ(of({finding::kCmsDigestBroken}), indeterminate(s::kCryptoConstraintsFailureNoPoe));
    EXPECT_EQ(of({finding::kCmsUnsupported}), indeterminate(s::kCryptoConstraintsFailure));
    EXPECT_EQ(of({"SIGNER_CHAIN_WRONG_USAGE"}), indeterminate(s::kChainConstraintsFailure));
    EXPECT_EQ(of({finding::kDetachedDataUnreadable}), indeterminate(s::kSignedDataNotFound));
    // Remark codes never lower the verdict.
    EXPECT_EQ(of({finding::kRevokedAfterSigning}), kPassed);
}

TEST(Indication, TheWorstProblemDecidesAndTheFirstAmongEquals)
{
    namespace s = subindication;
    EXPECT_EQ(of({"SIGNER_CHAIN_CRL_MISSING", finding::kCmsDigestMismatch}), failed(s::kHashFailure));
    EXPECT_EQ(of({finding::kCmsDigestMismatch, "SIGNER_CHAIN_CRL_MISSING"}), failed(s::kHashFailure));
    EXPECT_EQ(of({finding::kCmsSignatureInvalid, finding::kCmsDigestMismatch}), failed(s::kSigCryptoFailure));
    EXPECT_EQ(of({"SIGNER_CHAIN_UNKNOWN_ISSUER", "SIGNER_CHAIN_CRL_MISSING"}),
              indeterminate(s::kNoCertificateChainFound));
    EXPECT_EQ(of({finding::kRevokedAfterSigning, "SIGNER_CHAIN_CRL_STALE"}), indeterminate(s::kTryLater));
    // A code the table does not know never passes.
    EXPECT_EQ(of({"SOME_FUTURE_CODE"}), indeterminate(s::kGeneric));
    // The caller's own rows come first.
    const std::array more{IndicationRow{"SOME_FUTURE_CODE", failed(s::kRevoked)},
                          IndicationRow{"SIGNER_CHAIN_CRL_MISSING", failed(s::kHashFailure)}};
    std::vector<Finding> problems{{"SOME_FUTURE_CODE", ""}};
    EXPECT_EQ(classifyProblems(problems, more), failed(s::kRevoked));
    problems = {{"SIGNER_CHAIN_CRL_MISSING", ""}};
    EXPECT_EQ(classifyProblems(problems, more), failed(s::kHashFailure));
}

TEST(Indication, FinishReportFillsTheVerdict)
{
    SignatureReport r;
    finishReport(r);
    EXPECT_TRUE(r.valid);
    EXPECT_EQ(r.indication, Indication::TotalPassed);
    EXPECT_EQ(r.subIndication, "");

    r.problem("SIGNER_CHAIN_REVOKED", "revoked");
    finishReport(r);
    EXPECT_FALSE(r.valid);
    EXPECT_EQ(r.indication, Indication::Indeterminate);
    EXPECT_EQ(r.subIndication, "REVOKED_NO_POE");
    r.problem(finding::kCmsSignatureInvalid, "bad value");
    finishReport(r);
    EXPECT_EQ(r.indication, Indication::TotalFailed);
    EXPECT_EQ(r.subIndication, "SIG_CRYPTO_FAILURE");

    // A remark code filed as a problem still makes the signature not valid.
    SignatureReport odd;
    odd.problem(finding::kRevokedAfterSigning, "filed as a problem");
    finishReport(odd);
    EXPECT_FALSE(odd.valid);
    EXPECT_EQ(odd.indication, Indication::Indeterminate);
    EXPECT_EQ(odd.subIndication, "GENERIC");
}

} // namespace
} // namespace sandi::test
