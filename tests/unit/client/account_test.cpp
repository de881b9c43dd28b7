// SPDX-License-Identifier: GPL-3.0-or-later
// Account::changePassphrase: the old passphrase stops opening the store, the new one opens
// the key store, the TLS key and the history (keyed from the identity key, unchanged), and
// a change interrupted after its commit point is finished by the next open.
#include "sandi/client/account.h"
#include "sandi/core/atomic_file.h"
#include "sandi/pki/x509.h"
#include "../../support/test_enrolment.h"

#include <QSslKey>

#include <gtest/gtest.h>

#include <filesystem>

using namespace sandi;
using namespace sandi::test;
namespace fs = std::filesystem;

namespace {

const SecureBuffer& oldPass()
{
    static const SecureBuffer p = SecureBuffer::fromString("lama sekali kata sandi");
    return p;
}
const SecureBuffer& newPass()
{
    static const SecureBuffer p = SecureBuffer::fromString("baru dan lebih panjang lagi");
    return p;
}

// A complete store under `oldPass`, with one history entry.
fs::path enrol(TestPki& pki, const TempDir& tmp)
{
    const fs::path store = tmp.path() / "store";
    SystemRandom rng;
    must(client::Account::request(store, oldPass(), {"Sri Wahyuni (laptop)", "198707212011012006", "Kepala Bidang"},
                                  tmp.path() / "laptop.csr", rng));
    const IssuedDevice issued = issueDeviceFromCsr(pki, tmp.path() / "laptop.csr", tmp.path());
    client::InitParams p;
    p.certificate = issued.chain;
    p.trust = {issued.trust};
    p.crls = {issued.crls};
    p.relays = {QStringLiteral("wss://relay.example:8443")};
    must(client::Account::init(store, oldPass(), p));
    auto account = must(client::Account::open(store, oldPass()));
    must(account->local().setSetting("probe", "still readable"));
    return store;
}

void expectOpensWith(const fs::path& store, const SecureBuffer& pass)
{
    auto account = client::Account::open(store, pass);
    ASSERT_TRUE(account) << account.error().message;
    auto probe = (*account)->local().setting("probe");
    ASSERT_TRUE(probe) << probe.error().message;
    ASSERT_TRUE(probe->has_value());
    EXPECT_EQ(**probe, "still readable");
    EXPECT_FALSE((*account)->tls().privateKey().isNull());
    EXPECT_EQ((*account)->relays(), QStringList{QStringLiteral("wss://relay.example:8443")});
}

} // namespace

TEST(AccountPassphrase, NewOpensEverythingOldNothing)
{
    TestPki pki;
    TempDir tmp;
    const fs::path store = enrol(pki, tmp);
    ASSERT_TRUE(client::Account::changePassphrase(store, oldPass(), newPass()));
    expectOpensWith(store, newPass());

    auto old = client::Account::open(store, oldPass());
    ASSERT_FALSE(old);
    EXPECT_EQ(old.error().code, ErrorCode::WrongPassphrase);
    const auto keyPem = must(readFile(store / "device.key.pem", std::size_t{1} << 20));
    auto oldKey = decryptPrivateKeyPem(keyPem, oldPass());
    ASSERT_FALSE(oldKey);
    EXPECT_EQ(oldKey.error().code, ErrorCode::WrongPassphrase);
    EXPECT_TRUE(decryptPrivateKeyPem(keyPem, newPass()));
    EXPECT_FALSE(fs::exists(store / "device.key.pem.new"));
    // Account::init (the refresh path) takes the new passphrase as well.
    EXPECT_TRUE(client::Account::init(store, newPass(), {}));
}

TEST(AccountPassphrase, WrongOldPassphraseChangesNothing)
{
    TestPki pki;
    TempDir tmp;
    const fs::path store = enrol(pki, tmp);
    const auto keyBefore = must(readFile(store / "device.key.pem", std::size_t{1} << 20));
    const auto storeBefore = must(readFile(store / "keystore.sandi", std::size_t{64} << 20));
    auto r = client::Account::changePassphrase(store, newPass(), oldPass());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::WrongPassphrase);
    EXPECT_EQ(must(readFile(store / "device.key.pem", std::size_t{1} << 20)), keyBefore);
    EXPECT_EQ(must(readFile(store / "keystore.sandi", std::size_t{64} << 20)), storeBefore);
    EXPECT_FALSE(fs::exists(store / "device.key.pem.new"));
    expectOpensWith(store, oldPass());
}

TEST(AccountPassphrase, OnTheOpenAccount)
{
    TestPki pki;
    TempDir tmp;
    const fs::path store = enrol(pki, tmp);
    {
        auto account = must(client::Account::open(store, oldPass()));
        auto wrong = account->changePassphrase(newPass(), newPass());
        ASSERT_FALSE(wrong);
        EXPECT_EQ(wrong.error().code, ErrorCode::WrongPassphrase);
        ASSERT_TRUE(account->changePassphrase(oldPass(), newPass()));
        // The session state saved afterwards is under the new passphrase too.
        ASSERT_TRUE(account->keys().save(account->rng(), std::chrono::system_clock::now()));
    }
    expectOpensWith(store, newPass());
    EXPECT_FALSE(client::Account::open(store, oldPass()));
}

TEST(AccountPassphrase, InterruptedAfterTheKeyStoreIsFinishedByOpen)
{
    TestPki pki;
    TempDir tmp;
    const fs::path store = enrol(pki, tmp);
    // What an interruption between the key store's replacement and the rename leaves:
    // the key store and device.key.pem.new under the new passphrase, device.key.pem under the old.
    const auto keyPem = must(readFile(store / "device.key.pem", std::size_t{1} << 20));
    const auto key = must(decryptPrivateKeyPem(keyPem, oldPass()));
    must(writeFileAtomically(store / "device.key.pem.new", must(encryptPrivateKeyPem(key.get(), newPass()))));
    {
        auto keys = must(e2e::KeyStoreFile::open(store / "keystore.sandi", oldPass()));
        SystemRandom rng;
        must(keys.changePassphrase(newPass(), rng));
    }
    expectOpensWith(store, newPass());
    EXPECT_FALSE(fs::exists(store / "device.key.pem.new"));
    EXPECT_TRUE(decryptPrivateKeyPem(must(readFile(store / "device.key.pem", std::size_t{1} << 20)), newPass()));
}

TEST(AccountPassphrase, InterruptedBeforeTheKeyStoreKeepsTheOldPassphrase)
{
    TestPki pki;
    TempDir tmp;
    const fs::path store = enrol(pki, tmp);
    // Interrupted before the commit point: only device.key.pem.new (new passphrase) was written.
    const auto keyPem = must(readFile(store / "device.key.pem", std::size_t{1} << 20));
    const auto key = must(decryptPrivateKeyPem(keyPem, oldPass()));
    must(writeFileAtomically(store / "device.key.pem.new", must(encryptPrivateKeyPem(key.get(), newPass()))));
    EXPECT_FALSE(client::Account::open(store, newPass()));
    expectOpensWith(store, oldPass());
    EXPECT_FALSE(fs::exists(store / "device.key.pem.new")); // the leftover went
}
