// SPDX-License-Identifier: GPL-3.0-or-later
// OCSP evidence (ocsp.h, and chain.h's time rules for it), against responses made by
// `openssl ocsp`; where OpenSSL judges the same thing (the response's signature and its
// responder), `openssl ocsp -respin ... -CAfile` must agree with the verdict.
#include "../../support/ocsp_pki.h"

#include <gtest/gtest.h>

#include <memory>

namespace sandi::test {
namespace {

using namespace std::chrono_literals;

class OcspTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { s_pki = std::make_unique<OcspPki>(); }
    static void TearDownTestSuite() { s_pki.reset(); }

    static OcspPki& pki() { return *s_pki; }
    static OcspResponse response(const std::vector<std::byte>& der) { return must(OcspResponse::fromDer(der)); }
    static std::vector<Certificate> chainOf(const std::string& leaf) { return {pki().cert(leaf), pki().cert("ca")}; }
    static PastRevocationStatus statusAt(const std::string& leaf, const OcspResponse& r, TimePoint at, TimePoint now,
                                         std::span<const Certificate> certificates = {})
    {
        const std::vector<OcspResponse> ocsps{r};
        return revocationStatusAt(chainOf(leaf), {}, ocsps, at, now, certificates);
    }

    static inline std::unique_ptr<OcspPki> s_pki;
};

TEST_F(OcspTest, ParsesFullAndBasicResponsesAndRefusesOthers)
{
    const auto der = pki().respond("leaf", "resp", "good.der");
    auto full = response(der);
    EXPECT_NE(full.responderId().find("OCSP Responder"), std::string::npos);
    auto basic = OcspResponse::fromBasicDer(full.basicDer());
    ASSERT_TRUE(basic) << basic.error().message;
    EXPECT_EQ(basic->basicDer(), full.basicDer());
    EXPECT_FALSE(OcspResponse::fromDer(full.basicDer())); // a BasicOCSPResponse is not an OCSPResponse
    EXPECT_TRUE(OcspResponse::parse(full.basicDer()));    // the file loader takes either
    auto trailing = der;
    trailing.push_back(std::byte{0});
    EXPECT_FALSE(OcspResponse::fromDer(trailing));
    EXPECT_FALSE(OcspResponse::fromDer({}));
    // PEM "OCSP RESPONSE", as some tools write it.
    ASSERT_TRUE(pki().run("(echo '-----BEGIN OCSP RESPONSE-----'; base64 good.der; echo '-----END OCSP RESPONSE-----') "
                          "> good.pem"));
    auto pem = OcspResponse::parse(pki().read("good.pem"));
    ASSERT_TRUE(pem) << pem.error().message;
    EXPECT_EQ(pem->basicDer(), full.basicDer());
    // A responder's error status ("tryLater") is refused with its name.
    const std::vector<std::byte> tryLater{std::byte{0x30}, std::byte{0x03}, std::byte{0x0A}, std::byte{0x01},
                                          std::byte{0x03}};
    auto refused = OcspResponse::fromDer(tryLater);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("tryLater"), std::string::npos);
}

TEST_F(OcspTest, StatusOfEachCertificateWithEitherHash)
{
    for (const std::string reqFlags : {"", "-sha256"}) {
        SCOPED_TRACE(reqFlags);
        auto good = response(pki().respond("leaf", "resp", "s-good.der", "-ndays 1", reqFlags));
        auto st = good.statusOf(pki().cert("leaf"), pki().cert("ca"));
        ASSERT_TRUE(st);
        EXPECT_EQ(st->status, OcspCertStatus::Good);
        ASSERT_TRUE(st->nextUpdate);
        EXPECT_NEAR(static_cast<double>((*st->nextUpdate - st->thisUpdate) / 1h), 24.0, 0.01);
        // A response about another certificate says nothing about this one.
        EXPECT_FALSE(good.statusOf(pki().cert("revoked"), pki().cert("ca")));
        // Nor about the same serial under another issuer.
        EXPECT_FALSE(good.statusOf(pki().cert("leaf"), pki().cert("other-ca")));

        auto revoked = response(pki().respond("revoked", "resp", "s-revoked.der", "-ndays 1", reqFlags));
        auto rs = revoked.statusOf(pki().cert("revoked"), pki().cert("ca"));
        ASSERT_TRUE(rs);
        EXPECT_EQ(rs->status, OcspCertStatus::Revoked);
        ASSERT_TRUE(rs->revocationTime);
        EXPECT_EQ(*rs->revocationTime, pki().revokedAt);
        EXPECT_EQ(rs->reason, RevocationReason::KeyCompromise);

        auto unknown = response(pki().respond("unknown", "resp", "s-unknown.der", "-ndays 1", reqFlags));
        auto us = unknown.statusOf(pki().cert("unknown"), pki().cert("ca"));
        ASSERT_TRUE(us);
        EXPECT_EQ(us->status, OcspCertStatus::Unknown);
    }
}

