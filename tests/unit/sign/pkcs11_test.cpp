// SPDX-License-Identifier: GPL-3.0-or-later
// PKCS#11 signers on a SoftHSM2 token, several in one process: a PKCS#11 login is the
// whole process's, so a second signer must still have its own PIN checked, and closing
// one must not finalize the library under the others.
#include "sandi/sign/pkcs11_signer.h"

#include "../../support/softhsm_token.h"
#include "../../support/test_pki.h"

#include <gtest/gtest.h>

#include <vector>

namespace sandi::test {
namespace {

struct TokenFixture {
    TestPki pki;
    TempDir dir;
    std::optional<SoftHsmToken> token = SoftHsmToken::create(dir.path(), "sandi-test", "123456");
    Issued issued = pki.issue(*pki.baubau, Profile::Signing, "Token Signer");

    std::vector<ossl::X509Ptr> chain() const
    {
        std::vector<ossl::X509Ptr> out;
        X509_up_ref(issued.certificate.get());
        out.emplace_back(issued.certificate.get());
        return out;
    }
    Result<std::unique_ptr<Pkcs11Signer>> open(std::string_view pin) const
    {
        return Pkcs11Signer::open({SoftHsmToken::kModule, "sandi-test", "signer"}, SecureBuffer::fromString(pin),
                                  chain());
    }
};

const std::vector<std::byte> kMessage(32, std::byte{7});

TEST(Pkcs11Signer, AWrongPinIsRefusedWhileAnotherSignerOfTheTokenIsOpen)
{
    TokenFixture t;
    if (!t.token) GTEST_SKIP() << "SoftHSM2 is not installed";
    ASSERT_TRUE(t.token->importKey(t.issued.key.get(), "signer", "01"));

    auto first = t.open("123456");
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_TRUE((*first)->sign(kMessage, Digest::Sha256));

    auto wrong = t.open("000000");
    ASSERT_FALSE(wrong) << "a wrong PIN was accepted because the token was already logged in";
    EXPECT_EQ(wrong.error().code, ErrorCode::WrongPassphrase);
    EXPECT_EQ(wrong.error().message.find("000000"), std::string::npos);
    // The wrong PIN left the token logged out: the first signer says so instead of signing.
    auto refused = (*first)->sign(kMessage, Digest::Sha256);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::WrongPassphrase) << refused.error().message;

    // The right PIN again: both signers sign.
    auto second = t.open("123456");
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_TRUE((*second)->sign(kMessage, Digest::Sha256));
    EXPECT_TRUE((*first)->sign(kMessage, Digest::Sha256));
}

TEST(Pkcs11Signer, ClosingOneSignerLeavesTheOthersWorking)
{
    TokenFixture t;
    if (!t.token) GTEST_SKIP() << "SoftHSM2 is not installed";
    ASSERT_TRUE(t.token->importKey(t.issued.key.get(), "signer", "01"));
    auto first = t.open("123456");
    ASSERT_TRUE(first) << first.error().message;
    {
        auto second = t.open("123456");
        ASSERT_TRUE(second) << second.error().message;
    } // closed: no C_Logout, no C_Finalize under the first
    auto signature = (*first)->sign(kMessage, Digest::Sha256);
    EXPECT_TRUE(signature) << signature.error().message;
    first->reset();
    // Every signer gone: the library was finalized and starts again.
    auto again = t.open("123456");
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_TRUE((*again)->sign(kMessage, Digest::Sha256));
}

} // namespace
} // namespace sandi::test
