// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/client/account.h"
#include "sandi/desktop/app_settings.h"
#include "sandi/desktop/store_stage.h"
#include "../../support/test_pki.h"

#include <QSettings>

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::crypto;
using namespace sandi::desktop;

TEST(AppSettings, DefaultsAndPersistence)
{
    test::TempDir tmp;
    const QString ini = QString::fromStdString((tmp.path() / "desktop.ini").string());
    {
        AppSettings s(ini);
        EXPECT_EQ(s.language(), "id");
        EXPECT_EQ(s.idleLockMinutes(), kDefaultIdleLockMinutes);
        EXPECT_EQ(s.storeDirectory(), client::defaultStoreDirectory());
        EXPECT_EQ(s.signerKind(), SignerKind::None);
        s.setLanguage(QStringLiteral("en"));
        s.setIdleLockMinutes(25);
        s.setStoreDirectory(tmp.path() / "store");
        s.setSignerKind(SignerKind::Pkcs11);
        s.setPkcs11({"/usr/lib/softhsm/libsofthsm2.so", "Token Sri", "tanda-tangan"});
        EXPECT_TRUE(s.sync());
    }
    AppSettings again(ini);
    EXPECT_EQ(again.language(), "en");
    EXPECT_EQ(again.idleLockMinutes(), 25);
    EXPECT_EQ(again.storeDirectory(), tmp.path() / "store");
    EXPECT_EQ(again.signerKind(), SignerKind::Pkcs11);
    EXPECT_EQ(again.pkcs11().module, "/usr/lib/softhsm/libsofthsm2.so");
    EXPECT_EQ(again.pkcs11().tokenLabel, "Token Sri");
    EXPECT_EQ(again.pkcs11().keyLabel, "tanda-tangan");
}

TEST(AppSettings, RefusesWhatItDoesNotKnow)
{
    test::TempDir tmp;
    AppSettings s(QString::fromStdString((tmp.path() / "desktop.ini").string()));
    s.setLanguage(QStringLiteral("fr"));
    EXPECT_EQ(s.language(), "id");
    s.raw().setValue(QStringLiteral("ui/language"), QStringLiteral("xx"));
    EXPECT_EQ(s.language(), "id");
    s.setIdleLockMinutes(-5);
    EXPECT_EQ(s.idleLockMinutes(), 0);
    s.setIdleLockMinutes(kMaxIdleLockMinutes + 1);
    EXPECT_EQ(s.idleLockMinutes(), kMaxIdleLockMinutes);
    s.raw().setValue(QStringLiteral("lock/idleMinutes"), QStringLiteral("soon"));
    EXPECT_EQ(s.idleLockMinutes(), kDefaultIdleLockMinutes);
}

TEST(AppSettings, ThePlatformPlaceFollowsQSettingsPaths)
{
    test::TempDir tmp;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, QString::fromStdString(tmp.path().string()));
    {
        AppSettings s;
        s.setIdleLockMinutes(3);
        EXPECT_TRUE(s.sync());
    }
    EXPECT_TRUE(std::filesystem::exists(tmp.path() / "sandi" / "sandi-desktop.conf"));
    EXPECT_EQ(AppSettings().idleLockMinutes(), 3);
}

TEST(StoreStage, FromTheFiles)
{
    test::TempDir tmp;
    EXPECT_EQ(storeStage(tmp.path() / "none"), StoreStage::Empty);
    SystemRandom rng;
    test::must(client::Account::request(tmp.path() / "store", test::passphrase(), {"Sri", "198707212011012006", ""},
                                        tmp.path() / "req.csr", rng));
    EXPECT_EQ(storeStage(tmp.path() / "store"), StoreStage::AwaitingCertificate);
}
