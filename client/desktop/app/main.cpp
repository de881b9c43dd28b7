// SPDX-License-Identifier: GPL-3.0-or-later
// sandi-desktop: the command line, then the application's objects (DesktopApp). The first
// run goes through the setup wizard; later starts ask for the store passphrase, or take
// it from --pass-file (for the demo and scripts).
#include "sandi/desktop/app_icon.h"
#include "sandi/desktop/desktop_app.h"
#include "sandi/desktop/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QMessageBox>

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
    while (text.endsWith('\n') || text.endsWith('\r'))
        text.chop(1);
    auto out =
        crypto::SecureBuffer::fromString(std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
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
    QApplication::setQuitOnLastWindowClosed(false); // a lock closes the window; DesktopApp says when to quit

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

    std::unique_ptr<AppSettings> settings = cli.isSet(settingsOption)
                                                ? std::make_unique<AppSettings>(cli.value(settingsOption))
                                                : std::make_unique<AppSettings>();
    if (cli.isSet(storeOption)) settings->setStoreDirectory(cli.value(storeOption).toStdString());
    installLanguage(app, cli.isSet(langOption) ? cli.value(langOption) : settings->language());

    std::optional<crypto::SecureBuffer> pass;
    if (cli.isSet(passOption)) {
        auto read = readPassFile(cli.value(passOption));
        if (!read) {
            std::fprintf(stderr, "sandi-desktop: %s\n", read.error().message.c_str());
            return 2;
        }
        pass = std::move(*read);
    }
    DesktopApp desktop(*settings, settings->storeDirectory());
    QObject::connect(&desktop, &DesktopApp::quitRequested, &app, &QApplication::quit, Qt::QueuedConnection);
    QString error;
    const bool started = desktop.start(pass ? &*pass : nullptr, &error);
    pass.reset();
    if (!started) {
        if (error.isEmpty()) return 0; // cancelled
        std::fprintf(stderr, "sandi-desktop: %s\n", error.toLocal8Bit().constData());
        QMessageBox box(QMessageBox::Critical, App::tr("Sandi"),
                        App::tr("The account could not be opened: %1").arg(error));
        box.setTextFormat(Qt::PlainText); // the reason may quote a certificate's names
        box.exec();
        return 1;
    }
    return QApplication::exec();
}
