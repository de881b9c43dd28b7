// SPDX-License-Identifier: GPL-3.0-or-later
// CMS signatures and RFC 3161 time-stamps with keys from a PKI made at test time.
#include "../../support/test_pki.h"

#include "sandi/sign/cms.h"
#include "sandi/sign/signer.h"
#include "sandi/sign/tsp.h"

#include <openssl/cms.h>
#include <openssl/ts.h>

#include <gtest/gtest.h>

#include <set>

namespace sandi::test {
namespace {

std::span<const std::byte> bytes(std::string_view s)
{
    return std::as_bytes(std::span(s.data(), s.size()));
}

class CmsTest : public ::testing::Test {
  protected:
    TestPki pki;

    KeySigner signer(Profile profile = Profile::Signing, std::optional<KeyType> type = KeyType::P256)
    {
        IssueParams p;
        p.profile = profile;
        p.commonName = "Signer";
        p.keyType = type;
        auto issued = must(pki.baubau->issue(p, pki.rng, pki.now));
        return must(KeySigner::fromKey(std::move(issued.key), std::move(issued.certificate), std::move(issued.chain)));
    }

    TimeStampAuthority tsa()
    {
        IssueParams p;
        p.profile = Profile::Tsa;
        p.commonName = "Test TSA";
        auto issued = must(pki.buton->issue(p, pki.rng, pki.now));
        return must(TimeStampAuthority::create(std::move(issued.certificate), std::move(issued.key),
                                               std::move(issued.chain), std::string(kOidSandiTsaPolicy)));
    }
};

Result<std::vector<std::byte>> sha256Digester(std::string_view content, Digest md)
{
    return digestOf(md, bytes(content));
}

TEST_F(CmsTest, PadesSignatureHasExactlyTheThreeSignedAttributesAndVerifies)
{
    for (auto type : {KeyType::P256, KeyType::Rsa3072}) {
        KeySigner s = signer(Profile::Signing, type);
        const std::string content = "Nota dinas nomor 005/123/2026";
        const auto digest = digestOf(Digest::Sha256, bytes(content));
        auto der = must(cmsSignDetached(s, {digest, Digest::Sha256, CmsFlavour::Pades, pki.now}));

        const auto* p = reinterpret_cast<const unsigned char*>(der.data());
        std::unique_ptr<CMS_ContentInfo, ossl::Deleter<CMS_ContentInfo, CMS_ContentInfo_free>> cms(
            d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
        ASSERT_TRUE(cms);
        CMS_SignerInfo* si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms.get()), 0);
        std::set<int> attrs;
        for (int i = 0; i < CMS_signed_get_attr_count(si); ++i)
            attrs.insert(OBJ_obj2nid(X509_ATTRIBUTE_get0_object(CMS_signed_get_attr(si, i))));
        EXPECT_EQ(attrs, (std::set<int>{NID_pkcs9_contentType, NID_pkcs9_messageDigest,
                                        NID_id_smime_aa_signingCertificateV2}));

        auto verified = must(cmsVerifyDetached(der, [&](Digest md) { return sha256Digester(content, md); }));
        EXPECT_EQ(X509_cmp(verified.signer->native(), s.certificate()), 0);
        EXPECT_EQ(verified.digestName, "SHA256");
        EXPECT_FALSE(verified.signingTime);
        EXPECT_TRUE(verified.remarks.empty());
        EXPECT_EQ(verified.certificates.size(), 3U); // signer + office + root

        auto changed = cmsVerifyDetached(der, [&](Digest md) { return sha256Digester(content + " ", md); });
        ASSERT_FALSE(changed);
        EXPECT_EQ(changed.error().code, ErrorCode::DigestMismatch);
        EXPECT_NE(changed.error().message.find("digest mismatch"), std::string::npos);
    }
}

TEST_F(CmsTest, RsaPssSignaturesCarryTheirParametersAndVerify)
{
    KeySigner s = signer(Profile::Signing, KeyType::Rsa3072);
    ASSERT_TRUE(s.useRsaPss());
    const std::string content = "PSS";
    auto der = must(
        cmsSignDetached(s, {digestOf(Digest::Sha256, bytes(content)), Digest::Sha256, CmsFlavour::Pades, pki.now}));
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<CMS_ContentInfo, ossl::Deleter<CMS_ContentInfo, CMS_ContentInfo_free>> cms(
        d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    ASSERT_TRUE(cms);
    X509_ALGOR* sigAlg = nullptr;
    CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms.get()), 0), nullptr, nullptr, nullptr,
                             &sigAlg);
    const ASN1_OBJECT* oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, sigAlg);
    EXPECT_EQ(OBJ_obj2nid(oid), NID_rsassaPss);
    EXPECT_TRUE(cmsVerifyDetached(der, [&](Digest md) { return sha256Digester(content, md); }));
    KeySigner ec = signer(Profile::Signing, KeyType::P256);
    EXPECT_FALSE(ec.useRsaPss());
}

TEST_F(CmsTest, CadesBesCarriesTheSigningTime)
{
    KeySigner s = signer();
    const std::string content = "lampiran";
    auto der = must(
        cmsSignDetached(s, {digestOf(Digest::Sha256, bytes(content)), Digest::Sha256, CmsFlavour::CadesBes, pki.now}));
    auto verified = must(cmsVerifyDetached(der, [&](Digest md) { return sha256Digester(content, md); }));
    ASSERT_TRUE(verified.signingTime);
    EXPECT_EQ(std::chrono::system_clock::to_time_t(*verified.signingTime),
              std::chrono::system_clock::to_time_t(pki.now));
}