// The responder rules, each case also put to `openssl ocsp -respin ... -CAfile`.
TEST_F(OcspTest, ResponderRulesAgreeWithOpenssl)
{
    const Certificate ca = pki().cert("ca");
    const std::vector<Certificate> none;
    struct Case {
        std::string signer;
        std::string flags;
        bool accepted;
        ErrorCode refusal;
    };
    const std::vector<Case> cases{
        {"ca", "-ndays 1", true, ErrorCode::Policy},                             // the CA itself
        {"ca", "-ndays 1 -resp_key_id -resp_no_certs", true, ErrorCode::Policy}, // ResponderID byKey
        {"resp", "-ndays 1", true, ErrorCode::Policy},                           // delegated, with nocheck
        {"resp", "-ndays 1 -resp_key_id", true, ErrorCode::Policy},
        {"resp-checked", "-ndays 1", true, ErrorCode::Policy},         // delegated, no nocheck
        {"resp-noeku", "-ndays 1", false, ErrorCode::Policy},          // no id-kp-OCSPSigning
        {"other-resp", "-ndays 1", false, ErrorCode::Policy},          // another CA's responder
        {"other-ca", "-ndays 1", false, ErrorCode::Policy},            // another CA itself
        {"resp", "-ndays 1 -resp_no_certs", false, ErrorCode::Policy}, // responder certificate not at hand
    };
    int n = 0;
    for (const Case& c : cases) {
        SCOPED_TRACE(c.signer + " " + c.flags);
        const std::string file = "r" + std::to_string(n++) + ".der";
        auto r = response(pki().respond("leaf", c.signer, file, c.flags));
        auto who = r.checkResponder(ca, none);
        EXPECT_EQ(static_cast<bool>(who), c.accepted) << (who ? "" : who.error().message);
        if (!who) {
            EXPECT_EQ(who.error().code, c.refusal) << who.error().message;
        }
        // OpenSSL is given every certificate the response may need; -resp_no_certs aside,
        // the response carries its signer.
        const bool noCerts = c.flags.find("-resp_no_certs") != std::string::npos;
        if (!noCerts) {
            EXPECT_EQ(pki().opensslVerifies(file, "-CAfile both-ca.pem"), c.accepted);
        }
    }
    // Without certificates in the response, a responder given separately is found.
    auto bare = response(pki().respond("leaf", "resp", "bare.der", "-ndays 1 -resp_no_certs"));
    const std::vector<Certificate> given{pki().cert("resp")};
    auto found = bare.checkResponder(ca, given);
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_TRUE(found->delegated);
    EXPECT_TRUE(found->noCheck);
    EXPECT_TRUE(pki().opensslVerifies("bare.der", "-VAfile resp.pem"));
}

TEST_F(OcspTest, TamperedSignatureIsRefused)
{
    auto der = pki().respond("leaf", "ca", "tamper.der", "-ndays 1 -resp_no_certs");
    der.back() ^= std::byte{0x01}; // the last octet of the signature value
    {
        auto f = std::fopen((pki().dir() / "tampered.der").c_str(), "wb");
        ASSERT_NE(f, nullptr);
        std::fwrite(der.data(), 1, der.size(), f);
        std::fclose(f);
    }
    auto r = OcspResponse::fromDer(der);
    ASSERT_TRUE(r) << r.error().message; // it still parses
    auto who = r->checkResponder(pki().cert("ca"), {});
    ASSERT_FALSE(who);
    EXPECT_EQ(who.error().code, ErrorCode::BadSignature);
    EXPECT_FALSE(pki().opensslVerifies("tampered.der", "-verify_other ca.pem"));
    EXPECT_TRUE(pki().opensslVerifies("tamper.der", "-verify_other ca.pem"));
    // As evidence: refused with its reason, not a missing response.
    auto st = statusAt("leaf", *r, pki().revokedAt, std::chrono::system_clock::now());
    EXPECT_EQ(st.verdict.code, VerdictCode::OcspInvalid);
}

