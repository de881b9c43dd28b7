// SPDX-License-Identifier: GPL-3.0-or-later
// Settings: the language switches at once (translators replaced, widgets told), the idle
// time persists and reaches the watcher, and the store changes (relays, an added trust
// anchor, the passphrase) go through the LockController, which reopens the session.
#include "enrolled_store.h"
#include "sandi/desktop/settings_dialog.h"
#include "sandi/desktop/translations.h"

#include <QApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::crypto;
using namespace sandi::desktop;
using namespace std::chrono_literals;

namespace {

const SecureBuffer& storePass()
{
    static const SecureBuffer p = SecureBuffer::fromString("es teh manis dingin");
    return p;
}

int ourTranslators()
{
    int n = 0;
    for (QTranslator* t : qApp->findChildren<QTranslator*>(QString(), Qt::FindDirectChildrenOnly))
        if (t->objectName() == QLatin1String("sandi-desktop-translator")) ++n;
    return n;
}

// Counts the LanguageChange events a widget gets.
class LanguageEvents final : public QObject {
  public:
    int count = 0;
    bool eventFilter(QObject* o, QEvent* e) override
    {
        if (e->type() == QEvent::LanguageChange) ++count;
        return QObject::eventFilter(o, e);
    }
};

// A StoreChanger with no session open: runs the change (what LockController does when locked).
class ClosedStore final : public StoreChanger {
  public:
    Status changeStore(const std::function<Status()>& change, const SecureBuffer&, const SecureBuffer&) override
    {
        ++changes;
        return change();
    }
    int changes = 0;
};

} // namespace

TEST(Translations, InstallAndSwitch)
{
    QCoreApplication& app = *QCoreApplication::instance();
    EXPECT_FALSE(installLanguage(app, QStringLiteral("fr")));
    ASSERT_TRUE(installLanguage(app, QStringLiteral("id"))); // the .qm is built into the widgets library
    EXPECT_EQ(installedLanguage(app), "id");
    EXPECT_EQ(ourTranslators(), 1);
    ASSERT_TRUE(installLanguage(app, QStringLiteral("en")));
    EXPECT_EQ(installedLanguage(app), "en");
    EXPECT_EQ(ourTranslators(), 1); // the Indonesian one was removed
}

TEST(SettingsDialog, LanguageAndIdleTime)
{
    test::TempDir tmp;
    const QString ini = QString::fromStdString((tmp.path() / "desktop.ini").string());
    AppSettings settings(ini);
    ClosedStore changer;
    IdleWatcher idle;
    SettingsDialog d(settings, tmp.path() / "no-store", changer, &idle);
    d.show();
    EXPECT_EQ(d.languageCombo()->currentData().toString(), "id");
    EXPECT_EQ(d.idleMinutes()->value(), kDefaultIdleLockMinutes);

    LanguageEvents events;
    d.installEventFilter(&events);
    QSignalSpy changed(&d, &SettingsDialog::languageChanged);
    d.languageCombo()->setCurrentIndex(d.languageCombo()->findData(QStringLiteral("en")));
    ASSERT_EQ(changed.count(), 1);
    EXPECT_EQ(changed.at(0).at(0).toString(), "en");
    EXPECT_EQ(installedLanguage(*QCoreApplication::instance()), "en");
    EXPECT_EQ(ourTranslators(), 1);
    QCoreApplication::processEvents();
    EXPECT_GE(events.count, 1); // the widgets retranslate on it
    d.languageCombo()->setCurrentIndex(d.languageCombo()->findData(QStringLiteral("id")));
    EXPECT_EQ(installedLanguage(*QCoreApplication::instance()), "id");

    d.idleMinutes()->setValue(25);
    EXPECT_EQ(idle.idleTimeout(), 25min);
    d.idleMinutes()->setValue(0);
    EXPECT_EQ(d.idleMinutes()->text(), d.idleMinutes()->specialValueText()); // "Never"
    EXPECT_EQ(idle.idleTimeout(), 0ms);
    d.idleMinutes()->setValue(7);

    AppSettings again(ini); // persisted
    EXPECT_EQ(again.idleLockMinutes(), 7);
    EXPECT_EQ(again.language(), "id");
    EXPECT_EQ(changer.changes, 0);
}

