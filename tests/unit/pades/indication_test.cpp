// SPDX-License-Identifier: GPL-3.0-or-later
// The ETSI verdicts of real PDF signatures, made at test time with a PKI and a TSA and
// injected time: each class of outcome gives the standard's indication, the report
// names the anchor its chain ended at, and every PDF change code has a row.
#include "../../support/test_pki.h"

#include "sandi/pades/pades.h"
#include "sandi/pades/pades_verify.h"
#include "sandi/sign/signer.h"

#include <gtest/gtest.h>

#include <set>

namespace sandi::test {
namespace {

using namespace std::chrono_literals;
namespace sub = subindication;

std::vector<std::byte> onePagePdf()
{
    const std::string body =
        "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 "
        ">>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n4 0 "
        "obj\n<< /Length 35 >>\nstream\nBT /F1 12 Tf 72 720 Td (Surat) Tj ET\nendstream\nendobj\n";
    std::string doc = body;
    const std::size_t xref = doc.size();
    doc += "xref\n0 5\n0000000000 65535 f\r\n";
    for (const char* marker : {"1 0 obj", "2 0 obj", "3 0 obj", "4 0 obj"}) {
        std::array<char, 24> line{};
        std::snprintf(line.data(), line.size(), "%010zu 00000 n\r\n", body.find(marker));
        doc += line.data();
    }
    doc += "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    const auto* p = reinterpret_cast<const std::byte*>(doc.data());
    return {p, p + doc.size()};
}

class PdfIndicationTest : public ::testing::Test {
  protected:
    TestPki pki;
    std::optional<TimeStampAuthority> tsa;
    std::optional<LocalTimeStamper> stamper;
    TimePoint clock;

    void SetUp() override
    {
        clock = pki.now;
        IssueParams p;
        p.profile = Profile::Tsa;
        p.commonName = "Test TSA";
        auto issued = must(pki.buton->issue(p, pki.rng, pki.now));
        tsa.emplace(must(TimeStampAuthority::create(std::move(issued.certificate), std::move(issued.key),
                                                    std::move(issued.chain), std::string(kOidSandiTsaPolicy))));
        stamper.emplace(*tsa, pki.rng, [this] { return clock; });
    }

    KeySigner signer(const std::string& cn)
    {
        auto issued = pki.issue(*pki.baubau, Profile::Signing, cn);
        return must(KeySigner::fromKey(std::move(issued.key), std::move(issued.certificate), std::move(issued.chain)));
    }

    std::vector<std::byte> sign(std::span<const std::byte> in, KeySigner& s, bool timeStamped)
    {
        PadesSignOptions o;
        o.signingTime = clock;
        if (timeStamped) {
            o.level = PadesLevel::BT;
            o.timeStamper = &*stamper;
        }
        auto update = must(padesSign(in, s, o));
        std::vector<std::byte> out(in.begin(), in.end());
        out.insert(out.end(), update.begin(), update.end());
        return out;
    }

