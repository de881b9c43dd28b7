// SPDX-License-Identifier: GPL-3.0-or-later
// Two desktop clients and a real relay (set up by run_e2e.py: a PKI, `sandi-relay`, two
// accounts enrolled with the `sandi` CLI): Andi composes a secret (SR) memo with an
// attachment dropped on the compose dialog and sends it by clicking; Sri's window shows
// the conversation as unread, notifies without the memo's words, opens it by clicking and
// saves the attachment; Andi's window then shows the memo as read. Driven through the
// widgets with QTest's input events; run under Xvfb (xcb) by run_e2e.py, or offscreen.
#include "sandi/desktop/app_settings.h"
#include "sandi/desktop/contact_dialog.h"
#include "sandi/desktop/documents_page.h"
#include "sandi/desktop/idle_lock.h"
#include "sandi/desktop/lock_controller.h"
#include "sandi/desktop/main_window.h"
#include "sandi/desktop/settings_dialog.h"
#include "sandi/desktop/setup_wizard.h"
#include "sandi/desktop/translations.h"
#include "sandi/desktop/unlock_dialog.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QTest>
#include <QTemporaryDir>
#include <QTreeView>

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::desktop;

namespace {

constexpr int kWaitMs = 60'000;

QString env(const char* name)
{
    return qEnvironmentVariable(name);
}

crypto::SecureBuffer passphraseFrom(const QString& file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return {};
    QByteArray text = f.readAll();
    while (text.endsWith('\n') || text.endsWith('\r'))
        text.chop(1);
    auto out =
        crypto::SecureBuffer::fromString(std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
    text.fill('\0');
    return out;
}

std::unique_ptr<Session> openSession(const char* storeVar, const char* passVar)
{
    auto s = Session::open(env(storeVar).toStdString(), passphraseFrom(env(passVar)));
    if (!s) ADD_FAILURE() << "opening " << env(storeVar).toStdString() << ": " << s.error().message;
    return s ? std::move(*s) : nullptr;
}

// SANDI_E2E_LANG=id: the windows in Bahasa Indonesia (the screenshots of the user guide).
void useLanguage()
{
    if (const QString lang = env("SANDI_E2E_LANG"); !lang.isEmpty())
        installLanguage(*QCoreApplication::instance(), lang);
}

void shoot(QWidget* w, const QString& name)
{
    const QString dir = env("SANDI_E2E_SCREENSHOTS");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    w->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

template <class T> T* child(QObject* parent, const char* name)
{
    T* w = parent->findChild<T*>(QString::fromLatin1(name));
    EXPECT_NE(w, nullptr) << "no widget " << name;
    return w;
}

// Clicks "New memo" in `window` and checks `nip` in the recipients with the keyboard; the
// dialog, or nullptr (with a failure) if the official is not in the list.
ComposeDialog* composeTo(MainWindow& window, const QString& nip)
{
    QTest::mouseClick(child<QPushButton>(&window, "compose"), Qt::LeftButton);
    ComposeDialog* dialog = nullptr;
    if (!QTest::qWaitFor([&] { return (dialog = window.findChild<ComposeDialog*>()) && dialog->isVisible(); }, 5000)) {
        ADD_FAILURE() << "no compose dialog";
        return nullptr;
    }
    auto* recipients = child<QListWidget>(dialog, "recipients");
    for (int i = 0; i < recipients->count(); ++i) {
        if (recipients->item(i)->data(Qt::UserRole).toString() != nip) continue;
        recipients->setFocus();
        recipients->setCurrentRow(i);
        QTest::keyClick(recipients, Qt::Key_Space);
        EXPECT_EQ(recipients->item(i)->checkState(), Qt::Checked);
        return dialog;
    }
    ADD_FAILURE() << "NIP " << nip.toStdString() << " is not among the recipients";
    return nullptr;
}

void clickItem(QAbstractItemView* view, const QModelIndex& index)
{
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
}

} // namespace

TEST(DesktopEndToEnd, TwoClientsExchangeASecretMemoWithAnAttachmentThroughTheUi)
{
    if (env("SANDI_E2E_A_STORE").isEmpty()) GTEST_SKIP() << "run by tests/desktop/e2e/run_e2e.py";
    const QString sriNip = env("SANDI_E2E_B_NIP");
    const QString attachment = env("SANDI_E2E_ATTACHMENT");
    const QString saved = env("SANDI_E2E_OUT");
    useLanguage();
    const QString hal = QStringLiteral("Laporan pengamanan persandian triwulan IV");
    const QString body = QStringLiteral("Mohon segera ditindaklanjuti sesuai lampiran.");

    auto andi = openSession("SANDI_E2E_A_STORE", "SANDI_E2E_A_PASS");
    auto sri = openSession("SANDI_E2E_B_STORE", "SANDI_E2E_B_PASS");
    ASSERT_TRUE(andi && sri);
    MainWindow wa(*andi);
    MainWindow wb(*sri);
    std::vector<NotificationText> notified;
    wb.messages()->setNotifier([&](const NotificationText& n) { notified.push_back(n); });
    wa.show();
    wb.show();
    wb.move(wa.x() + 80, wa.y() + 80);
    andi->start();
    sri->start();

    // Both connect; Andi's directory lists Sri.
    ASSERT_TRUE(QTest::qWaitFor([&] { return andi->connectionState() == ConnectionState::Online; }, kWaitMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return sri->connectionState() == ConnectionState::Online; }, kWaitMs));
    EXPECT_TRUE(wa.connectionIndicator()->text().contains(MainWindow::tr("● Connected to the relay")));
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return wa.messages()->conversations().indexOfKey("nip:" + sriNip).isValid(); }, kWaitMs));

    // Andi: New memo, Sri checked with the keyboard, SR, subject, text, a dropped file, Send.
    ComposeDialog* dialog = composeTo(wa, sriNip);
    ASSERT_NE(dialog, nullptr);
    auto* classification = child<QComboBox>(dialog, "classification");
    classification->setFocus();
    QTest::keyClick(classification, Qt::Key_End); // the last: SR
    ASSERT_EQ(classification->currentData().toInt(), static_cast<int>(e2e::Classification::SangatRahasia));
    QTest::keyClicks(child<QLineEdit>(dialog, "nomor"), QStringLiteral("005/141/Diskominfo/2026"));
    QTest::keyClicks(child<QLineEdit>(dialog, "hal"), hal);
    QTest::keyClicks(child<QPlainTextEdit>(dialog, "body"), body);
    {
        AttachmentList* list = dialog->attachments();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(attachment)});
        const QPoint at = list->viewport()->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(list->viewport(), &enter);
        QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(list->viewport(), &drop);
        ASSERT_EQ(list->files(), QStringList{QFileInfo(attachment).absoluteFilePath()});
    }
    shoot(dialog, QStringLiteral("04-tulis-memo"));
    QSignalSpy sent(andi.get(), &Session::sendFinished);
    QTest::mouseClick(child<QPushButton>(dialog, "send"), Qt::LeftButton);
    ASSERT_TRUE(sent.wait(kWaitMs) || !sent.isEmpty());
    ASSERT_TRUE(sent.front().at(1).toBool()) << sent.front().at(3).toString().toStdString();
    const QString memoId = sent.front().at(2).toString();

    // Sri: the conversation turns unread; the notification says nothing of the memo.
    ASSERT_TRUE(QTest::qWaitFor([&] { return wb.history().find(memoId) != nullptr; }, kWaitMs));
    auto& conversations = wb.messages()->conversations();
    const QModelIndex withAndi = conversations.indexOfKey("nip:" + QString::fromStdString(andi->self().identity.nip));
    ASSERT_TRUE(withAndi.isValid());
    EXPECT_EQ(withAndi.data(ConversationModel::UnreadRole).toInt(), 1);
    EXPECT_TRUE(wb.windowTitle().startsWith(QStringLiteral("(1)")));
    ASSERT_EQ(notified.size(), 1u);
    EXPECT_FALSE(notified[0].title.contains(hal) || notified[0].body.contains(hal) || notified[0].body.contains(body));
    shoot(&wb, QStringLiteral("inbox-unread"));

    // Sri clicks the conversation: the memo opens as a card, and is read.
    auto* tree = child<QTreeView>(&wb, "conversations");
    clickItem(tree, withAndi);
    ASSERT_TRUE(QTest::qWaitFor([&] { return wb.messages()->card()->memoId() == memoId; }, 5000));
    const QString card = wb.messages()->card()->toPlainText();
    EXPECT_TRUE(card.contains(hal));
    EXPECT_TRUE(card.contains(body));
    EXPECT_TRUE(card.contains(QStringLiteral("SR")));
    EXPECT_TRUE(card.contains(QStringLiteral("005/141/Diskominfo/2026")));
    EXPECT_TRUE(card.contains(QFileInfo(attachment).fileName()));
    ASSERT_TRUE(QTest::qWaitFor([&] { return wb.history().find(memoId)->read; }, kWaitMs));
    EXPECT_EQ(conversations.indexOfKey(withAndi.data(ConversationModel::KeyRole).toString())
                  .data(ConversationModel::UnreadRole)
                  .toInt(),
              0);
    shoot(&wb, QStringLiteral("03-percakapan"));

    // Sri saves the attachment (what the link's save dialog does with the chosen path).
    QSignalSpy savedSpy(wb.messages(), &MessagesPage::attachmentSaved);
    wb.messages()->saveAttachment(memoId, 0, saved);
    ASSERT_TRUE(savedSpy.wait(kWaitMs) || !savedSpy.isEmpty());
    EXPECT_TRUE(savedSpy.front().at(1).toBool()) << savedSpy.front().at(2).toString().toStdString();

    // Andi's window learns that Sri read it (the read receipt).
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const MemoView* m = wa.history().find(memoId);
            return m && m->state == client::DeliveryState::Read;
        },
        kWaitMs));
    clickItem(child<QTreeView>(&wa, "conversations"), wa.messages()->conversations().indexOfKey("nip:" + sriNip));
    ASSERT_TRUE(QTest::qWaitFor([&] { return wa.messages()->card()->memoId() == memoId; }, 5000));
    EXPECT_TRUE(wa.messages()->card()->toPlainText().contains(MemoListModel::tr("Read")));
    shoot(&wa, QStringLiteral("sent-read"));

    // Andi looks at Sri's details: her device's certificate and their safety number.
    wa.messages()->showContact(sriNip);
    auto* contact = wa.findChild<ContactDialog*>();
    ASSERT_NE(contact, nullptr);
    EXPECT_FALSE(contact->findChild<QLabel*>("safetyNumber")->text().isEmpty());
    EXPECT_FALSE(contact->findChild<QLabel*>("safetyNumberQr")->pixmap().isNull());
    shoot(contact, QStringLiteral("06-rincian-pejabat"));
    contact->close();
}

