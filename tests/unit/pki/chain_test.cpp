// SPDX-License-Identifier: GPL-3.0-or-later
// Every verdict of validateChain, produced from a real PKI made at test time.
#include "../../support/test_pki.h"

#include "sandi/pki/cert_builder.h"

#include <gtest/gtest.h>

namespace sandi::test {
namespace {

using namespace std::chrono_literals;
constexpr auto kDay = 24h;

class ChainTest : public ::testing::Test {
  protected:
    TestPki pki;
};

TEST_F(ChainTest, ValidChainWithFreshCrls)
{
    auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Valid", {"valid@baubaukota.go.id"});
    auto crls = pki.crls(pki.now);
    Verdict v = pki.validate(leaf.certificate.get(), Purpose::DocumentSigning, pki.now, crls);
    EXPECT_TRUE(v.valid()) << v.reason;
    ASSERT_EQ(v.chain.size(), 3U);
    EXPECT_EQ(X509_cmp(v.chain[2].native(), pki.root->certificate()), 0);
}

TEST_F(ChainTest, ExpiredAndNotYetValid)
{
    auto leaf = pki.issue(*pki.baubau, Profile::Device, "Device"); // 365 days
    const TimePoint later = pki.now + 400 * kDay;
    Verdict expired = pki.validate(leaf.certificate.get(), Purpose::TlsClient, later, pki.crls(later));
    EXPECT_EQ(expired.code, VerdictCode::Expired) << expired.reason;
    EXPECT_EQ(expired.depth, 0);
    const TimePoint before = pki.now - 1 * kDay;
    Verdict early = pki.validate(leaf.certificate.get(), Purpose::TlsClient, before, {});
    EXPECT_EQ(early.code, VerdictCode::NotYetValid) << early.reason;
}

TEST_F(ChainTest, RevokedNamesTheDateAndReason)
{
    auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Revoked");
    const TimePoint when = pki.now + 1h;
    must(pki.baubau->revoke(serialHex(leaf.certificate.get()), RevocationReason::KeyCompromise, when));
    auto crls = pki.crls(pki.now + 2h);
    Verdict v = pki.validate(leaf.certificate.get(), Purpose::DocumentSigning, pki.now + 3h, crls);
    ASSERT_EQ(v.code, VerdictCode::Revoked) << v.reason;
    ASSERT_TRUE(v.revocation);
    EXPECT_EQ(v.revocation->reason, RevocationReason::KeyCompromise);
    EXPECT_EQ(std::chrono::time_point_cast<std::chrono::seconds>(v.revocation->date),
              std::chrono::time_point_cast<std::chrono::seconds>(when));
    EXPECT_NE(v.reason.find("keyCompromise"), std::string::npos);
}

TEST_F(ChainTest, RevokedOfficeCaRevokesItsLeaves)
{
    auto leaf = pki.issue(*pki.buton, Profile::Signing, "Under a revoked CA");
    must(pki.root->revoke(serialHex(pki.buton->certificate()), RevocationReason::CaCompromise, pki.now + 1h));
    Verdict v = pki.validate(leaf.certificate.get(), Purpose::DocumentSigning, pki.now + 3h, pki.crls(pki.now + 2h));
    EXPECT_EQ(v.code, VerdictCode::Revoked);
    EXPECT_EQ(v.depth, 1);
}

TEST_F(ChainTest, MissingAndStaleCrls)
{
    auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Crl");
    auto crls = pki.crls(pki.now);
    std::vector<ossl::X509CrlPtr> onlyRoot;
    onlyRoot.push_back(std::move(crls[0]));
    EXPECT_EQ(pki.validate(leaf.certificate.get(), Purpose::DocumentSigning, pki.now, onlyRoot).code,
              VerdictCode::CrlMissing);
    auto old = pki.crls(pki.now);
    const TimePoint afterNextUpdate = pki.now + kDefaultCrlValidity + 1h;
    EXPECT_EQ(pki.validate(leaf.certificate.get(), Purpose::DocumentSigning, afterNextUpdate, old).code,
              VerdictCode::CrlStale);
}

TEST_F(ChainTest, UnknownIssuerAndBadSignature)
{
    TestPki other;
    auto foreign = other.issue(*other.baubau, Profile::Signing, "Foreign");
    Verdict v = pki.validate(foreign.certificate.get(), Purpose::DocumentSigning, pki.now, {});
    EXPECT_EQ(v.code, VerdictCode::UnknownIssuer) << v.reason;

    // One bit of the signature value flipped: the issuer is found, the signature fails.
    auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Tampered");
    auto der = certificateDer(leaf.certificate.get());
    der[der.size() - 2] ^= std::byte{0x01};
    auto copy = must(parseCertificate(der));
    Verdict bad = pki.validate(copy.get(), Purpose::DocumentSigning, pki.now, {});
    EXPECT_EQ(bad.code, VerdictCode::BadSignature) << bad.reason;
}

TEST_F(ChainTest, WrongUsageForEachPurpose)
{
    auto device = pki.issue(*pki.baubau, Profile::Device, "Device");
    auto signing = pki.issue(*pki.baubau, Profile::Signing, "Signer");
    auto tsa = pki.issue(*pki.baubau, Profile::Tsa, "TSA");
    EXPECT_EQ(pki.validate(device.certificate.get(), Purpose::DocumentSigning, pki.now, {}).code,
              VerdictCode::WrongUsage);
    EXPECT_EQ(pki.validate(signing.certificate.get(), Purpose::TlsClient, pki.now, {}).code, VerdictCode::WrongUsage);
    EXPECT_EQ(pki.validate(signing.certificate.get(), Purpose::TimeStamping, pki.now, {}).code,
              VerdictCode::WrongUsage);
    EXPECT_EQ(pki.validate(device.certificate.get(), Purpose::TlsServer, pki.now, {}).code, VerdictCode::WrongUsage);
    EXPECT_TRUE(pki.validate(tsa.certificate.get(), Purpose::TimeStamping, pki.now, {}).valid());
    EXPECT_TRUE(pki.validate(device.certificate.get(), Purpose::TlsClient, pki.now, {}).valid());
}

TEST_F(ChainTest, HostNameChecksForTheRelay)
{
    auto relay = pki.issue(*pki.buton, Profile::RelayTls, "relay", {}, {"relay.sultraprov.go.id"});
    const auto anchors = values({pki.root->certificate()});
    const auto inter = values({pki.buton->certificate()});
    ChainInput in;
    in.leaf.emplace(ossl::upRef(relay.certificate.get()));
    in.intermediates = inter;
    in.anchors = anchors;
    in.time = pki.now;
    in.purpose = Purpose::TlsServer;
    in.revocation = RevocationCheck::None;
    in.dnsName = "relay.sultraprov.go.id";
    EXPECT_TRUE(validateChain(in).valid());
    in.dnsName = "evil.example";
    EXPECT_EQ(validateChain(in).code, VerdictCode::NameMismatch);
}

TEST_F(ChainTest, NameConstraintsOfAnOfficeCa)
{
    // An office key signing a certificate for another office (as a stolen office key
    // would, bypassing `sandi ca`): the root's name constraint on the office rejects it.
    const auto dir = pki.buton->directory();
    pki.buton.reset();
    auto buton = must(CertificateAuthority::open(dir));
    must(buton.unlock(passphrase()));
    auto key = must(generateKey(KeyType::P256));
    CertificateTemplate t;
    t.profile = Profile::Signing;
    t.subject = officePart(X509_get_subject_name(buton.certificate()));
    t.subject.unit = "Kota Baubau"; // not Buton's
    t.subject.commonName = "Impostor";
    t.subjectKey = key.get();
    t.notBefore = pki.now - 1h;
    t.notAfter = pki.now + kDay;
    auto serial = must(randomSerial(pki.rng));
    auto caKey = must(decryptPrivateKeyPem(must(readFile(CertificateAuthority::keyPath(dir), 1 << 20)), passphrase()));
    auto forged = must(signCertificate(t, serial.get(), buton.certificate(), caKey.get()));
    const auto anchors = values({pki.root->certificate()});
    const auto inter = values({buton.certificate()});
    ChainInput in;
    in.leaf.emplace(ossl::upRef(forged.get()));
    in.intermediates = inter;
    in.anchors = anchors;
    in.time = pki.now;
    in.purpose = Purpose::DocumentSigning;
    in.revocation = RevocationCheck::None;
    Verdict v = validateChain(in);
    EXPECT_EQ(v.code, VerdictCode::NameConstraints) << v.reason;
}

TEST_F(ChainTest, PathLengthOfAnOfficeCa)
{
    // An office CA (pathlen 0) that signs a sub-CA: the sub-CA's leaves are refused.
    const auto dir = pki.buton->directory();
    auto caKey = must(decryptPrivateKeyPem(must(readFile(CertificateAuthority::keyPath(dir), 1 << 20)), passphrase()));
    auto subKey = must(generateKey(KeyType::P256));
    CertificateTemplate sub;
    sub.profile = Profile::OfficeCa;
    sub.subject = officePart(X509_get_subject_name(pki.buton->certificate()));
    sub.subject.commonName = "Rogue sub-CA";
    sub.subjectKey = subKey.get();
    sub.notBefore = pki.now - 1h;
    sub.notAfter = pki.now + kDay;
    auto s1 = must(randomSerial(pki.rng));
    auto subCert = must(signCertificate(sub, s1.get(), pki.buton->certificate(), caKey.get()));
    auto leafKey = must(generateKey(KeyType::P256));
    CertificateTemplate leaf;
    leaf.profile = Profile::Device;
    leaf.subject = sub.subject;
    leaf.subject.commonName = "Leaf of rogue";
    leaf.subjectKey = leafKey.get();
    leaf.notBefore = pki.now - 1h;
    leaf.notAfter = pki.now + kDay;
    auto s2 = must(randomSerial(pki.rng));
    auto leafCert = must(signCertificate(leaf, s2.get(), subCert.get(), subKey.get()));
    Verdict v = pki.validate(leafCert.get(), Purpose::TlsClient, pki.now, {}, {subCert.get()});
    EXPECT_EQ(v.code, VerdictCode::PathLength) << v.reason;
}

TEST_F(ChainTest, NoAnchorsIsUnknownIssuer)
{
    auto leaf = pki.issue(*pki.baubau, Profile::Device, "Device");
    ChainInput in;
    in.leaf.emplace(ossl::upRef(leaf.certificate.get()));
    in.time = pki.now;
    EXPECT_EQ(validateChain(in).code, VerdictCode::UnknownIssuer);
}

} // namespace
} // namespace sandi::test

