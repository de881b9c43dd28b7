// SPDX-License-Identifier: GPL-3.0-or-later
// The process's memo of certificate signature checks (signature_memo.h): what it
// remembers is exactly "this DER verifies under this key", nothing more.
#include "../../support/test_pki.h"

#include "sandi/pki/signature_memo.h"

#include <gtest/gtest.h>

#include <openssl/err.h>

#include <atomic>
#include <thread>

namespace sandi::test {
namespace {

using namespace std::chrono_literals;

class SignatureMemoTest : public ::testing::Test {
  protected:
    TestPki pki;
};

ossl::X509Ptr withFlippedByte(X509* cert, std::size_t fromEnd)
{
    auto der = certificateDer(cert);
    der[der.size() - fromEnd] ^= std::byte{0x01};
    return must(parseCertificate(der));
}

TEST_F(SignatureMemoTest, ATamperedCertificateIsRefusedAfterTheGenuineOneWasRemembered)
{
    auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Genuine");
    clearSignatureMemo(); // issuing checked the new certificate already
    X509* issuer = pki.baubau->certificate();
    ASSERT_TRUE(certificateSignatureVerifies(leaf.certificate.get(), issuer));
    EXPECT_EQ(signatureMemoStats().entries, 1U);
    const auto hits = signatureMemoStats().hits;
    ASSERT_TRUE(certificateSignatureVerifies(leaf.certificate.get(), issuer));
    EXPECT_EQ(signatureMemoStats().hits, hits + 1); // the second check was the memo's

    // The same certificate, same issuer, one byte of the signature value flipped: the
    // memo's key covers the whole DER, so this is checked, and refused.
    for (std::size_t fromEnd : {std::size_t{1}, std::size_t{2}, std::size_t{20}}) {
        auto tampered = withFlippedByte(leaf.certificate.get(), fromEnd);
        EXPECT_FALSE(certificateSignatureVerifies(tampered.get(), issuer)) << fromEnd;
        EXPECT_FALSE(certificateSignatureVerifies(tampered.get(), issuer)) << fromEnd; // failures are not remembered
    }
    EXPECT_EQ(signatureMemoStats().entries, 1U);

    // Through chain validation: the genuine chain is valid (and remembered), the tampered
    // copy still a bad signature.
    Verdict genuine = pki.validate(leaf.certificate.get(), Purpose::DocumentSigning, pki.now, {});
    ASSERT_TRUE(genuine.valid()) << genuine.reason;
    auto tampered = withFlippedByte(leaf.certificate.get(), 2);
    Verdict bad = pki.validate(tampered.get(), Purpose::DocumentSigning, pki.now, {});
    EXPECT_EQ(bad.code, VerdictCode::BadSignature) << bad.reason;
    EXPECT_EQ(bad.depth, 0);
}

TEST_F(SignatureMemoTest, AVerifiedCertificateIsNotAcceptedUnderAnotherIssuerKey)
{
    auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Under Baubau");
    ASSERT_TRUE(certificateSignatureVerifies(leaf.certificate.get(), pki.baubau->certificate()));
    EXPECT_FALSE(certificateSignatureVerifies(leaf.certificate.get(), pki.buton->certificate()));
    EXPECT_FALSE(certificateSignatureVerifies(leaf.certificate.get(), pki.root->certificate()));
    // A CA of the same name and profile with another key (a second PKI made the same way).
    TestPki other;
    ASSERT_EQ(X509_NAME_cmp(X509_get_subject_name(other.baubau->certificate()),
                            X509_get_subject_name(pki.baubau->certificate())),
              0);
    EXPECT_FALSE(certificateSignatureVerifies(leaf.certificate.get(), other.baubau->certificate()));
    // And the other way round: remembered under the other key first, still refused here.
    auto otherLeaf = other.issue(*other.baubau, Profile::Signing, "Under the other Baubau");
    ASSERT_TRUE(certificateSignatureVerifies(otherLeaf.certificate.get(), other.baubau->certificate()));
    EXPECT_FALSE(certificateSignatureVerifies(otherLeaf.certificate.get(), pki.baubau->certificate()));
}

TEST_F(SignatureMemoTest, ChainValidationUsesTheMemoButJudgesTimesAndUsageEveryTime)
{
    auto leaf = pki.issue(*pki.baubau, Profile::Device, "Device"); // 365 days
    clearSignatureMemo();
    Verdict first = pki.validate(leaf.certificate.get(), Purpose::TlsClient, pki.now, pki.crls(pki.now));
    ASSERT_TRUE(first.valid()) << first.reason;
    const auto afterFirst = signatureMemoStats();
    EXPECT_EQ(afterFirst.entries, 2U); // the leaf under its CA, the CA under the root
    Verdict second = pki.validate(leaf.certificate.get(), Purpose::TlsClient, pki.now, pki.crls(pki.now));
    EXPECT_TRUE(second.valid()) << second.reason;
    EXPECT_GE(signatureMemoStats().hits, afterFirst.hits + 2);

    // Remembered signatures decide nothing else: expired, not yet valid, the wrong purpose.
    const TimePoint later = pki.now + 400 * 24h;
    EXPECT_EQ(pki.validate(leaf.certificate.get(), Purpose::TlsClient, later, pki.crls(later)).code,
              VerdictCode::Expired);
    EXPECT_EQ(pki.validate(leaf.certificate.get(), Purpose::TlsClient, pki.now - 24h, {}).code,
              VerdictCode::NotYetValid);
    EXPECT_EQ(pki.validate(leaf.certificate.get(), Purpose::TimeStamping, pki.now, pki.crls(pki.now)).code,
              VerdictCode::WrongUsage);
    // Nor revocation.
    must(pki.baubau->revoke(serialHex(leaf.certificate.get()), RevocationReason::KeyCompromise, pki.now + 1h));
    EXPECT_EQ(pki.validate(leaf.certificate.get(), Purpose::TlsClient, pki.now + 3h, pki.crls(pki.now + 2h)).code,
              VerdictCode::Revoked);
}

// X509_verify_cert over a store that remembers (as TS_RESP_verify_token's), with and
// without PARTIAL_CHAIN (without it, OpenSSL's own check runs).
int verifyOverStore(X509* leaf, X509* root, X509* intermediate, bool partialChain)
{
    ossl::X509StorePtr store(X509_STORE_new());
    X509_STORE_add_cert(store.get(), root);
    if (partialChain) X509_VERIFY_PARAM_set_flags(X509_STORE_get0_param(store.get()), X509_V_FLAG_PARTIAL_CHAIN);
    rememberSignatureChecks(store.get());
    auto untrusted = ossl::newX509Stack();
    must(ossl::pushCopy(untrusted.get(), intermediate));
    ossl::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
    X509_STORE_CTX_init(ctx.get(), store.get(), leaf, untrusted.get());
    const int ok = X509_verify_cert(ctx.get());
    const int err = X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    return ok == 1 ? X509_V_OK : err;
}

TEST_F(SignatureMemoTest, AStoreThatRemembersRefusesATamperedCertificateToo)
{
    auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Over a store");
    auto tampered = withFlippedByte(leaf.certificate.get(), 2);
    clearSignatureMemo();
    for (bool partial : {true, false}) {
        EXPECT_EQ(verifyOverStore(leaf.certificate.get(), pki.root->certificate(), pki.baubau->certificate(), partial),
                  X509_V_OK)
            << partial;
        EXPECT_EQ(verifyOverStore(tampered.get(), pki.root->certificate(), pki.baubau->certificate(), partial),
                  X509_V_ERR_CERT_SIGNATURE_FAILURE)
            << partial;
    }
    // Only the PARTIAL_CHAIN contexts went through the memo: the leaf and its CA, once each.
    EXPECT_EQ(signatureMemoStats().entries, 2U);
}

TEST_F(SignatureMemoTest, ChecksFromManyThreadsAgree)
{
    auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Shared");
    auto tampered = withFlippedByte(leaf.certificate.get(), 2);
    clearSignatureMemo();
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i) {
                if (!certificateSignatureVerifies(leaf.certificate.get(), pki.baubau->certificate())) ++wrong;
                if (certificateSignatureVerifies(tampered.get(), pki.baubau->certificate())) ++wrong;
            }
        });
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_EQ(signatureMemoStats().entries, 1U);
}

} // namespace
} // namespace sandi::test
