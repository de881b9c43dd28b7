// SPDX-License-Identifier: GPL-3.0-or-later
// When the application locks itself: after a time without keyboard, mouse, wheel or touch
// input in any of its windows, and when the screen locks.
//
// The screen lock is heard two ways. Where Qt's D-Bus module was found at build time
// (SANDI_DESKTOP_HAVE_DBUS), the desktop's own signals: org.freedesktop.ScreenSaver and
// org.gnome.ScreenSaver "ActiveChanged(true)" on the session bus and logind's "Lock" for
// this session (XDG_SESSION_ID) on the system bus. Always, as a fallback that needs no
// desktop service: the application leaving the active state (hidden, inactive, suspended:
// what a screen locker causes, but also switching to another window) for longer than a
// grace period. The fallback is on only while the idle lock is (a timeout of 0 turns both
// off); the D-Bus signals lock whenever the watcher runs.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace sandi::desktop {

inline constexpr std::chrono::milliseconds kDefaultInactiveGrace{60'000};

class IdleWatcher final : public QObject {
    Q_OBJECT
  public:
    // Installs itself as an event filter of the application (QCoreApplication::instance()).
    explicit IdleWatcher(QObject* parent = nullptr);
    ~IdleWatcher() override;

    // 0 = never lock for idleness (nor for leaving the active state).
    void setIdleTimeout(std::chrono::milliseconds timeout);
    void setIdleMinutes(int minutes) { setIdleTimeout(std::chrono::minutes(minutes)); }
    [[nodiscard]] std::chrono::milliseconds idleTimeout() const noexcept { return m_timeout; }
    void setInactiveGrace(std::chrono::milliseconds grace);
    [[nodiscard]] std::chrono::milliseconds inactiveGrace() const noexcept { return m_grace; }

    // Watching only while the account is unlocked: start() after the unlock (counts from
    // now), stop() when locked. lockRequested() is emitted once per start().
    void start();
    void stop();
    [[nodiscard]] bool watching() const noexcept { return m_watching; }
    // Whether the desktop's screen-lock signals are subscribed (D-Bus found and reachable).
    [[nodiscard]] bool screenLockSignals() const noexcept { return m_screenLockSignals; }

  public slots:
    // Connected to QGuiApplication::applicationStateChanged; public for tests.
    void onApplicationState(Qt::ApplicationState state);
    // The desktop said the screen locked (or its screen saver became active).
    void onScreenSaverActiveChanged(bool active);
    void onSessionLock();

  signals:
    void lockRequested();

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void onIdleTimer();
    void requestLock();
    void subscribeScreenLock();

    std::chrono::milliseconds m_timeout{std::chrono::minutes(10)};
    std::chrono::milliseconds m_grace{kDefaultInactiveGrace};
    QTimer m_idle;     // fires at the earliest moment the idle time can have passed
    QTimer m_inactive; // the grace after leaving the active state
    QElapsedTimer m_sinceInput;
    bool m_watching = false;
    bool m_screenLockSignals = false;
};

} // namespace sandi::desktop
