// SPDX-License-Identifier: GPL-3.0-or-later
// The legacy CMS forms at the API (tests/legacy/legacy_forms.py checks them inside PDFs,
// with pdfsig): no signed attributes, several SignerInfos, an enveloping CMS, bytes after
// the CMS, an algorithm identifier that contradicts the key, time-stamp tokens carrying
// attribute certificates. The CMS are made by OpenSSL's own CMS_sign.
#include "../../support/test_pki.h"

#include "sandi/sign/cms.h"
#include "sandi/sign/tsp.h"

#include <openssl/cms.h>

#include <gtest/gtest.h>

namespace sandi::test {
namespace {

using CmsPtr = std::unique_ptr<CMS_ContentInfo, ossl::Deleter<CMS_ContentInfo, CMS_ContentInfo_free>>;

std::span<const std::byte> bytes(std::string_view s)
{
    return std::as_bytes(std::span(s.data(), s.size()));
}

bool hasRemark(const CmsSignature& s, std::string_view code)
{
    return std::any_of(s.remarks.begin(), s.remarks.end(), [&](const Finding& f) { return f.code == code; });
}

std::vector<std::byte> encode(CMS_ContentInfo* cms)
{
    unsigned char* buf = nullptr;
    const int n = i2d_CMS_ContentInfo(cms, &buf);
    EXPECT_GT(n, 0);
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + std::max(n, 0));
    OPENSSL_free(buf);
    return out;
}

// Small DER helpers of the test's own (definite lengths only).
struct Tlv {
    std::size_t header = 0, length = 0;
};
Tlv tlvAt(std::span<const std::byte> d, std::size_t pos)
{
    const auto first = std::to_integer<std::size_t>(d[pos + 1]);
    if (first < 0x80) return {2, first};
    std::size_t n = first & 0x7FU, len = 0;
    for (std::size_t i = 0; i < n; ++i)
        len = (len << 8U) | std::to_integer<std::size_t>(d[pos + 2 + i]);
    return {2 + n, len};
}
std::vector<std::byte> wrap(std::uint8_t tag, std::span<const std::byte> content)
{
    std::vector<std::byte> out{std::byte{tag}};
    const std::size_t n = content.size();
    if (n < 0x80) {
        out.push_back(static_cast<std::byte>(n));
    } else if (n < 0x100) {
        out.insert(out.end(), {std::byte{0x81}, static_cast<std::byte>(n)});
    } else {
        out.insert(out.end(), {std::byte{0x82}, static_cast<std::byte>(n >> 8U), static_cast<std::byte>(n & 0xFFU)});
    }
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

// The token with `extra` appended to its SignedData certificates field.
std::vector<std::byte> withExtraCertificateChoice(std::span<const std::byte> token, std::span<const std::byte> extra)
{
    // ContentInfo { contentType, [0] { SignedData { version, digestAlgorithms, encap, [0] certs, ... } } }
    const Tlv ci = tlvAt(token, 0);
    std::size_t pos = ci.header;
    pos += tlvAt(token, pos).header + tlvAt(token, pos).length; // contentType
    const Tlv explicit0 = tlvAt(token, pos);
    const std::size_t sdPos = pos + explicit0.header;
    const Tlv sd = tlvAt(token, sdPos);
    std::vector<std::vector<std::byte>> fields;
    for (std::size_t p = sdPos + sd.header; p < sdPos + sd.header + sd.length;) {
        const Tlv t = tlvAt(token, p);
        fields.emplace_back(token.begin() + static_cast<std::ptrdiff_t>(p),
                            token.begin() + static_cast<std::ptrdiff_t>(p + t.header + t.length));
        p += t.header + t.length;
    }
    for (auto& f : fields) {
        if (f[0] != std::byte{0xA0}) continue;
        const Tlv t = tlvAt(f, 0);
        std::vector<std::byte> certs(f.begin() + static_cast<std::ptrdiff_t>(t.header), f.end());
        certs.insert(certs.end(), extra.begin(), extra.end());
        f = wrap(0xA0, certs);
    }
    std::vector<std::byte> sdContent;
    for (const auto& f : fields)
        sdContent.insert(sdContent.end(), f.begin(), f.end());
    std::vector<std::byte> ciContent(token.begin() + static_cast<std::ptrdiff_t>(ci.header),
                                     token.begin() + static_cast<std::ptrdiff_t>(ci.header + (pos - ci.header)));
    const auto inner = wrap(0xA0, wrap(0x30, sdContent));
    ciContent.insert(ciContent.end(), inner.begin(), inner.end());
    return wrap(0x30, ciContent);
}

class CmsLegacyTest : public ::testing::Test {
  protected:
    TestPki pki;
    const std::string content = "Nota dinas nomor 005/123/2026";

    Issued issue(KeyType type, const std::string& cn = "Signer")
    {
        IssueParams p;
        p.profile = Profile::Signing;
        p.commonName = cn;
        p.keyType = type;
        return must(pki.baubau->issue(p, pki.rng, pki.now));
    }

    ContentDigester digester(std::string text)
    {
        return [text](Digest md) -> Result<std::vector<std::byte>> { return digestOf(md, bytes(text)); };
    }

    // OpenSSL's CMS_sign over `content` with `flags` (and a second signer, if given).
    std::vector<std::byte> opensslSign(const Issued& a, unsigned flags, const Issued* b = nullptr,
                                       const std::function<void(CMS_ContentInfo*)>& edit = {})
    {
        auto bio = ossl::memoryBio(bytes(content));
        CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags | CMS_PARTIAL | CMS_BINARY));
        EXPECT_TRUE(cms);
        EXPECT_NE(CMS_add1_signer(cms.get(), a.certificate.get(), a.key.get(), EVP_sha256(), flags), nullptr);
        if (b != nullptr) {
            EXPECT_NE(CMS_add1_signer(cms.get(), b->certificate.get(), b->key.get(), EVP_sha256(), flags), nullptr);
        }
        EXPECT_EQ(CMS_final(cms.get(), bio.get(), nullptr, flags | CMS_BINARY), 1);
        if (edit) edit(cms.get());
        return encode(cms.get());
    }
};

