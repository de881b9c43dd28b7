// SPDX-License-Identifier: GPL-3.0-or-later
// Revocation evidence for a signature: OCSP responses given, embedded in the CMS
// (adbe-revocationInfoArchival, CAdES revocation values, RevocationInfoChoices `other`)
// or fetched online through a RevocationFetcher (here a test double handing over
// responses `openssl ocsp` made), and the remarks that name what was used.
#include "../../support/ocsp_pki.h"

#include "sandi/sign/cms.h"
#include "sandi/sign/signer.h"
#include "sandi/sign/validation.h"

#include <openssl/cms.h>
#include <openssl/pem.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

namespace sandi::test {
namespace {

using namespace std::chrono_literals;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, ossl::Deleter<CMS_ContentInfo, CMS_ContentInfo_free>>;

constexpr std::string_view kContent = "Surat keputusan nomor 800/17/2026";

std::span<const std::byte> contentBytes()
{
    return std::as_bytes(std::span(kContent.data(), kContent.size()));
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

// DER: tag, length, content.
std::vector<std::byte> tlv(unsigned tag, std::span<const std::byte> content)
{
    std::vector<std::byte> out{static_cast<std::byte>(tag)};
    const std::size_t n = content.size();
    if (n < 0x80) {
        out.push_back(static_cast<std::byte>(n));
    } else {
        std::vector<std::byte> len;
        for (std::size_t t = n; t > 0; t >>= 8U)
            len.insert(len.begin(), static_cast<std::byte>(t & 0xFFU));
        out.push_back(static_cast<std::byte>(0x80U | len.size()));
        out.insert(out.end(), len.begin(), len.end());
    }
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

std::vector<std::byte> concat(std::initializer_list<std::span<const std::byte>> parts)
{
    std::vector<std::byte> out;
    for (auto p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

std::vector<std::byte> encode(CMS_ContentInfo* cms)
{
    unsigned char* buf = nullptr;
    const int n = i2d_CMS_ContentInfo(cms, &buf);
    EXPECT_GT(n, 0);
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
    OPENSSL_free(buf);
    return out;
}

Status addSequenceAttribute(CMS_SignerInfo* si, std::string_view oid, std::span<const std::byte> der, bool isSigned)
{
    ossl::Asn1ObjectPtr obj(OBJ_txt2obj(std::string(oid).c_str(), 1));
    std::unique_ptr<ASN1_STRING, ossl::Deleter<ASN1_STRING, ASN1_STRING_free>> seq(
        ASN1_STRING_type_new(V_ASN1_SEQUENCE));
    if (!obj || !seq || ASN1_STRING_set(seq.get(), der.data(), static_cast<int>(der.size())) != 1)
        return fail(ErrorCode::Crypto, "attribute");
    const int ok = isSigned ? CMS_signed_add1_attr_by_OBJ(si, obj.get(), V_ASN1_SEQUENCE, seq.get(), -1)
                            : CMS_unsigned_add1_attr_by_OBJ(si, obj.get(), V_ASN1_SEQUENCE, seq.get(), -1);
    if (ok != 1) return fail(ErrorCode::Crypto, "attribute");
    return {};
}

// Counts its calls and hands over what it was given.
class FakeFetcher final : public RevocationFetcher {
  public:
    std::optional<std::vector<std::byte>> ocspAnswer;
    std::optional<std::vector<std::byte>> crlAnswer;
    int ocspCalls = 0;
    int crlCalls = 0;

    Result<std::vector<std::byte>> ocsp(const Certificate&, const Certificate&) override
    {
        ++ocspCalls;
        if (!ocspAnswer) return fail(ErrorCode::Io, "responder unreachable");
        return *ocspAnswer;
    }
    Result<std::vector<std::byte>> crl(const Certificate&) override
    {
        ++crlCalls;
        if (!crlAnswer) return fail(ErrorCode::Io, "distribution point unreachable");
        return *crlAnswer;
    }
};

class RevocationTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite()
    {
        s_pki = std::make_unique<OcspPki>();
        std::string log;
        // A CRL of the CA (nothing revoked in its own database), for the CRL fetch.
        if (!s_pki->run("mkdir -p crl && : > crl/index.txt && echo 01 > crl/crlnumber && printf "
                        "'[ca]\\ndefault_ca=c\\n[c]\\ndatabase=crl/index.txt\\ncrlnumber=crl/crlnumber\\ndefault_md="
                        "sha256\\ndefault_crl_days=1\\n' > crl/ca.cnf && openssl ca -batch -config crl/ca.cnf -gencrl "
                        "-keyfile ca.key -cert ca.pem -out crl/ca.pem && openssl crl -in crl/ca.pem -outform DER -out "
                        "crl/ca.crl",
                        &log))
            ADD_FAILURE() << log;
    }
    static void TearDownTestSuite() { s_pki.reset(); }
    static OcspPki& pki() { return *s_pki; }

    // A detached CMS signature over kContent by NAME.pem/NAME.key; `edit` may add
    // attributes before the signature is computed.
    static std::vector<std::byte> sign(const std::string& name, const std::function<void(CMS_SignerInfo*)>& edit = {})
    {
        const auto keyPem = pki().read(name + ".key");
        auto bio = ossl::memoryBio(keyPem);
        ossl::PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
        const Certificate cert = pki().cert(name);
        EXPECT_TRUE(key);
        constexpr unsigned kFlags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
        CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, kFlags));
        CMS_SignerInfo* si = CMS_add1_signer(cms.get(), cert.native(), key.get(), EVP_sha256(), kFlags);
        EXPECT_NE(si, nullptr);
        if (edit) edit(si);
        auto data = ossl::memoryBio(contentBytes());
        EXPECT_EQ(CMS_final(cms.get(), data.get(), nullptr, kFlags), 1);
        return encode(cms.get());
    }

    static VerifyOptions options()
    {
        VerifyOptions o;
        o.anchors = {pki().cert("ca")};
        o.now = std::chrono::system_clock::now() + 1min;
        return o;
    }

    static inline std::unique_ptr<OcspPki> s_pki;
};

TEST_F(RevocationTest, GivenOcspResponseSettlesRevocation)
{
    const auto cms = sign("leaf");
    VerifyOptions o = options();
    auto none = verifyDetachedSignature(cms, contentBytes(), o);
    EXPECT_TRUE(none.hasProblem("SIGNER_CHAIN_CRL_MISSING")) << describe(none);
    o.ocsps = {must(OcspResponse::fromDer(pki().respond("leaf", "resp", "v-good.der")))};
    auto good = verifyDetachedSignature(cms, contentBytes(), o);
    EXPECT_TRUE(good.valid) << describe(good);
    EXPECT_TRUE(hasCode(good.remarks, finding::kRevocationCheckedByOcsp)) << describe(good);
    EXPECT_FALSE(hasCode(good.remarks, finding::kRevocationCheckedByCrl));
    // Revoked, and answered by a wrong responder: two different problems.
    const auto revokedCms = sign("revoked");
    o.ocsps = {must(OcspResponse::fromDer(pki().respond("revoked", "resp", "v-revoked.der")))};
    EXPECT_TRUE(verifyDetachedSignature(revokedCms, contentBytes(), o).hasProblem("SIGNER_CHAIN_REVOKED"));
    o.ocsps = {must(OcspResponse::fromDer(pki().respond("leaf", "other-resp", "v-foreign.der")))};
    auto foreign = verifyDetachedSignature(cms, contentBytes(), o);
    EXPECT_TRUE(foreign.hasProblem("SIGNER_CHAIN_OCSP_INVALID")) << describe(foreign);
    // The CRL alone: the remark names the CRL.
    o.ocsps.clear();
    o.crls = {must(Crl::parse(pki().read("crl/ca.crl")))};
    auto byCrl = verifyDetachedSignature(cms, contentBytes(), o);
    EXPECT_TRUE(byCrl.valid) << describe(byCrl);
    EXPECT_TRUE(hasCode(byCrl.remarks, finding::kRevocationCheckedByCrl)) << describe(byCrl);
}

TEST_F(RevocationTest, EvidenceEmbeddedInTheCms)
{
    const auto response = pki().respond("leaf", "resp", "e-good.der");
    const auto basic = must(OcspResponse::fromDer(response)).basicDer();
    const VerifyOptions o = options();

    // adbe-revocationInfoArchival (signed): ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse.
    const auto archival = tlv(0x30, tlv(0xA1, tlv(0x30, response)));
    const auto adobe = sign("leaf", [&](CMS_SignerInfo* si) {
        must(addSequenceAttribute(si, kOidAdbeRevocationInfoArchival, archival, true));
    });
    EXPECT_EQ(cmsRevocationEvidence(adobe).ocsps.size(), 1U);
    auto a = verifyDetachedSignature(adobe, contentBytes(), o);
    EXPECT_TRUE(a.valid) << describe(a);
    EXPECT_TRUE(hasCode(a.remarks, finding::kRevocationCheckedByOcsp));

    // CAdES revocation values (unsigned): crlVals [0] and ocspVals [1] of BasicOCSPResponse.
    const auto crl = pki().read("crl/ca.crl");
    const auto values = tlv(0x30, concat({tlv(0xA0, tlv(0x30, crl)), tlv(0xA1, tlv(0x30, basic))}));
    const auto cades = sign(
        "leaf", [&](CMS_SignerInfo* si) { must(addSequenceAttribute(si, kOidEtsRevocationValues, values, false)); });
    auto evidence = cmsRevocationEvidence(cades);
    EXPECT_EQ(evidence.ocsps.size(), 1U);
    EXPECT_EQ(evidence.crls.size(), 1U);
    EXPECT_TRUE(evidence.unreadable.empty());
    auto c = verifyDetachedSignature(cades, contentBytes(), o);
    EXPECT_TRUE(c.valid) << describe(c);
    EXPECT_TRUE(hasCode(c.remarks, finding::kRevocationCheckedByOcsp));
    EXPECT_TRUE(hasCode(c.remarks, finding::kRevocationCheckedByCrl));

    // Garbage where an OCSP response should be: a remark, and the signature still verifies
    // (its revocation unsettled).
    const std::vector<std::byte> junk{std::byte{0x30}, std::byte{0x03}, std::byte{0x02}, std::byte{0x01},
                                      std::byte{0x07}};
    const auto broken = sign("leaf", [&](CMS_SignerInfo* si) {
        must(addSequenceAttribute(si, kOidAdbeRevocationInfoArchival, tlv(0x30, tlv(0xA1, tlv(0x30, junk))), true));
    });
    auto b = verifyDetachedSignature(broken, contentBytes(), o);
    EXPECT_TRUE(hasCode(b.remarks, finding::kRevocationEvidenceUnreadable)) << describe(b);
    EXPECT_TRUE(b.hasProblem("SIGNER_CHAIN_CRL_MISSING")) << describe(b);
    EXPECT_FALSE(b.hasProblem(finding::kCmsMalformed));

    // RevocationInfoChoices `other` (RFC 5940 id-ri-ocsp-response), spliced into the
    // SignedData after its certificates: [1] { [1] { OID, OCSPResponse } }.
    const auto plain = sign("leaf");
    std::span<const std::byte> in = plain;
    // ContentInfo ::= SEQUENCE { OID, [0] { SignedData } }; walk to SignedData's fields.
    auto inner = [](std::span<const std::byte> der, std::size_t& header) {
        header = (std::to_integer<unsigned>(der[1]) & 0x80U) != 0 ? 2 + (std::to_integer<unsigned>(der[1]) & 0x7FU) : 2;
        return der.subspan(header);
    };
    std::size_t h = 0;
    auto ciBody = inner(in, h);
    const std::size_t oidLen = 2 + std::to_integer<std::size_t>(ciBody[1]);
    const auto oid = ciBody.first(oidLen);
    auto sdBody = inner(inner(ciBody.subspan(oidLen), h), h);
    // Fields: version, digestAlgorithms, encapContentInfo, [0] certificates, signerInfos.
    std::vector<std::span<const std::byte>> fields;
    while (!sdBody.empty()) {
        std::size_t fh = 0;
        auto body = inner(sdBody, fh);
        std::size_t len = 0;
        if (fh == 2) {
            len = std::to_integer<std::size_t>(sdBody[1]);
        } else {
            for (std::size_t i = 2; i < fh; ++i)
                len = (len << 8U) | std::to_integer<std::size_t>(sdBody[i]);
        }
        (void)body;
        fields.push_back(sdBody.first(fh + len));
        sdBody = sdBody.subspan(fh + len);
    }
    ASSERT_EQ(fields.size(), 5U);
    const auto riOid =
        std::vector<std::byte>{std::byte{0x06}, std::byte{0x08}, std::byte{0x2B}, std::byte{0x06}, std::byte{0x01},
                               std::byte{0x05}, std::byte{0x05}, std::byte{0x07}, std::byte{0x10}, std::byte{0x02}};
    const auto crlsField = tlv(0xA1, tlv(0xA1, concat({riOid, response})));
    const auto signedData = tlv(0x30, concat({fields[0], fields[1], fields[2], fields[3], crlsField, fields[4]}));
    const auto spliced = tlv(0x30, concat({oid, tlv(0xA0, signedData)}));
    auto other = cmsRevocationEvidence(spliced);
    EXPECT_EQ(other.ocsps.size(), 1U);
    auto s = verifyDetachedSignature(spliced, contentBytes(), o);
    EXPECT_TRUE(s.valid) << describe(s);
    EXPECT_TRUE(hasCode(s.remarks, finding::kRevocationCheckedByOcsp));
}

TEST_F(RevocationTest, OnlineFetchingWhenTheEmbeddedEvidenceDoesNotSettle)
{
    const auto cms = sign("leaf");
    FakeFetcher fetcher;
    VerifyOptions o = options();
    o.online = &fetcher;

    // Nothing fetched: both asked, the failure remarked, the problem stays.
    auto failed = verifyDetachedSignature(cms, contentBytes(), o);
    EXPECT_TRUE(failed.hasProblem("SIGNER_CHAIN_CRL_MISSING")) << describe(failed);
    EXPECT_TRUE(hasCode(failed.remarks, finding::kRevocationFetchFailed));
    EXPECT_EQ(fetcher.ocspCalls, 1);
    EXPECT_EQ(fetcher.crlCalls, 1);

    // OCSP first: its response settles it, no CRL asked.
    fetcher = FakeFetcher{};
    fetcher.ocspAnswer = pki().respond("leaf", "resp", "o-good.der");
    fetcher.crlAnswer = pki().read("crl/ca.crl");
    auto byOcsp = verifyDetachedSignature(cms, contentBytes(), o);
    EXPECT_TRUE(byOcsp.valid) << describe(byOcsp);
    EXPECT_TRUE(hasCode(byOcsp.remarks, finding::kRevocationFetchedOnline));
    EXPECT_TRUE(hasCode(byOcsp.remarks, finding::kRevocationCheckedByOcsp));
    EXPECT_EQ(fetcher.ocspCalls, 1);
    EXPECT_EQ(fetcher.crlCalls, 0);

    // The responder unreachable: the CRL.
    fetcher = FakeFetcher{};
    fetcher.crlAnswer = pki().read("crl/ca.crl");
    auto byCrl = verifyDetachedSignature(cms, contentBytes(), o);
    EXPECT_TRUE(byCrl.valid) << describe(byCrl);
    EXPECT_TRUE(hasCode(byCrl.remarks, finding::kRevocationFetchedOnline));
    EXPECT_TRUE(hasCode(byCrl.remarks, finding::kRevocationCheckedByCrl));
    EXPECT_EQ(fetcher.crlCalls, 1);

    // What comes online is judged like the rest: a revoked answer revokes.
    fetcher = FakeFetcher{};
    fetcher.ocspAnswer = pki().respond("revoked", "resp", "o-revoked.der");
    auto revoked = verifyDetachedSignature(sign("revoked"), contentBytes(), o);
    EXPECT_TRUE(revoked.hasProblem("SIGNER_CHAIN_REVOKED")) << describe(revoked);

    // Embedded (given) evidence that settles it: nothing is fetched.
    fetcher = FakeFetcher{};
    o.ocsps = {must(OcspResponse::fromDer(pki().respond("leaf", "resp", "o-given.der")))};
    auto offline = verifyDetachedSignature(cms, contentBytes(), o);
    EXPECT_TRUE(offline.valid) << describe(offline);
    EXPECT_EQ(fetcher.ocspCalls + fetcher.crlCalls, 0);
    EXPECT_FALSE(hasCode(offline.remarks, finding::kRevocationFetchedOnline));
}

} // namespace
} // namespace sandi::test
