// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/core/atomic_file.h"
#include "sandi/desktop/signer_store.h"
#include "sandi/pki/x509.h"
#include "../../support/test_pki.h"

#include <QProcess>
#include <QStandardPaths>

#include <openssl/pem.h>

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
    const fs::path module = "/usr/lib/softhsm/libsofthsm2.so";
    if (!fs::exists(module) || QStandardPaths::findExecutable(QStringLiteral("softhsm2-util")).isEmpty())
        GTEST_SKIP() << "SoftHSM2 is not installed";
    test::TestPki pki;
    test::TempDir tmp;
    fs::create_directories(tmp.path() / "tokens");
    const std::string conf = "directories.tokendir = " + (tmp.path() / "tokens").string() +
                             "\nobjectstore.backend = file\nlog.level = ERROR\n";
    test::must(writeFileAtomically(tmp.path() / "softhsm2.conf", conf, FileMode::Private));
    qputenv("SOFTHSM2_CONF", QByteArray::fromStdString((tmp.path() / "softhsm2.conf").string()));
    auto run = [](const QStringList& args) {
        QProcess p;
        p.start(QStringLiteral("softhsm2-util"), args);
        EXPECT_TRUE(p.waitForFinished(30'000));
        EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    };
    run({QStringLiteral("--init-token"), QStringLiteral("--free"), QStringLiteral("--label"),
         QStringLiteral("sandi-test"), QStringLiteral("--pin"), QStringLiteral("123456"), QStringLiteral("--so-pin"),
         QStringLiteral("65432100")});
    const Issued issued = pki.issue(*pki.baubau, Profile::Signing, "Token Signer");
    {
        BIO* bio = BIO_new_file((tmp.path() / "key.pem").c_str(), "w");
        ASSERT_NE(bio, nullptr);
        ASSERT_EQ(PEM_write_bio_PrivateKey(bio, issued.key.get(), nullptr, nullptr, 0, nullptr, nullptr), 1);
        BIO_free(bio);
    }
    run({QStringLiteral("--import"), QString::fromStdString((tmp.path() / "key.pem").string()),
         QStringLiteral("--token"), QStringLiteral("sandi-test"), QStringLiteral("--label"), QStringLiteral("signer"),
         QStringLiteral("--id"), QStringLiteral("01"), QStringLiteral("--pin"), QStringLiteral("123456")});
    fs::remove(tmp.path() / "key.pem"); // from here on the key exists only on the token
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
    // (A PKCS#11 login is the whole process's: while a signer of the token is open, another
    // C_Login is "already logged in". So the wrong PIN is tried with none open.)
    opened->reset();
    auto wrong = openConfiguredSigner(settings, store, SecureBuffer::fromString("111111"));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, ErrorCode::WrongPassphrase);
}