TEST_F(OcspTest, TimeRulesAtAProvenTime)
{
    auto good = response(pki().respond("leaf", "resp", "t-good.der"));
    const TimePoint made = good.producedAt();
    // Made after the proven time: proves the status then.
    auto after = statusAt("leaf", good, made - 2h, made + 1min);
    EXPECT_TRUE(after.verdict.valid()) << after.verdict.reason;
    ASSERT_EQ(after.evidence.size(), 1U);
    EXPECT_EQ(after.evidence[0].kind, RevocationEvidence::Kind::Ocsp);
    EXPECT_TRUE(after.evidence[0].delegated);
    EXPECT_EQ(after.evidence[0].thisUpdate, made);
    EXPECT_TRUE(after.ocspNotes.empty()); // nocheck: nothing to say about the responder
    // Made before the proven time and still current: proves it, with a note.
    auto before = statusAt("leaf", good, made + 1h, made + 2h);
    EXPECT_TRUE(before.verdict.valid()) << before.verdict.reason;
    ASSERT_EQ(before.ocspNotes.size(), 1U);
    EXPECT_EQ(before.ocspNotes[0].kind, OcspNote::Kind::IssuedBeforeSigning);
    // Made before, and its nextUpdate has passed: a newer one exists and must be given.
    auto stale = statusAt("leaf", good, made + 1h, made + 25h);
    EXPECT_EQ(stale.verdict.code, VerdictCode::CrlMissing) << stale.verdict.reason;
    // Without nextUpdate a response speaks only for the moment it was made.
    auto instant = response(pki().respond("leaf", "resp", "t-instant.der", ""));
    EXPECT_TRUE(statusAt("leaf", instant, made - 1h, made + 1h).verdict.valid());
    EXPECT_EQ(statusAt("leaf", instant, made + 1h, made + 2h).verdict.code, VerdictCode::CrlMissing);
}

TEST_F(OcspTest, RevokedBeforeOrAfterTheProvenTime)
{
    auto r = response(pki().respond("revoked", "resp", "t-revoked.der"));
    const TimePoint now = r.producedAt() + 1min;
    auto revoked = statusAt("revoked", r, pki().revokedAt + 10min, now);
    EXPECT_EQ(revoked.verdict.code, VerdictCode::Revoked) << revoked.verdict.reason;
    ASSERT_TRUE(revoked.verdict.revocation);
    EXPECT_EQ(revoked.verdict.revocation->reason, RevocationReason::KeyCompromise);
    EXPECT_EQ(revoked.verdict.depth, 0);
    // At the revocation time itself: revoked.
    EXPECT_EQ(statusAt("revoked", r, pki().revokedAt, now).verdict.code, VerdictCode::Revoked);
    // Signed before the revocation: the signature stands, the revocation is reported.
    auto later = statusAt("revoked", r, pki().revokedAt - 10min, now);
    EXPECT_TRUE(later.verdict.valid()) << later.verdict.reason;
    ASSERT_TRUE(later.revokedLater);
    EXPECT_EQ(later.revokedLater->date, pki().revokedAt);
    // Even a stale response that says revoked before `at` proves the revocation.
    EXPECT_EQ(statusAt("revoked", r, pki().revokedAt + 10min, now + 48h).verdict.code, VerdictCode::Revoked);
}

TEST_F(OcspTest, UnknownAndForeignResponsesEstablishNothing)
{
    const TimePoint now = std::chrono::system_clock::now() + 1min;
    auto unknown = response(pki().respond("unknown", "resp", "t-unknown.der"));
    EXPECT_EQ(statusAt("unknown", unknown, now - 1h, now).verdict.code, VerdictCode::CrlMissing);
    // The serial of another certificate: nothing about this one.
    auto other = response(pki().respond("leaf", "resp", "t-other.der"));
    auto st = statusAt("unknown", other, now - 1h, now);
    EXPECT_EQ(st.verdict.code, VerdictCode::CrlMissing);
    EXPECT_EQ(st.verdict.depth, 0);
    // Wrong responders: refused with the reason (a distinct verdict, not "missing").
    for (const std::string signer : {"resp-noeku", "other-resp", "other-ca"}) {
        SCOPED_TRACE(signer);
        auto r = response(pki().respond("leaf", signer, "t-" + signer + ".der"));
        auto v = statusAt("leaf", r, now - 1h, now);
        EXPECT_EQ(v.verdict.code, VerdictCode::OcspInvalid) << v.verdict.reason;
        EXPECT_FALSE(v.verdict.reason.empty());
    }
}

