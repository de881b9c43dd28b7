// SPDX-License-Identifier: GPL-3.0-or-later
// PAdES signing and verification through the library, with a PKI and a TSA made at
// test time and injected time: levels, several signatures, DocMDP, revocation before
// and after a proven signing time, expiry, tampering.
#include "../../support/test_pki.h"

#include "sandi/pades/pades.h"
#include "sandi/pades/pades_verify.h"
#include "sandi/sign/signer.h"

#include <gtest/gtest.h>

namespace sandi::test {
namespace {

using namespace std::chrono_literals;

// A one-page PDF with a classic xref table.
std::vector<std::byte> minimalPdf()
{
    const std::string body =
        "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 "
        ">>\n"
        "endobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n4 0 obj\n"
        "<< /Length 35 >>\nstream\nBT /F1 12 Tf 72 720 Td (Surat) Tj ET\nendstream\nendobj\n";
    std::string doc = body;
    const std::size_t xref = doc.size();
    doc += "xref\n0 5\n0000000000 65535 f\r\n";
    for (const char* marker : {"1 0 obj", "2 0 obj", "3 0 obj", "4 0 obj"}) {
        char line[24];
        std::snprintf(line, sizeof line, "%010zu 00000 n\r\n", body.find(marker));
        doc += line;
    }
    doc += "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    const auto* p = reinterpret_cast<const std::byte*>(doc.data());
    return {p, p + doc.size()};
}

class PadesTest : public ::testing::Test {
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

    std::vector<std::byte> sign(std::span<const std::byte> in, KeySigner& s, PadesSignOptions o = {})
    {
        if (o.signingTime == TimePoint{}) o.signingTime = clock;
        if (o.level != PadesLevel::BB) o.timeStamper = &*stamper;
        auto update = must(padesSign(in, s, o));
        std::vector<std::byte> out(in.begin(), in.end());
        out.insert(out.end(), update.begin(), update.end());
        return out;
    }

    VerifyOptions options(TimePoint at, const std::vector<ossl::X509CrlPtr>& crls)
    {
        VerifyOptions o;
        o.anchors.emplace_back(ossl::upRef(pki.root->certificate()));
        for (const auto& c : crls)
            o.crls.emplace_back(ossl::upRef(c.get()));
        o.now = at;
        return o;
    }