// Andi composes while the relay is down: the memo waits (the status bar says so), survives
// Andi closing and reopening the app, and goes out when the relay is back (run_e2e.py
// stops the relay before this test and starts it again when the marker file appears).
TEST(DesktopEndToEnd, AMemoComposedOfflineWaitsSurvivesARestartAndIsSentOnReconnect)
{
    const QString marker = env("SANDI_E2E_OFFLINE_MARKER");
    if (marker.isEmpty()) GTEST_SKIP() << "run by tests/desktop/e2e/run_e2e.py";
    const QString sriNip = env("SANDI_E2E_B_NIP");
    useLanguage();
    const QString hal = QStringLiteral("Undangan rapat (ditulis tanpa koneksi)");
    {
        auto andi = openSession("SANDI_E2E_A_STORE", "SANDI_E2E_A_PASS");
        ASSERT_TRUE(andi);
        MainWindow wa(*andi);
        wa.show();
        andi->start();
        // The relay refuses the connection: offline (and trying again in the background).
        ASSERT_TRUE(QTest::qWaitFor([&] { return andi->connectionState() == ConnectionState::Offline; }, kWaitMs));
        EXPECT_TRUE(wa.connectionIndicator()->text().contains(MainWindow::tr("● Offline")));
        // The relay is not reachable: Sri is chosen from the directory kept from the last
        // connection, in the compose dialog.
        ASSERT_TRUE(QTest::qWaitFor([&] { return wa.messages()->conversations().contact(sriNip) != nullptr; }, 10'000));
        ComposeDialog* dialog = composeTo(wa, sriNip);
        ASSERT_NE(dialog, nullptr);
        QTest::keyClicks(child<QLineEdit>(dialog, "hal"), hal);
        QTest::keyClicks(child<QPlainTextEdit>(dialog, "body"), QStringLiteral("Isi undangan."));
        QTest::mouseClick(child<QPushButton>(dialog, "send"), Qt::LeftButton);
        ASSERT_TRUE(QTest::qWaitFor([&] { return andi->pendingSends() == 1; }, 10'000));
        EXPECT_EQ(wa.findChild<QLabel*>("pendingSends")->text(), MainWindow::tr("%n memo(s) waiting", nullptr, 1));
        shoot(&wa, QStringLiteral("05-menunggu-koneksi"));
    } // Andi quits while offline
    auto andi = openSession("SANDI_E2E_A_STORE", "SANDI_E2E_A_PASS");
    auto sri = openSession("SANDI_E2E_B_STORE", "SANDI_E2E_B_PASS");
    ASSERT_TRUE(andi && sri);
    MainWindow wa(*andi);
    MainWindow wb(*sri);
    wa.show();
    wb.show();
    andi->start();
    sri->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return andi->pendingSends() == 1; }, 10'000)); // still waiting after the restart
    {
        QFile f(marker);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("start the relay\n");
    }
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            for (const MemoView* m : wb.history().all())
                if (m->hal == hal) return true;
            return false;
        },
        kWaitMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return andi->pendingSends() == 0; }, kWaitMs));
    int copies = 0;
    for (const MemoView* m : wb.history().all())
        if (m->hal == hal) ++copies;
    EXPECT_EQ(copies, 1);
}

