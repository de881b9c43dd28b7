// SPDX-License-Identifier: GPL-3.0-or-later
// sandi-desktop: wires the concrete objects together. The first run goes through the setup
// wizard; later starts ask for the store passphrase (or take it from --pass-file, for the
// demo and scripts); the idle watcher locks the app, which closes the session (keys wiped)
// and asks again.
#include "sandi/desktop/app_icon.h"
#include "sandi/desktop/app_settings.h"
#include "sandi/desktop/documents_page.h"
#include "sandi/desktop/idle_lock.h"
#include "sandi/desktop/lock_controller.h"
#include "sandi/desktop/main_window.h"
#include "sandi/desktop/memo_documents.h"
#include "sandi/desktop/settings_dialog.h"
#include "sandi/desktop/setup_wizard.h"
#include "sandi/desktop/signing_key.h"
#include "sandi/desktop/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QIcon>
#include <QMessageBox>
#include <QPointer>
#include <QSystemTrayIcon>

#include <cstdio>

using namespace sandi;
using namespace sandi::desktop;

namespace {

constexpr qint64 kMaxPassFileBytes = 4096;

class App {
    Q_DECLARE_TR_FUNCTIONS(App)
};

Result<crypto::SecureBuffer> readPassFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return fail(ErrorCode::Io, "cannot read " + path.toStdString());
    QByteArray text = f.read(kMaxPassFileBytes);
    while (text.endsWith('\n') || text.endsWith('\r')) text.chop(1);
    auto out = crypto::SecureBuffer::fromString(std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
    text.fill('\0');
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("sandi-desktop"));
    QApplication::setOrganizationName(QStringLiteral("sandi"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QApplication::setWindowIcon(appIcon());

    QCommandLineParser cli;
    cli.setApplicationDescription(App::tr("Sandi: encrypted memos and signed documents."));
    cli.addHelpOption();
    cli.addVersionOption();
    const QCommandLineOption storeOption(QStringLiteral("store"), App::tr("The account's store directory."),
                                         App::tr("DIR"));
    const QCommandLineOption passOption(QStringLiteral("pass-file"),
                                        App::tr("Read the store passphrase from FILE (for scripts and the demo)."),
                                        App::tr("FILE"));
    const QCommandLineOption langOption(QStringLiteral("lang"), App::tr("The language: id or en."), App::tr("LANG"));
    const QCommandLineOption settingsOption(QStringLiteral("settings"), App::tr("Keep the settings in this INI file."),
                                            App::tr("FILE"));
    cli.addOptions({storeOption, passOption, langOption, settingsOption});
    cli.process(app);

    std::unique_ptr<AppSettings> settings =
        cli.isSet(settingsOption) ? std::make_unique<AppSettings>(cli.value(settingsOption)) : std::make_unique<AppSettings>();
    if (cli.isSet(storeOption)) settings->setStoreDirectory(cli.value(storeOption).toStdString());
    installLanguage(app, cli.isSet(langOption) ? cli.value(langOption) : settings->language());
    const std::filesystem::path store = settings->storeDirectory();

    IdleWatcher idle;
    idle.setIdleMinutes(settings->idleLockMinutes());
    LockController lock(*settings, store, idle);
    SigningKey signingKey(*settings, store);
    QPointer<MainWindow> window;
    std::unique_ptr<QSystemTrayIcon> tray;
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        tray = std::make_unique<QSystemTrayIcon>(QApplication::windowIcon());
        tray->setToolTip(App::tr("Sandi"));
        tray->show();
    }

    QObject::connect(&lock, &LockController::unlocked, [&](Session* session) {
        auto* w = new MainWindow(*session);
        w->setAttribute(Qt::WA_DeleteOnClose);
        MessagesPage* messages = w->messages();
        auto provider = [&signingKey](QWidget* parent) { return signingKey.get(parent); };
        messages->setSignerProvider(provider);
        messages->setPdfSigner(
            [provider](QWidget* parent, const QString& pdf) { return signPdfForAttachmentInteractively(parent, pdf, provider); });
        messages->setMemoExporter(
            [provider](QWidget* parent, const MemoView& memo) { exportMemoPdfInteractively(parent, memo, provider); });
        if (tray)
            messages->setNotifier([&tray, w](const NotificationText& n) {
                if (!w->isActiveWindow()) tray->showMessage(n.title, n.body, QSystemTrayIcon::Information);
            });
        auto* documents = new DocumentsPage(session->anchors(), session->crls(), [&signingKey](QWidget* parent) {
            return signingKey.get(parent).get(); // the key stays open (and owned) until the app locks
        });
        w->addPage(documents, App::tr("Documents"));
        QObject::connect(&signingKey, &SigningKey::opened, session, [session](const std::shared_ptr<crypto::Signer>& s) {
            session->setSigner(s); // signs memos that waited for the key across a restart
        });
        QObject::connect(w, &MainWindow::lockRequested, &lock, &LockController::lockAndAskAgain);
        QObject::connect(w, &MainWindow::settingsRequested, w, [&, w] {
            SettingsDialog dialog(*settings, store, lock, &idle, w);
            dialog.exec();
        });
        QObject::connect(w, &QObject::destroyed, &app, [&] {
            if (!lock.locked()) QApplication::quit(); // the user closed the window
        });
        window = w;
        w->show();
    });
    QObject::connect(&lock, &LockController::locking, [&](Session*) {
        signingKey.forget();
        if (window) {
            window->setAttribute(Qt::WA_DeleteOnClose, false);
            delete window.data();
        }
    });
    QObject::connect(&lock, &LockController::unlockCancelled, &app, &QApplication::quit);

    if (SetupWizard::needed(store)) {
        SetupWizard wizard(*settings, store);
        if (wizard.exec() != QDialog::Accepted) return 0;
        if (auto st = lock.unlockWith(wizard.takePassphrase()); !st) {
            QMessageBox::critical(nullptr, App::tr("Sandi"),
                                  App::tr("The account could not be opened: %1").arg(QString::fromStdString(st.error().message)));
            return 1;
        }
    } else if (cli.isSet(passOption)) {
        auto pass = readPassFile(cli.value(passOption));
        if (!pass) {
            std::fprintf(stderr, "sandi-desktop: %s\n", pass.error().message.c_str());
            return 2;
        }
        if (auto st = lock.unlockWith(*pass); !st) {
            std::fprintf(stderr, "sandi-desktop: %s\n", st.error().message.c_str());
            return 1;
        }
    } else if (!lock.unlock()) {
        return 0;
    }
    return QApplication::exec();
}
