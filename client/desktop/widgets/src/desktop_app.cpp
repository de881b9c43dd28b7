// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/desktop_app.h"

#include "sandi/desktop/app_icon.h"
#include "sandi/desktop/documents_page.h"
#include "sandi/desktop/memo_documents.h"
#include "sandi/desktop/settings_dialog.h"
#include "sandi/desktop/setup_wizard.h"
#include "sandi/desktop/unlock_dialog.h"

#include "sandi/client/trust_store.h"

#include <QApplication>
#include <QDialog>

namespace sandi::desktop {

DesktopApp::DesktopApp(AppSettings& settings, std::filesystem::path store, QObject* parent)
    : QObject(parent), m_settings(settings), m_store(std::move(store)), m_signingKey(settings, m_store),
      m_lock(settings, m_store, m_idle)
{
    m_idle.setIdleMinutes(m_settings.idleLockMinutes());
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = std::make_unique<QSystemTrayIcon>(appIcon());
        m_tray->setToolTip(tr("Sandi"));
        m_tray->show();
    }
    connect(&m_lock, &LockController::unlocked, this, &DesktopApp::onUnlocked);
    connect(&m_lock, &LockController::locking, this, &DesktopApp::onLocking);
    connect(&m_lock, &LockController::unlockCancelled, this, &DesktopApp::quitRequested);
}

DesktopApp::~DesktopApp()
{
    m_lock.lock();
    delete m_window.data();
}

bool DesktopApp::start(const crypto::SecureBuffer* passphrase, QString* error)
{
    if (SetupWizard::needed(m_store)) {
        SetupWizard wizard(m_settings, m_store);
        if (wizard.exec() != QDialog::Accepted) return false;
        if (auto st = m_lock.unlockWith(wizard.takePassphrase()); !st) {
            if (error) *error = QString::fromStdString(st.error().message);
            return false;
        }
        return true;
    }
    if (passphrase) {
        auto st = m_lock.unlockWith(*passphrase);
        if (!st && error) *error = QString::fromStdString(st.error().message);
        return st.has_value();
    }
    return m_lock.unlock();
}

void DesktopApp::onUnlocked(Session* session)
{
    auto* w = new MainWindow(*session);
    w->setAttribute(Qt::WA_DeleteOnClose);
    MessagesPage* messages = w->messages();
    SigningKey* key = &m_signingKey;
    auto provider = [key](QWidget* parent) { return key->get(parent); };
    messages->setSignerProvider(provider);
    messages->setPdfSigner([provider](QWidget* parent, const QString& pdf) {
        return signPdfForAttachmentInteractively(parent, pdf, provider);
    });
    messages->setMemoExporter(
        [provider](QWidget* parent, const MemoView& memo) { exportMemoPdfInteractively(parent, memo, provider); });
    if (m_tray) {
        QSystemTrayIcon* tray = m_tray.get();
        messages->setNotifier([tray, w](const NotificationText& n) {
            // The notification daemon reads markup in the body: the subject is escaped.
            if (!w->isActiveWindow()) tray->showMessage(n.title.toHtmlEscaped(), n.body.toHtmlEscaped());
        });
    }
    // Documents are verified against the account's anchors and the machine's trust
    // directories, as `sandi verify` does (client/core trust_store.h).
    client::TrustAnchors machine = client::defaultTrustAnchors();
    for (const auto& warning : machine.warnings)
        qWarning("%s", warning.c_str());
    std::vector<crypto::Certificate> anchors = session->anchors();
    anchors.insert(anchors.end(), machine.anchors.begin(), machine.anchors.end());
    auto* documents = new DocumentsPage(std::move(anchors), session->crls(), [key](QWidget* parent) {
        return key->get(parent).get(); // the key stays open (and owned) until the app locks
    });
    w->addPage(documents, tr("Documents"));
    connect(&m_signingKey, &SigningKey::opened, session,
            [session](const std::shared_ptr<crypto::Signer>& s) { session->setSigner(s); });
    if (m_signingKey.isOpen()) session->setSigner(m_signingKey.get(nullptr));
    connect(session, &Session::signerWanted, w, [this, w] {
        if (!m_signingKey.isOpen()) (void)m_signingKey.get(w);
    });
    connect(w, &MainWindow::lockRequested, &m_lock, &LockController::lockAndAskAgain);
    connect(w, &MainWindow::settingsRequested, this, &DesktopApp::openSettings);
    // The user closed the window: quit (a lock disconnects this first).
    connect(w, &QObject::destroyed, this, [this] {
        if (!m_lock.locked()) emit quitRequested();
    });
    m_window = w;
    w->show();
}

void DesktopApp::onLocking()
{
    m_signingKey.forget();
    MainWindow* w = m_window.data();
    m_window = nullptr;
    if (!m_lock.changingStore()) {
        // Locked: nothing of the account stays on screen (the settings, a contact, compose).
        for (QWidget* top : QApplication::topLevelWidgets()) {
            auto* dialog = qobject_cast<QDialog*>(top);
            if (dialog && dialog->isVisible() && dialog != static_cast<QDialog*>(m_lock.unlockDialog()))
                dialog->reject();
        }
    }
    if (!w) return;
    disconnect(w, &QObject::destroyed, this, nullptr); // its destruction is not the user's quit
    w->setAttribute(Qt::WA_DeleteOnClose, false);
    w->hide();
    // Deleted once control is back in the event loop that is running now, never under a
    // dialog of its own still on the stack.
    w->deleteLater();
}

void DesktopApp::openSettings()
{
    if (!m_window) return;
    // Not a child of the window, and not exec(): a store change (relays, trust anchors, the
    // passphrase) replaces the session and the window while this dialog stays open.
    auto* dialog = new SettingsDialog(m_settings, m_store, m_lock, &m_idle, nullptr);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::ApplicationModal);
    dialog->show();
}

} // namespace sandi::desktop
