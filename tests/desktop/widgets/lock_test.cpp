// SPDX-License-Identifier: GPL-3.0-or-later
// The unlock dialog and the lock controller over a real enrolled store: a wrong passphrase
// is refused with a plain message (and attempts slow down), the right one opens the
// Session; the idle watcher locks (the Session and its key store lock go) and asks again.
#include "enrolled_store.h"
#include "sandi/desktop/lock_controller.h"
#include "sandi/desktop/unlock_dialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::crypto;
using namespace sandi::desktop;
using namespace std::chrono_literals;

namespace {

const SecureBuffer& storePass()
{
    static const SecureBuffer p = SecureBuffer::fromString("sate ayam madura");
    return p;
}

void enter(UnlockDialog& d, const QString& pass)
{
    QTest::keyClicks(d.passphraseField(), pass);
    QTest::keyClick(d.passphraseField(), Qt::Key_Return);
}

} // namespace

TEST(UnlockDialog, RefusesAWrongPassphraseThenOpens)
{
    test::EnrolledStore enrolled(storePass(), {});
    std::unique_ptr<client::Account> opened;
    UnlockDialog d([&](const SecureBuffer& pass) -> Status {
        SANDI_ASSIGN(a, client::Account::open(enrolled.store, pass));
        opened = std::move(a);
        return {};
    });
    d.setFirstDelay(200ms);
    d.show();
    enter(d, QStringLiteral("sate kambing"));
    EXPECT_EQ(d.errorLabel()->text(), "The passphrase is not correct.");
    EXPECT_TRUE(d.passphraseField()->text().isEmpty()); // cleared after use
    EXPECT_EQ(d.failures(), 1);
    EXPECT_NE(d.result(), QDialog::Accepted);
    EXPECT_TRUE(d.isVisible());
    EXPECT_EQ(opened, nullptr);

    // The third failure in a row makes the next attempt wait.
    enter(d, QStringLiteral("sate kelinci"));
    enter(d, QStringLiteral("sate padang"));
    EXPECT_EQ(d.failures(), 3);
    EXPECT_TRUE(d.waiting());
    EXPECT_FALSE(d.passphraseField()->isEnabled());
    EXPECT_FALSE(d.unlockButton()->isEnabled());
    EXPECT_TRUE(d.errorLabel()->text().startsWith(QStringLiteral("The passphrase is not correct. Wait")));
    EXPECT_TRUE(QTest::qWaitFor([&] { return d.passphraseField()->isEnabled(); }, 5000));

    enter(d, QStringLiteral("sate ayam madura"));
    EXPECT_EQ(d.result(), QDialog::Accepted);
    ASSERT_NE(opened, nullptr);
    EXPECT_EQ(opened->self().name, "Sri Wahyuni (laptop)");
}

TEST(UnlockDialog, OtherProblemsAreNamed)
{
    test::EnrolledStore enrolled(storePass(), {});
    auto holder = test::must(client::Account::open(enrolled.store, storePass())); // holds the lock
    UnlockDialog d([&](const SecureBuffer& pass) -> Status {
        SANDI_ASSIGN(a, client::Account::open(enrolled.store, pass));
        (void)a;
        return {};
    });
    d.show();
    enter(d, QStringLiteral("sate ayam madura"));
    EXPECT_TRUE(d.errorLabel()->text().startsWith(QStringLiteral("The store could not be opened:")));
    EXPECT_TRUE(d.errorLabel()->text().contains(QStringLiteral("locked")));
    EXPECT_EQ(d.failures(), 0); // not counted as a guess
}

TEST(LockController, IdleLocksClosesTheSessionAndAsksAgain)
{
    test::EnrolledStore enrolled(storePass(), {QStringLiteral("wss://127.0.0.1:%1").arg(test::closedPort())});
    test::TempDir tmp;
    AppSettings settings(QString::fromStdString((tmp.path() / "desktop.ini").string()));
    settings.setIdleLockMinutes(10);
    IdleWatcher idle;
    LockController lock(settings, enrolled.store, idle);
    QSignalSpy unlocked(&lock, &LockController::unlocked);
    QSignalSpy locking(&lock, &LockController::locking);
    QSignalSpy cancelled(&lock, &LockController::unlockCancelled);

    auto wrong = lock.unlockWith(SecureBuffer::fromString("sate kambing"));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, ErrorCode::WrongPassphrase);
    EXPECT_TRUE(lock.locked());
    EXPECT_EQ(unlocked.count(), 0);

    ASSERT_TRUE(lock.unlockWith(storePass()));
    ASSERT_FALSE(lock.locked());
    ASSERT_EQ(unlocked.count(), 1);
    EXPECT_EQ(unlocked.at(0).at(0).value<Session*>(), lock.session());
    EXPECT_EQ(lock.session()->self().name, "Sri Wahyuni (laptop)");
    EXPECT_TRUE(idle.watching());
    EXPECT_EQ(idle.idleTimeout(), 10min);
    // The session holds the key store: nobody else opens it meanwhile.
    EXPECT_FALSE(e2e::KeyStoreFile::open(enrolled.store / "keystore.sandi", storePass()));

    // A tiny idle time: the lock comes, then the unlock dialog, which the person closes.
    bool sawDialog = false;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (UnlockDialog* d = lock.unlockDialog(); d != nullptr && d->isVisible()) {
            sawDialog = true;
            EXPECT_TRUE(lock.locked());
            d->reject();
        }
    });
    poll.start(20);
    idle.setIdleTimeout(200ms);
    ASSERT_TRUE(cancelled.wait(10'000));
    EXPECT_TRUE(sawDialog);
    EXPECT_EQ(locking.count(), 1);
    EXPECT_TRUE(lock.locked());
    EXPECT_EQ(lock.session(), nullptr);
    EXPECT_FALSE(idle.watching());
    // The account is closed: its key store opens again.
    EXPECT_TRUE(e2e::KeyStoreFile::open(enrolled.store / "keystore.sandi", storePass()));
}

TEST(LockController, UnlockDialogOpensTheSession)
{
    test::EnrolledStore enrolled(storePass(), {});
    test::TempDir tmp;
    AppSettings settings(QString::fromStdString((tmp.path() / "desktop.ini").string()));
    IdleWatcher idle;
    LockController lock(settings, enrolled.store, idle);
    QSignalSpy unlocked(&lock, &LockController::unlocked);
    QTimer::singleShot(50, [&] {
        UnlockDialog* d = lock.unlockDialog();
        ASSERT_NE(d, nullptr);
        enter(*d, QStringLiteral("sate kambing"));
        EXPECT_EQ(d->errorLabel()->text(), "The passphrase is not correct.");
        enter(*d, QStringLiteral("sate ayam madura"));
    });
    EXPECT_TRUE(lock.unlock());
    EXPECT_EQ(unlocked.count(), 1);
    EXPECT_FALSE(lock.locked());
    lock.lock();
    EXPECT_TRUE(lock.locked());
}
