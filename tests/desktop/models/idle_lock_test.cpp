// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/idle_lock.h"

#include <QElapsedTimer>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace sandi::desktop;
using namespace std::chrono_literals;

TEST(IdleWatcher, LocksAfterTheIdleTime)
{
    IdleWatcher watcher;
    watcher.setIdleTimeout(150ms);
    QSignalSpy spy(&watcher, &IdleWatcher::lockRequested);
    QElapsedTimer clock;
    clock.start();
    watcher.start();
    ASSERT_TRUE(spy.wait(2000));
    EXPECT_GE(clock.elapsed(), 150);
    EXPECT_EQ(spy.count(), 1);
    EXPECT_FALSE(watcher.watching());
    QTest::qWait(300); // once per start()
    EXPECT_EQ(spy.count(), 1);
}

TEST(IdleWatcher, NotWhileKeysArePressed)
{
    QLineEdit field;
    field.setObjectName(QStringLiteral("typing"));
    field.show();
    IdleWatcher watcher;
    watcher.setIdleTimeout(500ms); // keys every 50 ms: far below it, even on a busy machine
    QSignalSpy spy(&watcher, &IdleWatcher::lockRequested);
    watcher.start();
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 1500) { // three idle times of typing
        QTest::keyClick(&field, Qt::Key_A);
        QTest::qWait(50);
    }
    EXPECT_EQ(spy.count(), 0);
    EXPECT_FALSE(field.text().isEmpty());
    QTest::keyClick(&field, Qt::Key_B); // the last key
    clock.restart();
    ASSERT_TRUE(spy.wait(2000)); // and once the typing stops, the full idle time after it
    EXPECT_GE(clock.elapsed(), 490);
}

TEST(IdleWatcher, MouseInputCountsToo)
{
    QLineEdit field;
    field.show();
    IdleWatcher watcher;
    watcher.setIdleTimeout(500ms);
    QSignalSpy spy(&watcher, &IdleWatcher::lockRequested);
    watcher.start();
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 1500) {
        QTest::mouseClick(&field, Qt::LeftButton);
        QTest::qWait(50);
    }
    EXPECT_EQ(spy.count(), 0);
    ASSERT_TRUE(spy.wait(2000));
}

TEST(IdleWatcher, ZeroNeverLocksAndStopStops)
{
    IdleWatcher watcher;
    watcher.setIdleTimeout(0ms);
    QSignalSpy spy(&watcher, &IdleWatcher::lockRequested);
    watcher.start();
    QTest::qWait(300);
    EXPECT_EQ(spy.count(), 0);

    watcher.stop();
    watcher.setIdleTimeout(100ms);
    QTest::qWait(300);
    EXPECT_EQ(spy.count(), 0);
    // A shorter time set while watching applies at once.
    watcher.setIdleTimeout(10'000ms);
    watcher.start();
    watcher.setIdleTimeout(100ms);
    EXPECT_TRUE(spy.wait(2000));
}

TEST(IdleWatcher, LeavingTheActiveStateLocksAfterTheGrace)
{
    IdleWatcher watcher;
    watcher.setIdleTimeout(60'000ms);
    watcher.setInactiveGrace(400ms);
    QSignalSpy spy(&watcher, &IdleWatcher::lockRequested);
    watcher.start();
    // Back within the grace: no lock.
    watcher.onApplicationState(Qt::ApplicationInactive);
    QTest::qWait(20);
    watcher.onApplicationState(Qt::ApplicationActive);
    QTest::qWait(600);
    EXPECT_EQ(spy.count(), 0);
    // Away for longer (what a screen locker does).
    watcher.onApplicationState(Qt::ApplicationSuspended);
    ASSERT_TRUE(spy.wait(2000));
    EXPECT_EQ(spy.count(), 1);
}

TEST(IdleWatcher, ScreenLockSignalLocksAtOnce)
{
    IdleWatcher watcher;
    watcher.setIdleTimeout(0ms); // even with the idle lock off
    QSignalSpy spy(&watcher, &IdleWatcher::lockRequested);
    watcher.onScreenSaverActiveChanged(true); // not watching: nothing
    EXPECT_EQ(spy.count(), 0);
    watcher.start();
    watcher.onScreenSaverActiveChanged(false);
    EXPECT_EQ(spy.count(), 0);
    watcher.onScreenSaverActiveChanged(true);
    EXPECT_EQ(spy.count(), 1);
}