namespace sandi::test {
namespace {

using namespace std::chrono_literals;

class PastRevocationTest : public ::testing::Test {
  protected:
    TestPki pki;
    std::vector<Certificate> chainOf(const Issued& leaf)
    {
        return values({leaf.certificate.get(), pki.baubau->certificate(), pki.root->certificate()});
    }
    static std::vector<Crl> raw(const std::vector<ossl::X509CrlPtr>& v) { return values(v); }
};

TEST_F(PastRevocationTest, AnOlderCrlCountsOnlyWhileNoNewerOneCanExist)
{
    auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Signer");
    const auto crls = pki.crls(pki.now); // issued before the signing time
    const TimePoint signedAt = pki.now + 1h;
    auto chain = chainOf(leaf);
    // Verified soon after: the CRL is still current, nothing newer exists: valid, with a note.
    auto soon = revocationStatusAt(chain, raw(crls), signedAt, pki.now + 2h);
    EXPECT_TRUE(soon.verdict.valid()) << soon.verdict.reason;
    EXPECT_FALSE(soon.notes.empty());
    // Verified after its nextUpdate: a newer CRL exists and must be given.
    auto late = revocationStatusAt(chain, raw(crls), signedAt, pki.now + kDefaultCrlValidity + 1h);
    EXPECT_EQ(late.verdict.code, VerdictCode::CrlMissing);
}

TEST_F(PastRevocationTest, RevokedBeforeOrAfterTheProvenTime)
{
    auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Signer");
    must(pki.baubau->revoke(serialHex(leaf.certificate.get()), RevocationReason::Superseded, pki.now + 2h));
    const auto crls = pki.crls(pki.now + 3h);
    auto chain = chainOf(leaf);
    auto before = revocationStatusAt(chain, raw(crls), pki.now + 1h, pki.now + 4h);
    EXPECT_TRUE(before.verdict.valid());
    ASSERT_TRUE(before.revokedLater);
    EXPECT_EQ(before.revokedLater->reason, RevocationReason::Superseded);
    auto after = revocationStatusAt(chain, raw(crls), pki.now + 2h + 30min, pki.now + 4h);
    EXPECT_EQ(after.verdict.code, VerdictCode::Revoked);
}

TEST_F(PastRevocationTest, CrlsOfAnotherIssuerOrWithBadSignaturesAreIgnored)
{
    auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Signer");
    std::vector<ossl::X509CrlPtr> crls;
    crls.push_back(must(pki.root->publishCrl(pki.now + 2h)));
    crls.push_back(must(pki.buton->publishCrl(pki.now + 2h))); // not Baubau's
    auto chain = chainOf(leaf);
    EXPECT_EQ(revocationStatusAt(chain, raw(crls), pki.now + 1h, pki.now + 3h).verdict.code, VerdictCode::CrlMissing);
}

} // namespace
} // namespace sandi::test
