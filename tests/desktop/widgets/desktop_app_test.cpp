// SPDX-License-Identifier: GPL-3.0-or-later
// The application's wiring (DesktopApp, what main.cpp runs) over a real enrolled store: a
// lock while a dialog of the window is open closes the dialog first, then the session and
// the window, asks again and opens a new window, and never quits; closing the window
// quits; the application goes away with a session and a signing key open without
// touching anything already destroyed (ASan checks that run); the Documents page verifies
// against the trust directories as `sandi verify` does, and names the anchor reached.
#include "../support/signed_pdfs.h"
#include "enrolled_store.h"
#include "sandi/client/trust_store.h"
#include "sandi/desktop/desktop_app.h"
#include "sandi/desktop/documents_page.h"
#include "sandi/desktop/main_window.h"
#include "sandi/desktop/report_model.h"
#include "sandi/desktop/unlock_dialog.h"
#include "sandi/pki/x509.h"

#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QLineEdit>
#include <QPointer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
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

// Trust as configuration: the Documents page verifies against the account's anchors and
// every *.pem of the system trust directory ($SANDI_SYSTEM_TRUST_DIR) and the user's, as
// `sandi verify` does, and its report names the anchor a signer's chain ended at. A PDF
// signed under another PKI than the account's: with that PKI's root installed in the
// system directory the chain ends at it; with an empty directory it reaches none.
TEST(DesktopApp, DocumentsAreVerifiedAgainstTheTrustDirectoriesAndTheReportNamesTheAnchor)
{
    test::EnrolledStore enrolled(storePass(), {});
    test::SigningFixture other; // its own root, not the account's
    const std::filesystem::path work = other.pki.dir.path();
    test::writeBytes(work / "surat.pdf", test::handWrittenPdf());
    other.sign(work / "surat.pdf", work / "surat-signed.pdf");
    const std::string otherRoot = other.anchors().front().subject();

    QTemporaryDir tmp;
    const QString system = tmp.filePath(QStringLiteral("trust.d"));
    ASSERT_TRUE(QDir().mkpath(system));
    ASSERT_TRUE(QDir().mkpath(tmp.filePath(QStringLiteral("config"))));
    const QByteArray oldSystem = qgetenv(client::kSystemTrustDirVariable);
    const QByteArray oldConfig = qgetenv("XDG_CONFIG_HOME");
    qputenv(client::kSystemTrustDirVariable, system.toUtf8());
    qputenv("XDG_CONFIG_HOME", tmp.filePath(QStringLiteral("config")).toUtf8()); // no user anchors
    const auto restore = qScopeGuard([&] {
        if (oldSystem.isNull())
            qunsetenv(client::kSystemTrustDirVariable);
        else
            qputenv(client::kSystemTrustDirVariable, oldSystem);
        if (oldConfig.isNull())
            qunsetenv("XDG_CONFIG_HOME");
        else
            qputenv("XDG_CONFIG_HOME", oldConfig);
    });

    // The anchor row of the first signature, as the app's Documents page reports it.
    const auto anchorShown = [&](const QString& settingsName) -> QString {
        AppSettings settings(tmp.filePath(settingsName));
        DesktopApp app(settings, enrolled.store);
        QString error;
        if (!app.start(&storePass(), &error) || app.window() == nullptr) return "start failed: " + error;
        auto* page = app.window()->findChild<DocumentsPage*>(QStringLiteral("documentsPage"));
        if (page == nullptr) return QStringLiteral("no documents page");
        QSignalSpy verified(page, &DocumentsPage::fileVerified);
        if (!page->openFile(QString::fromStdString((work / "surat-signed.pdf").string())) || !verified.wait(60'000))
            return QStringLiteral("not verified");
        const ReportModel* m = page->reportModel();
        const QModelIndex sig = m->signatureIndex(0);
        for (int r = 0; r < m->rowCount(sig); ++r)
            if (m->index(r, 0, sig).data().toString() ==
                ReportModel::tr("Trust anchor")) // whichever language is installed
                return m->index(r, ReportModel::DetailColumn, sig).data().toString();
        return QStringLiteral("no anchor row");
    };

    EXPECT_EQ(anchorShown(QStringLiteral("empty.ini")), ReportModel::tr("(none reached)"));

    QFile pem(system + QStringLiteral("/other-root.pem"));
    ASSERT_TRUE(pem.open(QIODevice::WriteOnly));
    pem.write(QByteArray::fromStdString(certificatePem(other.pki.root->certificate())));
    pem.close();
    EXPECT_EQ(anchorShown(QStringLiteral("installed.ini")), QString::fromStdString(otherRoot));
}