    std::vector<SignatureReport> verify(std::span<const std::byte> pdf, TimePoint at,
                                        const std::vector<ossl::X509CrlPtr>& crls)
    {
        return must(verifyPdf(pdf, options(at, crls))).signatures;
    }
};

TEST_F(PadesTest, BbSignatureKeepsEveryByteAndVerifies)
{
    const auto in = minimalPdf();
    auto s = signer("Signer");
    const auto out = sign(in, s);
    ASSERT_GT(out.size(), in.size());
    EXPECT_TRUE(std::equal(in.begin(), in.end(), out.begin()));
    auto reports = verify(out, clock, pki.crls(clock));
    ASSERT_EQ(reports.size(), 1U);
    EXPECT_TRUE(reports[0].valid) << (reports[0].problems.empty() ? "" : reports[0].problems[0].text);
    EXPECT_TRUE(reports[0].coversWholeDocument);
    EXPECT_EQ(reports[0].modifications, Modifications::None);
    ASSERT_TRUE(reports[0].signingTime);
    EXPECT_EQ(std::chrono::system_clock::to_time_t(*reports[0].signingTime),
              std::chrono::system_clock::to_time_t(clock));
    EXPECT_FALSE(reports[0].timestamp);
}

TEST_F(PadesTest, EveryLevelVerifiesAndLtCarriesItsOwnValidationData)
{
    const auto in = minimalPdf();
    auto s = signer("Signer");
    for (auto level : {PadesLevel::BT, PadesLevel::BLT, PadesLevel::BLTA}) {
        PadesSignOptions o;
        o.level = level;
        auto crls = pki.crls(clock);
        for (const auto& c : crls)
            o.crls.emplace_back(ossl::upRef(c.get()));
        o.extraCertificates.emplace_back(ossl::upRef(pki.root->certificate()));
        const auto out = sign(in, s, o);
        // B-LT and B-LTA validate with no CRL from outside.
        auto reports =
            verify(out, clock + 1h, level == PadesLevel::BT ? pki.crls(clock) : std::vector<ossl::X509CrlPtr>{});
        ASSERT_EQ(reports.size(), level == PadesLevel::BLTA ? 2U : 1U) << padesLevelName(level);
        for (const auto& r : reports) {
            EXPECT_TRUE(r.valid) << padesLevelName(level) << ": " << (r.problems.empty() ? "" : r.problems[0].text);
            EXPECT_TRUE(r.timestamp);
        }
        if (level == PadesLevel::BLTA) {
            EXPECT_EQ(reports[1].kind, "document time-stamp");
        }
    }
}

TEST_F(PadesTest, ATimeStampKeepsASignatureValidAfterLaterRevocationButNotBefore)
{
    const auto in = minimalPdf();
    auto s = signer("Later revoked");
    PadesSignOptions o;
    o.level = PadesLevel::BT;
    const auto stamped = sign(in, s, o);
    const auto plain = sign(in, s);
    must(pki.baubau->revoke(serialHex(s.certificate()), RevocationReason::KeyCompromise, clock + 2h));
    auto crls = pki.crls(clock + 3h);

    auto withTs = verify(stamped, clock + 4h, crls);
    ASSERT_EQ(withTs.size(), 1U);
    EXPECT_TRUE(withTs[0].valid) << withTs[0].problems.front().text;
    ASSERT_TRUE(withTs[0].revokedLater);
    EXPECT_EQ(withTs[0].revokedLater->reason, RevocationReason::KeyCompromise);

    auto withoutTs = verify(plain, clock + 4h, crls);
    ASSERT_EQ(withoutTs.size(), 1U);
    EXPECT_FALSE(withoutTs[0].valid);
    EXPECT_TRUE(withoutTs[0].hasProblem(chainFindingCode(ChainRole::Signer, VerdictCode::Revoked)));
}

TEST_F(PadesTest, ExpiredSignerIsInvalidWithoutATimeStampAndValidWithOne)
{
    const auto in = minimalPdf();
    auto s = signer("Expires");
    PadesSignOptions o;
    o.level = PadesLevel::BT;
    const auto stamped = sign(in, s, o);
    const auto plain = sign(in, s);
    const TimePoint later = clock + 24h * 800; // past the 730-day signing certificate
    auto crls = pki.crls(later);
    EXPECT_FALSE(verify(plain, later, crls)[0].valid);
    EXPECT_TRUE(verify(plain, later, crls)[0].hasProblem("SIGNER_CHAIN_EXPIRED"));
    // Only CRLs issued after the signer's certificate expired: they may have dropped it,
    // so they prove nothing about it.
    auto pruned = verify(stamped, later, crls)[0];
    EXPECT_FALSE(pruned.valid);
    EXPECT_TRUE(pruned.hasProblem("SIGNER_CHAIN_CRL_MISSING")) << pruned.problems.front().code;
    EXPECT_NE(pruned.problems.front().text.find("before the certificate expired"), std::string::npos);
    // With the CRLs of the time (as an archive keeps them, or B-LT embeds them): valid.
    for (auto& c : pki.crls(clock + 1h))
        crls.push_back(std::move(c));
    auto r = verify(stamped, later, crls)[0];
    EXPECT_TRUE(r.valid) << r.problems.front().text;
}

TEST_F(PadesTest, SecondSignatureKeepsTheFirstValidAndCertificationRulesApply)
{
    const auto in = minimalPdf();
    auto a = signer("First");
    auto b = signer("Second");
    PadesSignOptions certify;
    certify.certify = 2;
    const auto once = sign(in, a, certify);
    const auto twice = sign(once, b);
    auto reports = verify(twice, clock, pki.crls(clock));
    ASSERT_EQ(reports.size(), 2U);
    EXPECT_TRUE(reports[0].valid);
    EXPECT_EQ(reports[0].kind, "certification (P=2)");
    EXPECT_EQ(reports[0].modifications, Modifications::Allowed);
    EXPECT_FALSE(reports[0].coversWholeDocument);
    EXPECT_TRUE(reports[1].valid);
    EXPECT_TRUE(reports[1].coversWholeDocument);

    // A second certification is refused; so is any signature after P=1.
    EXPECT_FALSE(padesSign(once, b, certify));
    PadesSignOptions p1;
    p1.certify = 1;
    p1.signingTime = clock;
    const auto locked = sign(in, a, p1);
    PadesSignOptions plain;
    plain.signingTime = clock;
    auto refused = padesSign(locked, b, plain);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("P=1"), std::string::npos);
}

TEST_F(PadesTest, AnyChangedByteInTheSignedRangeIsCaught)
{
    const auto in = minimalPdf();
    auto s = signer("Signer");
    const auto out = sign(in, s);
    auto crls = pki.crls(clock);
    for (std::size_t i = 0; i < in.size(); i += 97) {
        auto bad = out;
        bad[i] = static_cast<std::byte>(std::to_integer<unsigned>(bad[i]) ^ 0x20U);
        auto r = verifyPdf(bad, options(clock, crls));
        if (!r) continue; // the change broke the file itself: unreadable, never valid
        EXPECT_FALSE(r->valid()) << "byte " << i;
        for (const auto& sig : r->signatures)
            EXPECT_FALSE(sig.valid) << "byte " << i;
    }
}

TEST_F(PadesTest, VisibleStampOnAPageThatDoesNotExistIsRefused)
{
    const auto in = minimalPdf();
    auto s = signer("Signer");
    PadesSignOptions o;
    o.signingTime = clock;
    o.visible = StampPlacement{2, 10, 10, 100, 40};
    auto r = padesSign(in, s, o);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("no page 2"), std::string::npos);
    o.visible = StampPlacement{1, 10, 10, 100, 40};
    EXPECT_TRUE(padesSign(in, s, o));
}

TEST_F(PadesTest, LevelsAboveBbNeedATsa)
{
    const auto in = minimalPdf();
    auto s = signer("Signer");
    PadesSignOptions o;
    o.level = PadesLevel::BT;
    o.signingTime = clock;
    auto r = padesSign(in, s, o);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("time-stamping authority"), std::string::npos);
}

TEST_F(PadesTest, NotAPdfAndNoSignatures)
{
    const std::string junk = "hello";
    VerifyOptions o;
    o.now = clock;
    EXPECT_FALSE(verifyPdf(std::as_bytes(std::span(junk.data(), junk.size())), o));
    auto none = must(verifyPdf(minimalPdf(), o));
    EXPECT_TRUE(none.signatures.empty());
    EXPECT_FALSE(none.valid());
    ASSERT_EQ(none.problems.size(), 1U);
    EXPECT_EQ(none.problems[0].code, finding::kNoSignatures);
}

} // namespace
} // namespace sandi::test
