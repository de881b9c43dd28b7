// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/core/atomic_file.h"
#include "sandi/desktop/signer_store.h"
#include "sandi/pki/x509.h"
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