    SignatureReport verifyOne(std::span<const std::byte> pdf, TimePoint at, const std::vector<ossl::X509CrlPtr>& crls,
                              bool anchored = true)
    {
        VerifyOptions o;
        if (anchored) o.anchors.emplace_back(ossl::upRef(pki.root->certificate()));
        for (const auto& c : crls)
            o.crls.emplace_back(ossl::upRef(c.get()));
        o.now = at;
        auto report = must(verifyPdf(pdf, o));
        EXPECT_EQ(report.signatures.size(), 1U);
        return report.signatures.at(0);
    }
};

void expectVerdict(const SignatureReport& r, Indication indication, std::string_view subIndication)
{
    EXPECT_EQ(indicationName(r.indication), std::string(indicationName(indication)))
        << (r.problems.empty() ? "" : r.problems.front().code);
    EXPECT_EQ(r.subIndication, subIndication);
    EXPECT_EQ(r.valid, indication == Indication::TotalPassed);
}

TEST_F(PdfIndicationTest, IntactAndTrustedPassesAndNamesItsAnchor)
{
    auto s = signer("Signer");
    const auto pdf = sign(onePagePdf(), s, false);
    const auto r = verifyOne(pdf, clock, pki.crls(clock));
    expectVerdict(r, Indication::TotalPassed, "");
    EXPECT_EQ(r.anchor, Certificate(ossl::upRef(pki.root->certificate())).subject());
}

TEST_F(PdfIndicationTest, RevocationThatCannotBeEstablishedIsTryLater)
{
    auto s = signer("Signer");
    const auto pdf = sign(onePagePdf(), s, false);
    const auto r = verifyOne(pdf, clock, {});
    expectVerdict(r, Indication::Indeterminate, sub::kTryLater);
    EXPECT_TRUE(r.hasProblem("SIGNER_CHAIN_CRL_MISSING"));
    EXPECT_FALSE(r.anchor.empty()); // the chain reached the anchor; only its status is open
}

TEST_F(PdfIndicationTest, UnknownIssuerIsNoCertificateChainFoundAndNamesNoAnchor)
{
    auto s = signer("Signer");
    const auto pdf = sign(onePagePdf(), s, false);
    const auto r = verifyOne(pdf, clock, pki.crls(clock), false);
    expectVerdict(r, Indication::Indeterminate, sub::kNoCertificateChainFound);
    EXPECT_EQ(r.anchor, "");
}

TEST_F(PdfIndicationTest, AChangedSignedByteIsHashFailure)
{
    auto s = signer("Signer");
    auto pdf = sign(onePagePdf(), s, false);
    const std::string_view text(reinterpret_cast<const char*>(pdf.data()), pdf.size());
    const auto at = text.find("(Surat)");
    ASSERT_NE(at, std::string_view::npos);
    pdf[at + 1] = std::byte{'T'}; // "(Turat)": same length, the signed range hashes differently
    const auto r = verifyOne(pdf, clock, pki.crls(clock));
    expectVerdict(r, Indication::TotalFailed, sub::kHashFailure);
}

// A time-stamp after the revocation proves the signature existed then, not that it was
// made after the revocation: no POE before it, with or without the time-stamp.
TEST_F(PdfIndicationTest, RevokedWithoutProofOfExistenceBeforeTheRevocation)
{
    auto s = signer("Revoked");
    const auto plain = sign(onePagePdf(), s, false);
    must(pki.baubau->revoke(serialHex(s.certificate()), RevocationReason::KeyCompromise, clock + 1h));
    clock += 2h;
    const auto stampedAfter = sign(onePagePdf(), s, true); // time-stamped after the revocation
    const auto crls = pki.crls(clock + 1h);
    expectVerdict(verifyOne(plain, clock + 2h, crls), Indication::Indeterminate, sub::kRevokedNoPoe);
    const auto proven = verifyOne(stampedAfter, clock + 2h, crls);
    ASSERT_TRUE(proven.timestamp);
    expectVerdict(proven, Indication::Indeterminate, sub::kRevokedNoPoe);
}

// A CA certificate of the chain revoked, not the signer's own: REVOKED_CA_NO_POE.
TEST_F(PdfIndicationTest, ARevokedOfficeCaIsRevokedCaNoPoe)
{
    auto s = signer("Under a revoked CA");
    const auto plain = sign(onePagePdf(), s, false);
    must(pki.root->revoke(serialHex(pki.baubau->certificate()), RevocationReason::CaCompromise, clock + 1h));
    const auto r = verifyOne(plain, clock + 2h, pki.crls(clock + 1h));
    expectVerdict(r, Indication::Indeterminate, sub::kRevokedCaNoPoe);
    EXPECT_TRUE(r.hasProblem("SIGNER_CHAIN_CA_REVOKED"));
    EXPECT_FALSE(r.hasProblem("SIGNER_CHAIN_REVOKED"));
}

TEST_F(PdfIndicationTest, ExpiredWithoutProofOfExistenceIsOutOfBounds)
{
    auto s = signer("Expires");
    const auto plain = sign(onePagePdf(), s, false);
    const TimePoint later = clock + 24h * 800; // past the 730-day signing certificate
    expectVerdict(verifyOne(plain, later, pki.crls(later)), Indication::Indeterminate, sub::kOutOfBoundsNoPoe);
}

TEST_F(PdfIndicationTest, AnUnsignedFileIsAFormatFailure)
{
    VerifyOptions o;
    o.now = clock;
    const auto report = must(verifyPdf(onePagePdf(), o));
    ASSERT_EQ(report.problems.size(), 1U);
    EXPECT_EQ(classifyProblems(report.problems), (IndicationClass{Indication::TotalFailed, sub::kFormatFailure}));
}

TEST(PdfIndicationTable, EveryModificationCodeHasARowAndDisallowedChangesAreFormatFailures)
{
    std::set<std::string_view> seen;
    for (auto code : modificationCodes()) {
        const IndicationRow* row = findIndicationRow(modificationIndicationTable(), code);
        ASSERT_NE(row, nullptr) << code << " has no row (pdf_indication.cpp)";
        EXPECT_EQ(row->classification.indication, Indication::TotalFailed) << code;
        EXPECT_EQ(row->classification.subIndication, sub::kFormatFailure) << code;
        seen.insert(code);
    }
    EXPECT_EQ(modificationIndicationTable().size(), seen.size());
    // Never HASH_FAILURE: the signed bytes are intact.
    SignatureReport r;
    r.changes.push_back({std::string(modification::kInfoUpdated), "allowed", true});
    r.changes.push_back({std::string(modification::kPageChanged), "page 1", false});
    r.problem(finding::kModifiedAfterSigning, "modified");
    finishPdfSignatureReport(r);
    EXPECT_EQ(r.indication, Indication::TotalFailed);
    EXPECT_EQ(r.subIndication, sub::kFormatFailure);
}

} // namespace
} // namespace sandi::test
