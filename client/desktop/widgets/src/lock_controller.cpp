// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/lock_controller.h"

#include "sandi/desktop/unlock_dialog.h"

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
    lock();
    Status changed = change();
    if (!wasUnlocked) return changed;
    Status reopened = open(changed ? after : before);
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