TEST_F(CmsLegacyTest, WithoutSignedAttributesTheSignatureCoversTheContentDigest)
{
    for (auto type : {KeyType::P256, KeyType::Rsa3072}) {
        const Issued s = issue(type);
        const auto der = opensslSign(s, CMS_DETACHED | CMS_NOATTR);
        auto ok = cmsVerifyDetached(der, digester(content));
        ASSERT_TRUE(ok) << ok.error().message;
        EXPECT_TRUE(hasRemark(*ok, finding::kCmsNoSignedAttributes));
        EXPECT_FALSE(hasRemark(*ok, finding::kCmsEncapsulatedContent));
        // Changed content: no message-digest attribute to compare, the signature fails.
        auto changed = cmsVerifyDetached(der, digester(content + " "));
        ASSERT_FALSE(changed);
        EXPECT_EQ(changed.error().code, ErrorCode::BadSignature);
    }
}

TEST_F(CmsLegacyTest, EverySignerInfoMustVerify)
{
    const Issued a = issue(KeyType::P256, "First");
    const Issued b = issue(KeyType::Rsa3072, "Second");
    auto both = cmsVerifyDetached(opensslSign(a, CMS_DETACHED, &b), digester(content));
    ASSERT_TRUE(both) << both.error().message;
    EXPECT_TRUE(hasRemark(*both, finding::kCmsMultipleSigners));
    EXPECT_EQ(X509_cmp(both->signer->native(), a.certificate.get()), 0);
    ASSERT_EQ(both->otherSigners.size(), 1U);
    EXPECT_EQ(X509_cmp(both->otherSigners[0].native(), b.certificate.get()), 0);
    for (int broken : {0, 1}) {
        const auto der = opensslSign(a, CMS_DETACHED, &b, [&](CMS_ContentInfo* cms) {
            ASN1_OCTET_STRING* sig =
                CMS_SignerInfo_get0_signature(sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), broken));
            std::vector<unsigned char> v(ASN1_STRING_get0_data(sig),
                                         ASN1_STRING_get0_data(sig) + ASN1_STRING_length(sig));
            v[v.size() / 2] ^= 1U;
            ASN1_STRING_set(sig, v.data(), static_cast<int>(v.size()));
        });
        auto r = cmsVerifyDetached(der, digester(content));
        ASSERT_FALSE(r) << "SignerInfo " << broken << " flipped";
        EXPECT_EQ(r.error().code, ErrorCode::BadSignature);
        EXPECT_NE(r.error().message.find("signer " + std::to_string(broken + 1) + " of 2"), std::string::npos)
            << r.error().message;
    }
}

TEST_F(CmsLegacyTest, AnEnvelopingCmsMustCarryTheSignedContent)
{
    const Issued s = issue(KeyType::P256);
    const auto der = opensslSign(s, 0);
    auto ok = cmsVerifyDetached(der, digester(content));
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_TRUE(ok->encapsulatedContent);
    EXPECT_TRUE(hasRemark(*ok, finding::kCmsEncapsulatedContent));
    auto other = cmsVerifyDetached(der, digester("another document"));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, ErrorCode::DigestMismatch);
}