TEST_F(OcspTest, DelegatedResponderWithoutNocheck)
{
    auto r = response(pki().respond("leaf", "resp-checked", "t-checked.der"));
    const TimePoint now = r.producedAt() + 1min;
    auto st = statusAt("leaf", r, now - 1h, now);
    EXPECT_TRUE(st.verdict.valid()) << st.verdict.reason;
    ASSERT_EQ(st.ocspNotes.size(), 1U);
    EXPECT_EQ(st.ocspNotes[0].kind, OcspNote::Kind::ResponderUnchecked);
    // With the CA's CRL at hand listing the responder, its responses are refused.
    std::string log;
    ASSERT_TRUE(pki().run(
        "mkdir -p crl && printf 'R\\t301231235959Z\\t250101000000Z,keyCompromise\\t2002\\tunknown\\t/CN=x\\n' "
        "> crl/index.txt && echo 01 > crl/crlnumber && printf '[ca]\\ndefault_ca=c\\n[c]\\ndatabase=crl/"
        "index.txt\\ncrlnumber=crl/crlnumber\\ndefault_md=sha256\\ndefault_crl_days=1\\n' > crl/ca.cnf && "
        "openssl ca -batch -config crl/ca.cnf -gencrl -keyfile ca.key -cert ca.pem -out crl/ca.crl",
        &log))
        << log;
    const std::vector<Crl> crls{must(Crl::parse(pki().read("crl/ca.crl")))};
    const std::vector<OcspResponse> ocsps{r};
    auto refused = revocationStatusAt(chainOf("leaf"), crls, ocsps, now - 1h, now);
    // The CRL itself settles the leaf (it is not listed); the responder's answer is not used.
    EXPECT_TRUE(refused.verdict.valid());
    ASSERT_EQ(refused.evidence.size(), 1U);
    EXPECT_EQ(refused.evidence[0].kind, RevocationEvidence::Kind::Crl);
}

// validateChain at `now` (RevocationCheck::Required): a current OCSP response stands in
// for the CRL OpenSSL would want.
TEST_F(OcspTest, ValidationNowWithOcspInsteadOfCrl)
{
    auto good = response(pki().respond("leaf", "resp", "n-good.der"));
    const std::vector<Certificate> anchors{pki().cert("ca")};
    const std::vector<OcspResponse> ocsps{good};
    ChainInput in;
    in.leaf = pki().cert("leaf");
    in.anchors = anchors;
    in.time = good.producedAt() + 1min;
    in.revocation = RevocationCheck::Required;
    EXPECT_EQ(validateChain(in).code, VerdictCode::CrlMissing); // no evidence at all
    in.ocsps = ocsps;
    Verdict v = validateChain(in);
    ASSERT_TRUE(v.valid()) << v.reason;
    ASSERT_EQ(v.evidence.size(), 1U);
    EXPECT_EQ(v.evidence[0].kind, RevocationEvidence::Kind::Ocsp);
    EXPECT_EQ(v.evidence[0].depth, 0);
    // After its nextUpdate the response is stale.
    in.time = good.producedAt() + 25h;
    EXPECT_EQ(validateChain(in).code, VerdictCode::CrlStale);
    // A revoked answer.
    auto revoked = response(pki().respond("revoked", "resp", "n-revoked.der"));
    const std::vector<OcspResponse> revokedOcsps{revoked};
    in.leaf = pki().cert("revoked");
    in.ocsps = revokedOcsps;
    in.time = revoked.producedAt() + 1min;
    Verdict r = validateChain(in);
    EXPECT_EQ(r.code, VerdictCode::Revoked) << r.reason;
    ASSERT_TRUE(r.revocation);
    EXPECT_EQ(r.revocation->reason, RevocationReason::KeyCompromise);
    // A wrong responder.
    auto foreign = response(pki().respond("leaf", "other-resp", "n-foreign.der"));
    const std::vector<OcspResponse> foreignOcsps{foreign};
    in.leaf = pki().cert("leaf");
    in.ocsps = foreignOcsps;
    EXPECT_EQ(validateChain(in).code, VerdictCode::OcspInvalid);
}

} // namespace
} // namespace sandi::test
