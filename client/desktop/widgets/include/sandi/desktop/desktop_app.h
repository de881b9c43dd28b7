// SPDX-License-Identifier: GPL-3.0-or-later
// The application's objects and their wiring (main.cpp only parses the command line):
// the settings, the idle watcher, the lock controller, the signing key, the window of the
// unlocked session and the tray. Locking (idle time, screen lock, Ctrl+L) closes every
// dialog, then the session (keys wiped) and the window, and asks for the passphrase again;
// a store change from the settings swaps the session and the window under the dialog.
// Members are declared so that the lock controller goes first: nothing it calls while
// closing the session has been destroyed.
#pragma once

#include "sandi/desktop/app_settings.h"
#include "sandi/desktop/idle_lock.h"
#include "sandi/desktop/lock_controller.h"
#include "sandi/desktop/main_window.h"
#include "sandi/desktop/signing_key.h"

#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>

#include <filesystem>
#include <memory>

namespace sandi::desktop {

class DesktopApp final : public QObject {
    Q_OBJECT
  public:
    DesktopApp(AppSettings& settings, std::filesystem::path store, QObject* parent = nullptr);
    ~DesktopApp() override; // locks (the session closes) before anything else goes

    // The first run's wizard, or the unlock dialog; with `passphrase` (--pass-file) the
    // store opens without asking. False when the user cancelled or the store did not open
    // (`error` says why).
    bool start(const crypto::SecureBuffer* passphrase, QString* error);

    [[nodiscard]] MainWindow* window() const noexcept { return m_window.data(); }
    [[nodiscard]] LockController& lock() noexcept { return m_lock; }
    [[nodiscard]] SigningKey& signingKey() noexcept { return m_signingKey; }
    [[nodiscard]] IdleWatcher& idle() noexcept { return m_idle; }

  signals:
    void quitRequested(); // the window was closed, or the unlock dialog cancelled

  private:
    void onUnlocked(Session* session);
    void onLocking();
    void openSettings();

    AppSettings& m_settings;
    std::filesystem::path m_store;
    IdleWatcher m_idle;
    SigningKey m_signingKey;
    std::unique_ptr<QSystemTrayIcon> m_tray;
    QPointer<MainWindow> m_window;
    LockController m_lock; // last: destroyed first
};

} // namespace sandi::desktop
