// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/core/atomic_file.h"
#include "sandi/desktop/signer_store.h"
#include "sandi/pki/x509.h"
#include "../../support/softhsm_token.h"
#include "../../support/test_pki.h"

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::crypto;
using namespace sandi::desktop;
namespace fs = std::filesystem;

namespace {

// The official's signing PKCS#12 as `sandi ca issue --profile signing` writes it.
fs::path makeSignerP12(test::TestPki& pki, const fs::path& dir, const SecureBuffer& pass)
{
    const Issued issued = pki.issue(*pki.baubau, Profile::Signing, "Sri Wahyuni");
    std::vector<X509*> chain;
    for (const auto& c : issued.chain)
        chain.push_back(c.get());
    const auto p12 = test::must(makePkcs12(issued.key.get(), issued.certificate.get(), chain, pass, "Sri Wahyuni"));
    const fs::path file = dir / "sri.p12";
    test::must(writeFileAtomically(file, std::span<const std::byte>(p12), FileMode::Private));
    return file;
}

} // namespace

TEST(SignerStore, ImportsAPkcs12OnlyWhenItOpens)
{
    test::TestPki pki;
    test::TempDir tmp;
    const auto p12Pass = SecureBuffer::fromString("kunci penandatangan");
    const fs::path p12 = makeSignerP12(pki, tmp.path(), p12Pass);
    const fs::path store = tmp.path() / "store";
    fs::create_directories(store);

    auto wrong = importPkcs12Signer(store, p12, SecureBuffer::fromString("salah sekali"));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, ErrorCode::WrongPassphrase);
    EXPECT_FALSE(fs::exists(storedPkcs12Path(store)));

    auto imported = importPkcs12Signer(store, p12, p12Pass);
    ASSERT_TRUE(imported) << imported.error().message;
    EXPECT_TRUE(signerSubject(**imported).contains(QStringLiteral("CN=Sri Wahyuni")));
    ASSERT_TRUE(fs::exists(storedPkcs12Path(store)));
    // Copied as it is: still under its own passphrase.
    EXPECT_EQ(test::must(readFile(storedPkcs12Path(store), kMaxPkcs12Bytes)),
              test::must(readFile(p12, kMaxPkcs12Bytes)));
    EXPECT_EQ(fs::status(storedPkcs12Path(store)).permissions() & fs::perms::others_read, fs::perms::none);

    test::TempDir settingsDir;
    AppSettings settings(QString::fromStdString((settingsDir.path() / "s.ini").string()));
    EXPECT_EQ(openConfiguredSigner(settings, store, p12Pass).error().code, ErrorCode::NotFound);
    settings.setSignerKind(SignerKind::Pkcs12);
    auto opened = openConfiguredSigner(settings, store, p12Pass);
    ASSERT_TRUE(opened) << opened.error().message;
    const std::vector<std::byte> message(32, std::byte{7});
    EXPECT_TRUE((*opened)->sign(message, Digest::Sha256));
    EXPECT_EQ(openStoredPkcs12Signer(store, SecureBuffer::fromString("bukan ini")).error().code,
              ErrorCode::WrongPassphrase);
}

TEST(SignerStore, ATokenNeedsAModule)
{
    auto r = openTokenSigner({}, SecureBuffer::fromString("1234"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
}

// A signing key on a SoftHSM2 token that holds only the key (as tests/interop/pkcs11_softhsm.sh
// sets it up): the certificate file is given once, kept in the store, and used at each opening.
TEST(SignerStore, TokenWithTheCertificateFromAFile)
{
    test::TestPki pki;
    test::TempDir tmp;
    auto hsm = test::SoftHsmToken::create(tmp.path(), "sandi-test", "123456");
    if (!hsm) GTEST_SKIP() << "SoftHSM2 is not installed";
    const Issued issued = pki.issue(*pki.baubau, Profile::Signing, "Token Signer");
    ASSERT_TRUE(hsm->importKey(issued.key.get(), "signer", "01")); // the key exists only on the token
    const fs::path module = test::SoftHsmToken::kModule;
    std::string chainPem = certificatePem(issued.certificate.get());
    for (const auto& c : issued.chain)
        chainPem += certificatePem(c.get());
    const fs::path chain = tmp.path() / "token.chain.pem";
    const Status wrote = writeFileAtomically(chain, chainPem, FileMode::Public);
    ASSERT_TRUE(wrote) << wrote.error().message;
    const fs::path store = tmp.path() / "store";
    fs::create_directories(store);
    const Pkcs11Options token{module.string(), "sandi-test", "signer"};

    auto noCert = setUpTokenSigner(store, token, SecureBuffer::fromString("123456"), {});
    ASSERT_FALSE(noCert);
    EXPECT_NE(noCert.error().message.find("no certificate"), std::string::npos) << noCert.error().message;
    auto wrongPin = setUpTokenSigner(store, token, SecureBuffer::fromString("000000"), chain);
    ASSERT_FALSE(wrongPin);
    EXPECT_EQ(wrongPin.error().code, ErrorCode::WrongPassphrase);
    EXPECT_FALSE(fs::exists(store / kTokenChainFileName));

    auto set = setUpTokenSigner(store, token, SecureBuffer::fromString("123456"), chain);
    ASSERT_TRUE(set) << set.error().message;
    EXPECT_TRUE(signerSubject(**set).contains(QStringLiteral("CN=Token Signer")));
    ASSERT_TRUE(fs::exists(store / kTokenChainFileName));
    set->reset();

    test::TempDir settingsDir;
    AppSettings settings(QString::fromStdString((settingsDir.path() / "s.ini").string()));
    settings.setSignerKind(SignerKind::Pkcs11);
    settings.setPkcs11(token);
    auto opened = openConfiguredSigner(settings, store, SecureBuffer::fromString("123456"));
    ASSERT_TRUE(opened) << opened.error().message;
    const std::vector<std::byte> message(32, std::byte{9});
    EXPECT_TRUE((*opened)->sign(message, Digest::Sha256));
    // A wrong PIN is refused even while a signer of the token is open (the login is the
    // whole process's; Pkcs11Signer logs in again to check the PIN).
    auto wrong = openConfiguredSigner(settings, store, SecureBuffer::fromString("111111"));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, ErrorCode::WrongPassphrase);
}
