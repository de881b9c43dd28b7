// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/lock_controller.h"

#include "sandi/desktop/unlock_dialog.h"

#include <QApplication>
#include <QDialog>
#include <QThread>
#include <QTimer>

namespace sandi::desktop {

LockController::LockController(AppSettings& settings, std::filesystem::path store, IdleWatcher& idle, QObject* parent)
    : QObject(parent), m_settings(settings), m_store(std::move(store)), m_idle(idle)
{
    connect(&m_idle, &IdleWatcher::lockRequested, this, &LockController::lockAndAskAgain);
}

LockController::~LockController()
{
    lock();
}

UnlockDialog* LockController::unlockDialog() const noexcept
{
    return m_dialog.data();
}

Status LockController::open(const crypto::SecureBuffer& passphrase)
{
    SANDI_ASSIGN(session, Session::open(m_store, passphrase));
    m_session = std::move(session);
    emit unlocked(m_session.get());
    m_session->start();
    m_idle.setIdleMinutes(m_settings.idleLockMinutes());
    m_idle.start();
    return {};
}

Status LockController::unlockWith(const crypto::SecureBuffer& passphrase)
{
    if (m_session) return {};
    return open(passphrase);
}

bool LockController::unlock(QWidget* parent)
{
    if (m_session) return true;
    if (m_asking) return false;
    m_asking = true;
    UnlockDialog dialog([this](const crypto::SecureBuffer& pass) { return open(pass); }, parent);
    dialog.setAccountText(QString::fromStdString(m_store.string()));
    m_dialog = &dialog;
    const int result = dialog.exec();
    m_dialog = nullptr;
    m_asking = false;
    return result == QDialog::Accepted && m_session != nullptr;
}

void LockController::lock()
{
    m_idle.stop();
    if (!m_session) return;
    emit locking(m_session.get());
    m_session.reset();
}

void LockController::lockAndAskAgain()
{
    if (!m_session || m_lockPending) return;
    m_lockPending = true;
    lockWhenNoDialogIsOpen();
}

// A dialog's own event loop may be running (a file dialog, the settings, the signing key's
// passphrase): code on the stack below it still holds the window. Every modal dialog is
// rejected first, and the session closes once control is back in the main event loop.
void LockController::lockWhenNoDialogIsOpen()
{
    if (!m_session) {
        m_lockPending = false;
        return;
    }
    if (QThread::currentThread()->loopLevel() > 1) {
        for (QWidget* w : QApplication::topLevelWidgets()) {
            auto* dialog = qobject_cast<QDialog*>(w);
            if (dialog && dialog->isVisible() && dialog != m_dialog) dialog->reject();
        }
        QTimer::singleShot(kLockRetryMs, this, &LockController::lockWhenNoDialogIsOpen);
        return;
    }
    m_lockPending = false;
    lock();
    QTimer::singleShot(0, this, [this] {
        if (m_session || m_asking) return;
        if (!unlock(nullptr)) emit unlockCancelled();
    });
}

Status LockController::changeStore(const std::function<Status()>& change, const crypto::SecureBuffer& after,
                                   const crypto::SecureBuffer& before)
{
    const bool wasUnlocked = m_session != nullptr;
    m_changingStore = true;
    lock();
    Status changed = change();
    if (!wasUnlocked) {
        m_changingStore = false;
        return changed;
    }
    Status reopened = open(changed ? after : before);
    m_changingStore = false;
    if (!reopened) {
        // Should not happen (the passphrase just worked): ask the person.
        QTimer::singleShot(0, this, [this] {
            if (!m_session && !m_asking && !unlock(nullptr)) emit unlockCancelled();
        });
    }
    if (!changed) return changed;
    return reopened;
}

} // namespace sandi::desktop
