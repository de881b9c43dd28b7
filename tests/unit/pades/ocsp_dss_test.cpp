// SPDX-License-Identifier: GPL-3.0-or-later
// End to end: a PDF signed through padesSign (what `sandi sign` calls) whose /DSS carries
// OCSP responses made by `openssl ocsp` and no CRL verifies with revocation checked, at
// signing and (with a time-stamp) long after the responses expired.
#include "../../support/ocsp_pki.h"

#include "sandi/pades/pades.h"
#include "sandi/pades/pades_verify.h"
#include "sandi/sign/signer.h"
#include "sandi/sign/tsp.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sandi::test {
namespace {

using namespace std::chrono_literals;

std::vector<std::byte> onePagePdf()
{
    const std::string body =
        "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 "
        ">>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n";
    std::string doc = body;
    const std::size_t xref = doc.size();
    doc += "xref\n0 4\n0000000000 65535 f\r\n";
    for (const char* marker : {"1 0 obj", "2 0 obj", "3 0 obj"}) {
        char line[24];
        std::snprintf(line, sizeof line, "%010zu 00000 n\r\n", body.find(marker));
        doc += line;
    }
    doc += "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    const auto* p = reinterpret_cast<const std::byte*>(doc.data());
    return {p, p + doc.size()};
}

std::vector<std::byte> appended(std::span<const std::byte> a, std::span<const std::byte> b)
{
    std::vector<std::byte> out(a.begin(), a.end());
    out.insert(out.end(), b.begin(), b.end());
    return out;
}

bool hasCode(const std::vector<Finding>& findings, std::string_view code)
{
    return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.code == code; });
}

std::string describe(const SignatureReport& r)
{
    std::string out;
    for (const auto& p : r.problems)
        out += "problem " + p.code + ": " + p.text + "\n";
    for (const auto& m : r.remarks)
        out += "remark " + m.code + ": " + m.text + "\n";
    return out;
}

class OcspDssTest : public ::testing::Test {
  protected:
    OcspPki pki;

    KeySigner signer()
    {
        std::vector<ossl::X509Ptr> chain;
        chain.push_back(ossl::upRef(pki.cert("ca").native()));
        return must(KeySigner::fromKey(pki.key("leaf"), ossl::upRef(pki.cert("leaf").native()), std::move(chain)));
    }

    VerifyOptions options(TimePoint now)
    {
        VerifyOptions o;
        o.anchors = {pki.cert("ca")};
        o.now = now;
        return o;
    }
};

TEST_F(OcspDssTest, SignatureWithOcspInDssAndNoCrlVerifiesWithRevocationChecked)
{
    auto s = signer();
    PadesSignOptions po;
    po.signingTime = std::chrono::system_clock::now();
    const auto in = onePagePdf();
    const auto signedPdf = appended(in, must(padesSign(in, s, po)));
    const TimePoint now = std::chrono::system_clock::now() + 1min;

    auto bare = must(verifyPdf(signedPdf, options(now))).signatures;
    ASSERT_EQ(bare.size(), 1U);
    EXPECT_TRUE(bare[0].hasProblem("SIGNER_CHAIN_CRL_MISSING")) << describe(bare[0]);

    const std::vector<OcspResponse> ocsps{must(OcspResponse::fromDer(pki.respond("leaf", "resp", "leaf.ocsp")))};
    const auto withDss = appended(signedPdf, must(padesAddDss(signedPdf, {}, {}, ocsps)));
    auto reports = must(verifyPdf(withDss, options(now))).signatures;
    ASSERT_EQ(reports.size(), 1U);
    EXPECT_TRUE(reports[0].valid) << describe(reports[0]);
    EXPECT_TRUE(hasCode(reports[0].remarks, finding::kRevocationCheckedByOcsp)) << describe(reports[0]);
    EXPECT_FALSE(hasCode(reports[0].remarks, finding::kRevocationCheckedByCrl));
    // A day later the response has expired and the signature has no time-stamp: stale.
    auto later = must(verifyPdf(withDss, options(now + 25h))).signatures;
    EXPECT_TRUE(later[0].hasProblem("SIGNER_CHAIN_CRL_STALE")) << describe(later[0]);

    // A revoked signer's response in /DSS: revoked.
    const std::vector<OcspResponse> revoked{must(OcspResponse::fromDer(pki.respond("revoked", "resp", "r.ocsp")))};
    std::vector<ossl::X509Ptr> chain;
    chain.push_back(ossl::upRef(pki.cert("ca").native()));
    auto rs = must(KeySigner::fromKey(pki.key("revoked"), ossl::upRef(pki.cert("revoked").native()), std::move(chain)));
    const auto revokedPdf = appended(in, must(padesSign(in, rs, po)));
    const auto revokedDss = appended(revokedPdf, must(padesAddDss(revokedPdf, {}, {}, revoked)));
    auto r = must(verifyPdf(revokedDss, options(now))).signatures;
    EXPECT_TRUE(r[0].hasProblem("SIGNER_CHAIN_REVOKED")) << describe(r[0]);
}

TEST_F(OcspDssTest, TimeStampedSignatureKeepsItsOcspProofAfterTheResponsesExpire)
{
    TimePoint clock = std::chrono::system_clock::now();
    std::vector<ossl::X509Ptr> tsaChain;
    tsaChain.push_back(ossl::upRef(pki.cert("ca").native()));
    auto tsa = must(TimeStampAuthority::create(ossl::upRef(pki.cert("tsa").native()), pki.key("tsa"),
                                               std::move(tsaChain), std::string(kOidSandiTsaPolicy)));
    SeededRandom rng{7};
    LocalTimeStamper stamper(tsa, rng, [&] { return clock; });
    auto s = signer();
    PadesSignOptions po;
    po.level = PadesLevel::BT;
    po.signingTime = clock;
    po.timeStamper = &stamper;
    const auto in = onePagePdf();
    const auto signedPdf = appended(in, must(padesSign(in, s, po)));
    // The responses are made after the time-stamp (the LT step of a B-LT signature).
    const std::vector<OcspResponse> ocsps{must(OcspResponse::fromDer(pki.respond("leaf", "resp", "leaf.ocsp"))),
                                          must(OcspResponse::fromDer(pki.respond("tsa", "resp", "tsa.ocsp")))};
    const auto withDss = appended(signedPdf, must(padesAddDss(signedPdf, {}, {}, ocsps)));
    for (const TimePoint now : {clock + 1min, clock + 72h}) {
        auto reports = must(verifyPdf(withDss, options(now))).signatures;
        ASSERT_EQ(reports.size(), 1U);
        EXPECT_TRUE(reports[0].valid) << describe(reports[0]);
        EXPECT_TRUE(reports[0].timestamp);
        int byOcsp = 0;
        for (const auto& m : reports[0].remarks)
            byOcsp += m.code == finding::kRevocationCheckedByOcsp ? 1 : 0;
        EXPECT_EQ(byOcsp, 2) << describe(reports[0]); // the signer's and the TSA's
    }
}

} // namespace
} // namespace sandi::test