TEST_F(CmsLegacyTest, BytesAfterTheCmsAreARemarkZeroPaddingIsNot)
{
    const Issued s = issue(KeyType::P256);
    auto der = opensslSign(s, CMS_DETACHED);
    auto padded = der;
    padded.resize(der.size() + 100);
    auto ok = cmsVerifyDetached(padded, digester(content));
    ASSERT_TRUE(ok);
    EXPECT_FALSE(hasRemark(*ok, finding::kCmsTrailingData));
    auto junk = der;
    for (int i = 0; i < 16; ++i)
        junk.push_back(static_cast<std::byte>(0xA5));
    auto noted = cmsVerifyDetached(junk, digester(content));
    ASSERT_TRUE(noted) << noted.error().message;
    EXPECT_TRUE(hasRemark(*noted, finding::kCmsTrailingData));
    // What our own signing API reads stays strict.
    EXPECT_FALSE(cmsSignatureValue(junk));
}

TEST_F(CmsLegacyTest, AnAlgorithmThatContradictsTheKeyIsAFailure)
{
    const Issued s = issue(KeyType::P256);
    const auto der = opensslSign(s, CMS_DETACHED, nullptr, [](CMS_ContentInfo* cms) {
        X509_ALGOR* sigAlg = nullptr;
        CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0), nullptr, nullptr, nullptr,
                                 &sigAlg);
        X509_ALGOR_set0(sigAlg, OBJ_nid2obj(NID_sha256WithRSAEncryption), V_ASN1_NULL, nullptr);
    });
    std::string_view code;
    auto r = cmsVerifyDetached(der, digester(content), &code);
    ASSERT_FALSE(r);
    EXPECT_EQ(code, finding::kCmsAlgorithmMismatch);
    // The digest algorithm swapped for another: the identifiers disagree.
    const auto swapped = opensslSign(s, CMS_DETACHED, nullptr, [](CMS_ContentInfo* cms) {
        X509_ALGOR* digestAlg = nullptr;
        CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0), nullptr, nullptr, &digestAlg,
                                 nullptr);
        X509_ALGOR_set0(digestAlg, OBJ_nid2obj(NID_sha512), V_ASN1_NULL, nullptr);
    });
    code = {};
    auto r2 = cmsVerifyDetached(swapped, digester(content), &code);
    ASSERT_FALSE(r2);
    EXPECT_TRUE(code == finding::kCmsAlgorithmMismatch || r2.error().code == ErrorCode::DigestMismatch)
        << r2.error().message;
}

TEST_F(CmsLegacyTest, TimeStampTokensWithAttributeCertificatesAreRead)
{
    IssueParams p;
    p.profile = Profile::Tsa;
    p.commonName = "Test TSA";
    auto issued = must(pki.buton->issue(p, pki.rng, pki.now));
    auto authority = must(TimeStampAuthority::create(std::move(issued.certificate), std::move(issued.key),
                                                     std::move(issued.chain), std::string(kOidSandiTsaPolicy)));
    const auto imprint = digestOf(Digest::Sha256, bytes(content));
    auto request = must(makeTimeStampRequest(imprint, Digest::Sha256, pki.rng));
    const auto token =
        must(timeStampTokenFromResponse(must(authority.respond(request.der, pki.now, pki.rng)), request));
    // An attribute certificate is a SEQUENCE; as a CertificateChoices it is tagged
    // [1] (v1AttrCert) or [2] (v2AttrCert), IMPLICIT (RFC 5652 §10.2.2).
    const std::string fake = "AttributeCertificate as the TSA's own software adds it";
    for (std::uint8_t tag : {std::uint8_t{0xA1}, std::uint8_t{0xA2}}) {
        const auto body = wrap(0x30, wrap(0x0C, bytes(fake)));
        std::vector<std::byte> choice = body;
        choice[0] = std::byte{tag};
        const auto withAttr = withExtraCertificateChoice(token, choice);
        ASSERT_NE(withAttr, token);
        auto info = verifyTimeStampToken(withAttr, bytes(content));
        ASSERT_TRUE(info) << info.error().message;
        EXPECT_EQ(info->imprint, imprint);
        EXPECT_EQ(X509_cmp(info->tsaCertificate->native(), authority.certificate()), 0);
        // Still over the TSTInfo: a changed imprint fails.
        EXPECT_FALSE(verifyTimeStampToken(withAttr, bytes(content + " ")));
    }
    // An unknown certificate format ([3] other) is still refused.
    auto other = wrap(0x30, wrap(0x0C, bytes(fake)));
    other[0] = std::byte{0xA3};
    EXPECT_FALSE(verifyTimeStampToken(withExtraCertificateChoice(token, other)));
}

} // namespace
} // namespace sandi::test