TEST(SettingsDialog, StoreChangesThroughTheLockController)
{
    test::EnrolledStore enrolled(storePass(), {QStringLiteral("wss://relay-a.example:8443")});
    test::TempDir tmp;
    AppSettings settings(QString::fromStdString((tmp.path() / "desktop.ini").string()));
    IdleWatcher idle;
    LockController lock(settings, enrolled.store, idle);
    QSignalSpy unlocked(&lock, &LockController::unlocked);
    QSignalSpy locking(&lock, &LockController::locking);
    ASSERT_TRUE(lock.unlockWith(storePass()));
    SettingsDialog d(settings, enrolled.store, lock, &idle);
    d.show();
    EXPECT_EQ(d.relays()->toPlainText(), "wss://relay-a.example:8443");
    EXPECT_EQ(d.anchors()->count(), 1);

    // Relays and one more trust anchor (the office CA's certificate, as an example file).
    const auto office = enrolled.tmp.path() / "office.pem";
    test::must(writeFileAtomically(office, certificatePem(enrolled.pki.buton->certificate()), FileMode::Public));
    d.relays()->setPlainText(QStringLiteral("wss://relay-a.example:8443\nwss://relay-b.example:9443"));
    d.addTrustFiles()->setText(QString::fromStdString(office.string()));
    QTest::keyClicks(d.storePassphrase(), QStringLiteral("es teh tawar"));
    QTest::mouseClick(d.applyConnection(), Qt::LeftButton);
    EXPECT_EQ(d.connectionResult()->text(), "The store passphrase is not correct.");
    EXPECT_TRUE(d.storePassphrase()->text().isEmpty());
    EXPECT_EQ(locking.count(), 0); // told before the session was closed
    QTest::keyClicks(d.storePassphrase(), QStringLiteral("es teh manis dingin"));
    QTest::mouseClick(d.applyConnection(), Qt::LeftButton);
    EXPECT_TRUE(d.connectionResult()->text().startsWith(QStringLiteral("Saved.")))
        << d.connectionResult()->text().toStdString();
    EXPECT_EQ(d.anchors()->count(), 2);
    ASSERT_FALSE(lock.locked());
    EXPECT_EQ(lock.session()->relays(), (QStringList{QStringLiteral("wss://relay-a.example:8443"),
                                                     QStringLiteral("wss://relay-b.example:9443")}));
    EXPECT_EQ(lock.session()->anchors().size(), 2u);

    // The passphrase.
    QTest::keyClicks(d.oldPassphrase(), QStringLiteral("es teh tawar"));
    QTest::keyClicks(d.newPassphrase(), QStringLiteral("kopi susu gula aren"));
    QTest::keyClicks(d.repeatPassphrase(), QStringLiteral("kopi susu gula aren"));
    QTest::mouseClick(d.changePassphraseButton(), Qt::LeftButton);
    EXPECT_EQ(d.passphraseResult()->text(), "The current passphrase is not correct.");
    EXPECT_EQ(locking.count(), 1);
    QTest::keyClicks(d.oldPassphrase(), QStringLiteral("es teh manis dingin"));
    QTest::keyClicks(d.newPassphrase(), QStringLiteral("kopi susu gula aren"));
    QTest::keyClicks(d.repeatPassphrase(), QStringLiteral("kopi susu gula arem"));
    QTest::mouseClick(d.changePassphraseButton(), Qt::LeftButton);
    EXPECT_EQ(d.passphraseResult()->text(), "The two new passphrases differ.");
    d.repeatPassphrase()->clear();
    QTest::keyClicks(d.repeatPassphrase(), QStringLiteral("kopi susu gula aren"));
    QTest::mouseClick(d.changePassphraseButton(), Qt::LeftButton);
    EXPECT_EQ(d.passphraseResult()->text(), "The passphrase was changed.");
    for (QLineEdit* f : {d.oldPassphrase(), d.newPassphrase(), d.repeatPassphrase()})
        EXPECT_TRUE(f->text().isEmpty());
    ASSERT_FALSE(lock.locked());    // reopened under the new passphrase
    EXPECT_EQ(unlocked.count(), 3); // the first unlock, and after each of the two changes
    EXPECT_EQ(locking.count(), 2);

    lock.lock();
    EXPECT_FALSE(client::Account::open(enrolled.store, storePass()));
    auto account = client::Account::open(enrolled.store, SecureBuffer::fromString("kopi susu gula aren"));
    ASSERT_TRUE(account) << account.error().message;
    EXPECT_EQ((*account)->anchors().size(), 2u);
}
