// SPDX-License-Identifier: GPL-3.0-or-later
// The OCSP responder (ocsp_responder.h) against OpenSSL's OCSP client code as the
// oracle: requests built by OpenSSL, responses checked with OCSP_basic_verify and
// OCSP_resp_find_status; the delegated responder certificate's profile; the CA's
// publication URLs (authorityInfoAccess, cRLDistributionPoints, ca.conf).
#include "../../support/test_pki.h"

#include "sandi/core/atomic_file.h"
#include "sandi/pki/cert_builder.h"
#include "sandi/pki/ocsp_responder.h"

#include <openssl/ocsp.h>
#include <openssl/x509v3.h>

#include <gtest/gtest.h>

namespace sandi::test {
namespace {

using namespace std::chrono_literals;

using OcspRequestPtr = std::unique_ptr<OCSP_REQUEST, ossl::Deleter<OCSP_REQUEST, OCSP_REQUEST_free>>;
using OcspResponsePtr = std::unique_ptr<OCSP_RESPONSE, ossl::Deleter<OCSP_RESPONSE, OCSP_RESPONSE_free>>;
using OcspBasicPtr = std::unique_ptr<OCSP_BASICRESP, ossl::Deleter<OCSP_BASICRESP, OCSP_BASICRESP_free>>;
using OcspCertIdPtr = std::unique_ptr<OCSP_CERTID, ossl::Deleter<OCSP_CERTID, OCSP_CERTID_free>>;

std::vector<std::byte> der(OCSP_REQUEST* req)
{
    unsigned char* buf = nullptr;
    const int n = i2d_OCSP_REQUEST(req, &buf);
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
    OPENSSL_free(buf);
    return out;
}

// A request for `certs` (each issued by `issuer`), hashed with `md`, with a nonce if asked.
OcspRequestPtr makeRequest(const std::vector<X509*>& certs, X509* issuer, bool nonce = true,
                           const EVP_MD* md = EVP_sha1())
{
    OcspRequestPtr req(OCSP_REQUEST_new());
    for (X509* c : certs)
        OCSP_request_add0_id(req.get(), OCSP_cert_to_id(md, c, issuer));
    if (nonce) OCSP_request_add1_nonce(req.get(), nullptr, -1);
    return req;
}

struct Parsed {
    OcspResponsePtr response;
    OcspBasicPtr basic;
    int status = -1;
};

Parsed parse(const std::vector<std::byte>& bytes)
{
    Parsed p;
    const auto* q = reinterpret_cast<const unsigned char*>(bytes.data());
    p.response.reset(d2i_OCSP_RESPONSE(nullptr, &q, static_cast<long>(bytes.size())));
    if (!p.response) return p;
    p.status = OCSP_response_status(p.response.get());
    p.basic.reset(OCSP_response_get1_basic(p.response.get()));
    return p;
}

struct Status1 {
    int status = -2, reason = -2;
    TimePoint revokedAt, thisUpdate, nextUpdate;
};

Status1 statusOf(OCSP_BASICRESP* basic, X509* cert, X509* issuer, const EVP_MD* md = EVP_sha1())
{
    Status1 s;
    OcspCertIdPtr id(OCSP_cert_to_id(md, cert, issuer));
    ASN1_GENERALIZEDTIME *rev = nullptr, *thisUpd = nullptr, *nextUpd = nullptr;
    if (OCSP_resp_find_status(basic, id.get(), &s.status, &s.reason, &rev, &thisUpd, &nextUpd) != 1) return s;
    if (rev != nullptr) s.revokedAt = asn1TimeToTimePoint(rev).value();
    if (thisUpd != nullptr) s.thisUpdate = asn1TimeToTimePoint(thisUpd).value();
    if (nextUpd != nullptr) s.nextUpdate = asn1TimeToTimePoint(nextUpd).value();
    return s;
}

// OpenSSL's verification of the response's signature and responder (RFC 6960 §4.2.2.2).
bool verifiedByOpenSsl(OCSP_BASICRESP* basic, X509* root, X509* office)
{
    ossl::X509StorePtr store(X509_STORE_new());
    X509_STORE_add_cert(store.get(), root);
    ossl::X509StackPtr untrusted = ossl::newX509Stack();
    (void)ossl::pushCopy(untrusted.get(), office);
    const int ok = OCSP_basic_verify(basic, untrusted.get(), store.get(), 0);
    ossl::clearErrors();
    return ok == 1;
}

std::int64_t seconds(TimePoint t)
{
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

class OcspResponderTest : public ::testing::Test {
  protected:
    void SetUp() override
    {
        pki.now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        responderCert = pki.issue(*pki.baubau, Profile::Ocsp, "OCSP Kota Baubau");
        leaf = pki.issue(*pki.baubau, Profile::Signing, "Budi");
        other = pki.issue(*pki.baubau, Profile::Signing, "Ani");
    }
    OcspResponder delegated(std::chrono::seconds validity = kDefaultOcspValidity)
    {
        return must(OcspResponder::create(ossl::upRef(pki.baubau->certificate()),
                                          ossl::upRef(responderCert.certificate.get()),
                                          ossl::upRef(responderCert.key.get()), validity, pki.now));
    }
    std::vector<std::byte> ask(const OcspResponder& r, const std::vector<std::byte>& request)
    {
        return must(r.respond(request, pki.baubau->database(), pki.now));
    }

    TestPki pki;
    Issued responderCert, leaf, other;
};

TEST_F(OcspResponderTest, TheResponderCertificateFollowsItsProfile)
{
    X509* c = responderCert.certificate.get();
    EXPECT_NE(X509_get_extended_key_usage(c) & XKU_OCSP_SIGN, 0U);
    EXPECT_EQ(X509_get_key_usage(c), static_cast<uint32_t>(KU_DIGITAL_SIGNATURE));
    EXPECT_GE(X509_get_ext_by_NID(c, NID_id_pkix_OCSP_noCheck, -1), 0);
    const auto lifetime = asn1TimeToTimePoint(X509_get0_notAfter(c)).value() - pki.now;
    EXPECT_LE(lifetime, std::chrono::hours(24 * 30));
    EXPECT_GE(lifetime, std::chrono::hours(24 * 29));
    EXPECT_EQ(profileFromName("ocsp").value(), Profile::Ocsp);
    // The root issues its responder's certificate too, but no other end-entity certificate.
    IssueParams p;
    p.profile = Profile::Ocsp;
    p.commonName = "OCSP Root";
    EXPECT_TRUE(pki.root->issue(p, pki.rng, pki.now));
    p.profile = Profile::Signing;
    EXPECT_FALSE(pki.root->issue(p, pki.rng, pki.now));
}

TEST_F(OcspResponderTest, AnswersGoodRevokedAndUnknownSignedByTheDelegatedResponder)
{
    X509* ca = pki.baubau->certificate();
    must(pki.baubau->revoke(serialHex(other.certificate.get()), RevocationReason::KeyCompromise, pki.now - 60s));
    const auto responder = delegated();
    const Issued foreign = pki.issue(*pki.buton, Profile::Signing, "Orang Lain");
    // An unknown serial: the foreign certificate's number, asked about under this CA.
    OcspRequestPtr req = makeRequest({leaf.certificate.get(), other.certificate.get()}, ca);
    OCSP_request_add0_id(req.get(), OCSP_cert_id_new(EVP_sha1(), X509_get_subject_name(ca), X509_get0_pubkey_bitstr(ca),
                                                     X509_get0_serialNumber(foreign.certificate.get())));
    const Parsed p = parse(ask(responder, der(req.get())));
    ASSERT_EQ(p.status, OCSP_RESPONSE_STATUS_SUCCESSFUL);
    ASSERT_TRUE(p.basic);
    EXPECT_TRUE(verifiedByOpenSsl(p.basic.get(), pki.root->certificate(), ca));
    EXPECT_EQ(OCSP_check_nonce(req.get(), p.basic.get()), 1); // echoed
    EXPECT_EQ(OCSP_resp_count(p.basic.get()), 3);

    const auto good = statusOf(p.basic.get(), leaf.certificate.get(), ca);
    EXPECT_EQ(good.status, V_OCSP_CERTSTATUS_GOOD);
    EXPECT_EQ(seconds(good.thisUpdate), seconds(pki.now));
    EXPECT_EQ(seconds(good.nextUpdate), seconds(pki.now + kDefaultOcspValidity));
    const auto revoked = statusOf(p.basic.get(), other.certificate.get(), ca);
    EXPECT_EQ(revoked.status, V_OCSP_CERTSTATUS_REVOKED);
    EXPECT_EQ(revoked.reason, OCSP_REVOKED_STATUS_KEYCOMPROMISE);
    EXPECT_EQ(seconds(revoked.revokedAt), seconds(pki.now - 60s));
    OCSP_SINGLERESP* third = OCSP_resp_get0(p.basic.get(), 2);
    EXPECT_EQ(OCSP_single_get0_status(third, nullptr, nullptr, nullptr, nullptr), V_OCSP_CERTSTATUS_UNKNOWN);

    // The responder is named by its key (RFC 5019 §2.2.3) and its certificate travels along.
    const ASN1_OCTET_STRING* keyHash = nullptr;
    const X509_NAME* byName = nullptr;
    ASSERT_EQ(OCSP_resp_get0_id(p.basic.get(), &keyHash, &byName), 1);
    EXPECT_NE(keyHash, nullptr);
    const STACK_OF(X509)* carried = OCSP_resp_get0_certs(p.basic.get());
    ASSERT_EQ(sk_X509_num(carried), 1);
    EXPECT_EQ(X509_cmp(sk_X509_value(carried, 0), responderCert.certificate.get()), 0);
}

TEST_F(OcspResponderTest, AnswersInTheHashTheClientUsedWithoutANonceWhenNoneWasSent)
{
    X509* ca = pki.baubau->certificate();
    OcspRequestPtr req = makeRequest({leaf.certificate.get()}, ca, false, EVP_sha256());
    const Parsed p = parse(ask(delegated(4h), der(req.get())));
    ASSERT_EQ(p.status, OCSP_RESPONSE_STATUS_SUCCESSFUL);
    const auto s = statusOf(p.basic.get(), leaf.certificate.get(), ca, EVP_sha256());
    EXPECT_EQ(s.status, V_OCSP_CERTSTATUS_GOOD);
    EXPECT_EQ(seconds(s.nextUpdate), seconds(pki.now + 4h));
    EXPECT_EQ(OCSP_check_nonce(req.get(), p.basic.get()), 2); // no nonce either side
}

TEST_F(OcspResponderTest, SignsWithTheCaKeyItself)
{
    // The CA answering itself: its key out of its directory, as `ocsp-serve` without --signer.
    auto pem = must(readFile(CertificateAuthority::keyPath(pki.baubau->directory()), 1 << 20));
    auto key = must(decryptPrivateKeyPem(pem, passphrase()));
    auto responder =
        must(OcspResponder::create(ossl::upRef(pki.baubau->certificate()), ossl::upRef(pki.baubau->certificate()),
                                   std::move(key), kDefaultOcspValidity, pki.now));
    EXPECT_FALSE(responder.delegated());
    OcspRequestPtr req = makeRequest({leaf.certificate.get()}, pki.baubau->certificate());
    const Parsed p = parse(ask(responder, der(req.get())));
    ASSERT_EQ(p.status, OCSP_RESPONSE_STATUS_SUCCESSFUL);
    EXPECT_TRUE(verifiedByOpenSsl(p.basic.get(), pki.root->certificate(), pki.baubau->certificate()));
}

TEST_F(OcspResponderTest, MalformedOversizedAndForeignRequestsGetTheirStatus)
{
    const auto responder = delegated();
    auto statusFor = [&](const std::vector<std::byte>& bytes) { return parse(ask(responder, bytes)).status; };
    EXPECT_EQ(statusFor({}), OCSP_RESPONSE_STATUS_MALFORMEDREQUEST);
    EXPECT_EQ(statusFor(std::vector<std::byte>(40, std::byte{0x30})), OCSP_RESPONSE_STATUS_MALFORMEDREQUEST);
    auto good = der(makeRequest({leaf.certificate.get()}, pki.baubau->certificate()).get());
    auto trailing = good;
    trailing.push_back(std::byte{0});
    EXPECT_EQ(statusFor(trailing), OCSP_RESPONSE_STATUS_MALFORMEDREQUEST);
    // Every truncation of a good request is malformed, never an answer or a crash.
    for (std::size_t n = 0; n < good.size(); ++n)
        ASSERT_EQ(statusFor(std::vector<std::byte>(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n))),
                  OCSP_RESPONSE_STATUS_MALFORMEDREQUEST)
            << n;
    EXPECT_EQ(statusFor(std::vector<std::byte>(kMaxOcspRequestBytes + 1, std::byte{0x30})),
              OCSP_RESPONSE_STATUS_MALFORMEDREQUEST);
    // Asking about too many certificates at once.
    std::vector<X509*> many(kMaxOcspRequestEntries + 1, leaf.certificate.get());
    EXPECT_EQ(statusFor(der(makeRequest(many, pki.baubau->certificate()).get())),
              OCSP_RESPONSE_STATUS_MALFORMEDREQUEST);
    std::vector<X509*> allowed(kMaxOcspRequestEntries, leaf.certificate.get());
    EXPECT_EQ(statusFor(der(makeRequest(allowed, pki.baubau->certificate()).get())), OCSP_RESPONSE_STATUS_SUCCESSFUL);
    // Another CA's certificate: not ours to answer.
    const Issued foreign = pki.issue(*pki.buton, Profile::Signing, "Orang Lain");
    EXPECT_EQ(statusFor(der(makeRequest({foreign.certificate.get()}, pki.buton->certificate()).get())),
              OCSP_RESPONSE_STATUS_UNAUTHORIZED);
    EXPECT_EQ(statusFor(der(makeRequest({pki.baubau->certificate()}, pki.root->certificate()).get())),
              OCSP_RESPONSE_STATUS_UNAUTHORIZED);
    // The helper reads the status the same way.
    EXPECT_EQ(ocspResponseStatus(ask(responder, {})).value(), OcspResponseStatus::MalformedRequest);
    EXPECT_FALSE(ocspResponseStatus(std::vector<std::byte>(3, std::byte{1})));
}

TEST_F(OcspResponderTest, RefusesResponderCertificatesThatWouldNotBeAccepted)
{
    auto make = [&](X509* ca, const Issued& signer, TimePoint at, std::chrono::seconds validity = 1h) {
        return OcspResponder::create(ossl::upRef(ca), ossl::upRef(signer.certificate.get()),
                                     ossl::upRef(signer.key.get()), validity, at);
    };
    // A signing certificate: no id-kp-OCSPSigning.
    auto notOcsp = make(pki.baubau->certificate(), leaf, pki.now);
    ASSERT_FALSE(notOcsp);
    EXPECT_NE(notOcsp.error().message.find("OCSPSigning"), std::string::npos);
    // Another office's responder.
    const Issued butonResponder = pki.issue(*pki.buton, Profile::Ocsp, "OCSP Buton");
    EXPECT_FALSE(make(pki.baubau->certificate(), butonResponder, pki.now));
    // Expired.
    EXPECT_FALSE(make(pki.baubau->certificate(), responderCert, pki.now + std::chrono::hours(24 * 31)));
    // The key of another certificate.
    EXPECT_FALSE(OcspResponder::create(ossl::upRef(pki.baubau->certificate()),
                                       ossl::upRef(responderCert.certificate.get()), ossl::upRef(leaf.key.get()), 1h,
                                       pki.now));
    // Validity bounds.
    EXPECT_FALSE(make(pki.baubau->certificate(), responderCert, pki.now, 0s));
    EXPECT_FALSE(make(pki.baubau->certificate(), responderCert, pki.now, kMaxOcspValidity + 1s));
    EXPECT_TRUE(make(pki.baubau->certificate(), responderCert, pki.now, kMaxOcspValidity));
    // A responder certificate that expires while serving: internalError, never a stale signature.
    const auto responder = delegated();
    const auto request = der(makeRequest({leaf.certificate.get()}, pki.baubau->certificate()).get());
    EXPECT_EQ(
        parse(must(responder.respond(request, pki.baubau->database(), pki.now + std::chrono::hours(24 * 31)))).status,
        OCSP_RESPONSE_STATUS_INTERNALERROR);
}

TEST_F(OcspResponderTest, TheDatabaseReaderSeesARevocationWithoutTheLock)
{
    CaDatabaseReader reader(CertificateAuthority::databasePath(pki.baubau->directory()));
    const auto responder = delegated();
    const auto request = der(makeRequest({leaf.certificate.get()}, pki.baubau->certificate()).get());
    auto first = must(reader.current());
    EXPECT_EQ(statusOf(parse(must(responder.respond(request, *first, pki.now))).basic.get(), leaf.certificate.get(),
                       pki.baubau->certificate())
                  .status,
              V_OCSP_CERTSTATUS_GOOD);
    EXPECT_EQ(must(reader.current()).get(), first.get()); // unchanged file: not re-read
    must(pki.baubau->revoke(serialHex(leaf.certificate.get()), RevocationReason::Superseded, pki.now));
    auto second = must(reader.current());
    EXPECT_NE(second.get(), first.get());
    const auto s = statusOf(parse(must(responder.respond(request, *second, pki.now))).basic.get(),
                            leaf.certificate.get(), pki.baubau->certificate());
    EXPECT_EQ(s.status, V_OCSP_CERTSTATUS_REVOKED);
    EXPECT_EQ(s.reason, OCSP_REVOKED_STATUS_SUPERSEDED);
    // A damaged file: the last good database goes on answering.
    must(writeFileAtomically(CertificateAuthority::databasePath(pki.baubau->directory()), std::string_view("junk\n")));
    EXPECT_TRUE(reader.takeProblem().empty());
    EXPECT_EQ(must(reader.current()).get(), second.get());
    EXPECT_NE(reader.takeProblem().find("corrupt CA database"), std::string::npos);
    EXPECT_TRUE(reader.takeProblem().empty()); // said once
    CaDatabaseReader fresh(CertificateAuthority::databasePath(pki.baubau->directory()));
    EXPECT_FALSE(fresh.current());
}

TEST(PublicationUrls, IssuedCertificatesNameTheIssuersUrls)
{
    TestPki pki;
    must(pki.baubau->setPublicationUrls({"http://ocsp.baubaukota.go.id/", "http://pki.baubaukota.go.id/crl.der"}));
    const Issued leaf = pki.issue(*pki.baubau, Profile::Signing, "Budi");
    STACK_OF(OPENSSL_STRING)* ocsp = X509_get1_ocsp(leaf.certificate.get());
    ASSERT_EQ(sk_OPENSSL_STRING_num(ocsp), 1);
    EXPECT_STREQ(sk_OPENSSL_STRING_value(ocsp, 0), "http://ocsp.baubaukota.go.id/");
    X509_email_free(ocsp);
    const int cdp = X509_get_ext_by_NID(leaf.certificate.get(), NID_crl_distribution_points, -1);
    ASSERT_GE(cdp, 0);
    // The responder's own certificate names neither (id-pkix-ocsp-nocheck: never checked).
    const Issued responder = pki.issue(*pki.baubau, Profile::Ocsp, "OCSP");
    EXPECT_LT(X509_get_ext_by_NID(responder.certificate.get(), NID_info_access, -1), 0);
    EXPECT_LT(X509_get_ext_by_NID(responder.certificate.get(), NID_crl_distribution_points, -1), 0);
    // Before: none. Another CA: none.
    EXPECT_LT(
        X509_get_ext_by_NID(pki.issue(*pki.buton, Profile::Signing, "Ani").certificate.get(), NID_info_access, -1), 0);

    // Kept in ca.conf: a reopened CA still names them; "none" (empty) removes them.
    const auto dir = pki.baubau->directory();
    pki.baubau.reset();
    auto reopened = must(CertificateAuthority::open(dir));
    EXPECT_EQ(reopened.publicationUrls().ocsp, "http://ocsp.baubaukota.go.id/");
    EXPECT_EQ(reopened.publicationUrls().crl, "http://pki.baubaukota.go.id/crl.der");
    must(reopened.setPublicationUrls({}));
    EXPECT_FALSE(std::filesystem::exists(CertificateAuthority::configPath(dir)));
}

TEST(PublicationUrls, TheRootsUrlsGoIntoOfficeCaCertificates)
{
    TestPki pki;
    must(pki.root->setPublicationUrls({"http://ocsp.sultraprov.go.id/root", ""}));
    OfficeParams op;
    op.office = "Kota Kendari";
    op.keyType = KeyType::P256;
    op.urls.ocsp = "http://ocsp.kendarikota.go.id/";
    auto office = must(pki.root->initOffice(pki.dir.path() / "kendari", op, passphrase(), pki.rng, pki.now));
    STACK_OF(OPENSSL_STRING)* ocsp = X509_get1_ocsp(office.certificate());
    ASSERT_EQ(sk_OPENSSL_STRING_num(ocsp), 1);
    EXPECT_STREQ(sk_OPENSSL_STRING_value(ocsp, 0), "http://ocsp.sultraprov.go.id/root");
    X509_email_free(ocsp);
    EXPECT_EQ(office.publicationUrls().ocsp, "http://ocsp.kendarikota.go.id/");
}

TEST(PublicationUrls, OnlyPlainHttpUrlsAreAccepted)
{
    EXPECT_TRUE(checkPublicationUrl("http://ocsp.example.go.id/"));
    EXPECT_TRUE(checkPublicationUrl("http://127.0.0.1:8080"));
    for (const char* bad : {"https://ocsp.example.go.id/", "ldap://x/", "http://", "http:///x", "http://a b/",
                            "http://a,b/", "http://a\"/", "ocsp.example.go.id", "http://é/", ""})
        EXPECT_FALSE(checkPublicationUrl(bad)) << bad;
    EXPECT_TRUE(checkPublicationUrl("http://" + std::string(kMaxPublicationUrlBytes - 7, 'a')));
    EXPECT_FALSE(checkPublicationUrl("http://" + std::string(kMaxPublicationUrlBytes - 6, 'a')));

    EXPECT_EQ(parseCaConfig("# c\nocsp-url http://o/\ncrl-url http://c/\n").value().crl, "http://c/");
    EXPECT_EQ(parseCaConfig(formatCaConfig({"http://o/", ""})).value().ocsp, "http://o/");
    EXPECT_FALSE(parseCaConfig("ocsp-url http://o/\nocsp-url http://p/\n"));
    EXPECT_FALSE(parseCaConfig("colour blue\n"));
    EXPECT_FALSE(parseCaConfig("ocsp-url https://o/\n"));
    EXPECT_FALSE(parseCaConfig(std::string(kMaxCaConfigBytes + 1, '#')));

    TestPki pki;
    EXPECT_FALSE(pki.baubau->setPublicationUrls({"https://o/", ""}));
    EXPECT_TRUE(pki.baubau->publicationUrls().ocsp.empty());
}

} // namespace
} // namespace sandi::test
