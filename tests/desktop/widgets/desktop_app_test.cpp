// SPDX-License-Identifier: GPL-3.0-or-later
// The application's wiring (DesktopApp, what main.cpp runs) over a real enrolled store: a
// lock while a dialog of the window is open closes the dialog first, then the session and
// the window, asks again and opens a new window, and never quits; closing the window
// quits; the application goes away with a session and a signing key open without
// touching anything already destroyed (ASan checks that run).
#include "enrolled_store.h"
#include "sandi/desktop/desktop_app.h"
#include "sandi/desktop/unlock_dialog.h"

#include <QApplication>
#include <QDialog>
#include <QEventLoop>
#include <QLineEdit>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::crypto;
using namespace sandi::desktop;

namespace {

const SecureBuffer& storePass()
{
    static const SecureBuffer p = SecureBuffer::fromString("sate ayam madura");
    return p;
}

// Runs `body` inside an event loop, as the application's code runs inside app.exec(): a
// dialog's exec() is then a nested loop, as it is for a user.
void insideEventLoop(const std::function<void()>& body)
{
    QEventLoop outer;
    QTimer::singleShot(0, &outer, [&] {
        body();
        outer.quit();
    });
    outer.exec();
}

UnlockDialog* visibleUnlockDialog()
{
    for (QWidget* w : QApplication::topLevelWidgets())
        if (auto* d = qobject_cast<UnlockDialog*>(w); d && d->isVisible()) return d;
    return nullptr;
}

} // namespace

TEST(DesktopApp, ALockClosesTheOpenDialogFirstThenAsksAgainAndNeverQuits)
{
    test::EnrolledStore enrolled(storePass(), {});
    QTemporaryDir tmp;
    AppSettings settings(tmp.filePath("settings.ini"));
    DesktopApp app(settings, enrolled.store);
    QSignalSpy quit(&app, &DesktopApp::quitRequested);
    QString error;
    ASSERT_TRUE(app.start(&storePass(), &error)) << error.toStdString();
    QPointer<MainWindow> first = app.window();
    ASSERT_TRUE(first);

    insideEventLoop([&] {
        // The idle lock fires while a dialog of the window runs its own event loop.
        QTimer::singleShot(100, &app, [&] { app.lock().lockAndAskAgain(); });
        bool typed = false;
        QTimer answer;
        answer.setInterval(20);
        QObject::connect(&answer, &QTimer::timeout, [&] {
            if (typed) return;
            if (UnlockDialog* d = visibleUnlockDialog()) {
                typed = true;
                QTest::keyClicks(d->passphraseField(), QStringLiteral("sate ayam madura"));
                QTest::keyClick(d->passphraseField(), Qt::Key_Return);
            }
        });
        answer.start();
        {
            // As in the application's code: a dialog on the stack, the window its parent,
            // gone when the function that showed it returns.
            QDialog stackDialog(first.data());
            stackDialog.setWindowTitle(QStringLiteral("a dialog of the window"));
            EXPECT_NE(stackDialog.exec(), QDialog::Accepted); // rejected by the lock
            EXPECT_TRUE(first) << "the window is not deleted under its own dialog";
        }
        ASSERT_TRUE(QTest::qWaitFor([&] { return typed && app.window() != nullptr && app.window() != first; }, 20'000));
    });
    EXPECT_TRUE(QTest::qWaitFor([&] { return first.isNull(); }, 5000)); // the old window went
    ASSERT_NE(app.window(), nullptr);
    EXPECT_FALSE(app.lock().locked());
    EXPECT_EQ(quit.count(), 0);
}

TEST(DesktopApp, ClosingTheWindowQuitsAndTheAppGoesAwayWithTheSessionOpen)
{
    test::EnrolledStore enrolled(storePass(), {});
    QTemporaryDir tmp;
    AppSettings settings(tmp.filePath("settings.ini"));
    {
        DesktopApp app(settings, enrolled.store);
        QSignalSpy quit(&app, &DesktopApp::quitRequested);
        ASSERT_TRUE(app.start(&storePass(), nullptr));
        ASSERT_NE(app.window(), nullptr);
        app.window()->close();
        EXPECT_TRUE(QTest::qWaitFor([&] { return quit.count() == 1; }, 5000));
    }
    {
        DesktopApp app(settings, enrolled.store); // destroyed unlocked, window open
        ASSERT_TRUE(app.start(&storePass(), nullptr));
        ASSERT_NE(app.window(), nullptr);
    }
    // The key store's lock was released: the store opens again.
    EXPECT_TRUE(client::Account::open(enrolled.store, storePass()).has_value());
}