// The other pictures of the user guide (run by scripts/screenshots.sh through run_e2e.py):
// the wizard, the unlock dialog, the documents page with a signed PDF and a folder, the
// settings. Each is checked for what the picture is meant to show.
TEST(DesktopScreens, TheUserGuidesPictures)
{
    const QString signedPdf = env("SANDI_E2E_SIGNED_PDF");
    const QString folder = env("SANDI_E2E_FOLDER");
    if (env("SANDI_E2E_SCREENSHOTS").isEmpty() || signedPdf.isEmpty()) GTEST_SKIP() << "run by scripts/screenshots.sh";
    useLanguage();
    QTemporaryDir tmp;
    AppSettings settings(tmp.filePath("settings.ini"));
    {
        SetupWizard wizard(settings, tmp.filePath("new-store").toStdString());
        wizard.show();
        QTest::keyClicks(wizard.findChild<QLineEdit*>("setupName"), QStringLiteral("Wa Ode Sitti (laptop)"));
        QTest::keyClicks(wizard.findChild<QLineEdit*>("setupNip"), QStringLiteral("199104042015032001"));
        QTest::keyClicks(wizard.findChild<QLineEdit*>("setupPosition"), QStringLiteral("Sandiman Ahli Pertama"));
        QTest::qWait(100);
        shoot(&wizard, QStringLiteral("01-wisaya-identitas"));
    }
    {
        UnlockDialog unlock([](const crypto::SecureBuffer&) -> Status { return {}; });
        unlock.setAccountText(QStringLiteral("Andi Pratama (laptop) — ") + env("SANDI_E2E_A_STORE"));
        unlock.show();
        QTest::qWait(100);
        shoot(&unlock, QStringLiteral("02-buka-kunci"));
    }
    auto andi = openSession("SANDI_E2E_A_STORE", "SANDI_E2E_A_PASS");
    ASSERT_TRUE(andi);
    {
        DocumentsPage page(andi->anchors(), andi->crls(), [](QWidget*) -> crypto::Signer* { return nullptr; });
        page.resize(1280, 800);
        page.show();
        QSignalSpy verified(&page, &DocumentsPage::fileVerified);
        ASSERT_TRUE(page.openFile(signedPdf));
        ASSERT_TRUE(verified.wait(60'000) || !verified.isEmpty());
        ASSERT_GE(page.reportModel()->rowCount(), 1);
        QTest::qWait(200);
        shoot(&page, QStringLiteral("07-dokumen"));
        QSignalSpy finished(page.bulkVerifier(), &BulkVerifier::finished);
        ASSERT_TRUE(page.verifyFolder(folder));
        ASSERT_TRUE(finished.wait(60'000) || !finished.isEmpty());
        QTest::qWait(200);
        shoot(&page, QStringLiteral("08-periksa-folder"));
    }
    {
        IdleWatcher idle;
        LockController lock(settings, env("SANDI_E2E_A_STORE").toStdString(), idle);
        SettingsDialog dialog(settings, env("SANDI_E2E_A_STORE").toStdString(), lock, &idle);
        dialog.show();
        QTest::qWait(100);
        shoot(&dialog, QStringLiteral("09-pengaturan"));
    }
}
