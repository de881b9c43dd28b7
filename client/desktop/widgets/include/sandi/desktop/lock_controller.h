// SPDX-License-Identifier: GPL-3.0-or-later
// The application's locked and unlocked states. Unlocked, a Session holds the open account
// (keys in memory, the key store's lock held); locked, there is none. The IdleWatcher's
// lockRequested() locks: locking() tells the window to drop the session, the Session is
// destroyed (its thread stopped, the account closed, keys wiped), and the unlock dialog
// comes back; closing it emits unlockCancelled() (the app quits).
//
// Changes to the store (passphrase, relays, trust anchors: SettingsDialog) need the key
// store's lock: changeStore() closes the session, runs the change, and unlocks again.
//
// main.cpp, in short:
//   LockController lock(settings, store, idle);
//   connect(&lock, &LockController::unlocked, [&](Session* s) { window = new MainWindow(*s); ...; });
//   connect(&lock, &LockController::locking, [&](Session*) { delete window; window = nullptr; });
//   connect(&lock, &LockController::unlockCancelled, &app, &QApplication::quit);
//   if (!lock.unlock()) return 0;   // or lock.unlockWith(wizard.takePassphrase())
//   return app.exec();
#pragma once

#include "sandi/core/result.h"
#include "sandi/core/secure_buffer.h"
#include "sandi/desktop/app_settings.h"
#include "sandi/desktop/idle_lock.h"
#include "sandi/desktop/session.h"

#include <QObject>
#include <QPointer>
#include <QWidget>

#include <filesystem>
#include <functional>
#include <memory>

namespace sandi::desktop {

class UnlockDialog;

inline constexpr int kLockRetryMs = 50; // how often a pending lock looks for the dialogs to have closed

// Runs a change on the closed store, then unlocks again: with `after` when the change
// succeeded, with `before` when it failed. Returns the change's outcome (or, if the change
// succeeded and unlocking with `after` failed, that failure).
class StoreChanger {
  public:
    virtual ~StoreChanger() = default;
    virtual Status changeStore(const std::function<Status()>& change, const crypto::SecureBuffer& after,
                               const crypto::SecureBuffer& before) = 0;
};

class LockController final : public QObject, public StoreChanger {
    Q_OBJECT
  public:
    LockController(AppSettings& settings, std::filesystem::path store, IdleWatcher& idle, QObject* parent = nullptr);
    ~LockController() override; // closes the session (emits locking first)

    // Shows the unlock dialog (modal, over `parent`) until the store opens (true) or the
    // user quits (false). Does nothing and returns true when already unlocked.
    bool unlock(QWidget* parent = nullptr);
    // Opens the session with a passphrase at hand (the wizard's): emits unlocked, starts
    // the session and the idle watcher.
    Status unlockWith(const crypto::SecureBuffer& passphrase);
    // Locks now: locking(), the session destroyed, the idle watcher stopped. No dialog.
    void lock();
    // What the idle watcher (and the window's Lock) triggers: every open modal dialog is
    // rejected, and once no dialog's event loop runs any more, lock(), then the unlock
    // dialog (after the current event), unlockCancelled() if it is closed.
    void lockAndAskAgain();

    [[nodiscard]] Session* session() const noexcept { return m_session.get(); }
    [[nodiscard]] bool locked() const noexcept { return m_session == nullptr; }
    // Inside changeStore(): the session closes only to be opened again.
    [[nodiscard]] bool changingStore() const noexcept { return m_changingStore; }
    [[nodiscard]] const std::filesystem::path& store() const noexcept { return m_store; }
    // The dialog on screen while asking (for tests), or null.
    [[nodiscard]] UnlockDialog* unlockDialog() const noexcept;

    Status changeStore(const std::function<Status()>& change, const crypto::SecureBuffer& after,
                       const crypto::SecureBuffer& before) override;

  signals:
    // Connect the window to the session's signals here: start() follows right after.
    void unlocked(sandi::desktop::Session* session);
    // Drop every pointer and reference to the session now: it is destroyed after this.
    void locking(sandi::desktop::Session* session);
    void unlockCancelled();

  private:
    Status open(const crypto::SecureBuffer& passphrase);
    void lockWhenNoDialogIsOpen();
    bool m_lockPending = false;
    bool m_changingStore = false;

    AppSettings& m_settings;
    std::filesystem::path m_store;
    IdleWatcher& m_idle;
    std::unique_ptr<Session> m_session;
    QPointer<UnlockDialog> m_dialog;
    bool m_asking = false;
};

} // namespace sandi::desktop