TEST_F(CmsTest, EveryFlippedByteOfTheSignatureIsRejected)
{
    KeySigner s = signer();
    const std::string content = "x";
    const auto der = must(
        cmsSignDetached(s, {digestOf(Digest::Sha256, bytes(content)), Digest::Sha256, CmsFlavour::Pades, pki.now}));
    int accepted = 0;
    for (std::size_t i = 0; i < der.size(); i += 7) {
        auto bad = der;
        bad[i] ^= std::byte{0x04};
        auto r = cmsVerifyDetached(bad, [&](Digest md) { return sha256Digester(content, md); });
        // A flip may land in an unsigned part (an embedded CA certificate's body is not
        // covered by the signer's signature); it must never change what was signed.
        if (r) {
            ++accepted;
            EXPECT_EQ(X509_cmp(r->signer->native(), s.certificate()), 0);
        }
    }
    EXPECT_LT(accepted, static_cast<int>(der.size() / 7 / 2));
}

TEST_F(CmsTest, RefusesWeakDigests)
{
    KeySigner s = signer();
    const std::string content = "x";
    EXPECT_FALSE(
        cmsSignDetached(s, {digestOf(Digest::Sha1, bytes(content)), Digest::Sha1, CmsFlavour::Pades, pki.now}));
}

TEST_F(CmsTest, TimeStampRoundTripAndEmbedding)
{
    TimeStampAuthority authority = tsa();
    KeySigner s = signer();
    const std::string content = "surat keputusan";
    auto der = must(
        cmsSignDetached(s, {digestOf(Digest::Sha256, bytes(content)), Digest::Sha256, CmsFlavour::Pades, pki.now}));
    auto sigValue = must(cmsSignatureValue(der));
    auto request = must(makeTimeStampRequest(digestOf(Digest::Sha256, sigValue), Digest::Sha256, pki.rng));
    auto response = must(authority.respond(request.der, pki.now, pki.rng));
    auto token = must(timeStampTokenFromResponse(response, request));
    auto info = must(verifyTimeStampToken(token, sigValue));
    EXPECT_EQ(std::chrono::system_clock::to_time_t(info.genTime), std::chrono::system_clock::to_time_t(pki.now));
    EXPECT_EQ(info.policy, kOidSandiTsaPolicy);
    EXPECT_EQ(X509_cmp(info.tsaCertificate->native(), authority.certificate()), 0);
    // The TSA's chain validates for time-stamping.
    EXPECT_TRUE(pki.validate(info.tsaCertificate->native(), Purpose::TimeStamping, pki.now, {}).valid());

    auto stamped = must(cmsAddSignatureTimestamp(der, token));
    auto verified = must(cmsVerifyDetached(stamped, [&](Digest md) { return sha256Digester(content, md); }));
    ASSERT_TRUE(verified.timestampToken);
    EXPECT_EQ(*verified.timestampToken, token);

    // A token over another signature value is refused.
    auto other = sigValue;
    other[0] ^= std::byte{1};
    EXPECT_EQ(verifyTimeStampToken(token, other).error().code, ErrorCode::BadSignature);
    // A response to another request is refused (nonce).
    auto request2 = must(makeTimeStampRequest(digestOf(Digest::Sha256, sigValue), Digest::Sha256, pki.rng));
    EXPECT_FALSE(timeStampTokenFromResponse(response, request2));
}

TEST_F(CmsTest, TsaRejectsBadRequestsAndNeverRepeatsASerial)
{
    TimeStampAuthority authority = tsa();
    std::set<std::string> serials;
    for (int i = 0; i < 200; ++i) {
        const std::string data = "doc " + std::to_string(i);
        auto request = must(makeTimeStampRequest(digestOf(Digest::Sha256, bytes(data)), Digest::Sha256, pki.rng));
        auto token = must(timeStampTokenFromResponse(must(authority.respond(request.der, pki.now, pki.rng)), request));
        serials.insert(must(verifyTimeStampToken(token, bytes(data))).serial);
    }
    EXPECT_EQ(serials.size(), 200U);

    const std::string junk = "not a request";
    auto response = must(authority.respond(bytes(junk), pki.now, pki.rng));
    auto request = must(makeTimeStampRequest(digestOf(Digest::Sha256, bytes(junk)), Digest::Sha256, pki.rng));
    auto refused = timeStampTokenFromResponse(response, request);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("refused"), std::string::npos);

    auto sha1 = must(makeTimeStampRequest(digestOf(Digest::Sha1, bytes(junk)), Digest::Sha1, pki.rng));
    EXPECT_FALSE(timeStampTokenFromResponse(must(authority.respond(sha1.der, pki.now, pki.rng)), sha1));
}

TEST_F(CmsTest, TsaRefusesANonTsaCertificate)
{
    IssueParams p;
    p.profile = Profile::Signing;
    p.commonName = "Not a TSA";
    p.keyType = KeyType::P256;
    auto issued = must(pki.baubau->issue(p, pki.rng, pki.now));
    auto r = TimeStampAuthority::create(std::move(issued.certificate), std::move(issued.key), {},
                                        std::string(kOidSandiTsaPolicy));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Policy);
}

} // namespace
} // namespace sandi::test
