// SPDX-License-Identifier: GPL-3.0-or-later
// The messaging widgets on the offscreen platform: the memo card (outside input shown as
// text, never as markup), the compose dialog (fields, recipients, dropped files, its
// refusals and its tab order) and contact details (certificate status, safety number QR).
#include "sandi/desktop/compose_dialog.h"
#include "sandi/desktop/contact_dialog.h"
#include "sandi/desktop/memo_card.h"
#include "sandi/desktop/qr_code.h"
#include "sandi/desktop/theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

using namespace sandi;
using namespace sandi::desktop;

namespace {

MemoView hostileMemo()
{
    MemoView m;
    m.id = QString(32, QLatin1Char('b'));
    m.incoming = true;
    m.peerNip = "198707212011012006";
    m.classification = "R";
    m.urgency = "sangat-segera";
    m.nomor = "<b>005</b>";
    m.hal = "<img src='file:///etc/passwd'>Rapat";
    m.body = "Baris 1\n<a href='http://evil.example/'>klik</a>\n<script>alert(1)</script>";
    m.signerName = "Sri & Co";
    m.signerNip = "198707212011012006";
    m.signedMemo = true;
    m.verdict = "invalid: the signature does not verify";
    m.received = QDateTime::currentDateTime();
    m.attachments.push_back({0, "<i>laporan</i>.pdf", "application/pdf", 2048});
    return m;
}

client::DeviceInfo selfInfo()
{
    client::DeviceInfo d;
    d.name = "Andi Pratama";
    d.position = "Kepala Bidang Persandian";
    d.identity.nip = "197804122003121002";
    return d;
}

ContactView contact(const QString& nip, const QString& name, bool valid)
{
    ContactView c;
    c.nip = nip;
    c.name = name;
    c.position = "Sandiman";
    c.office = "Kabupaten Buton";
    DeviceView d;
    d.device = QString(32, QLatin1Char('c'));
    d.label = name + " (laptop)";
    d.status = valid ? CertificateStatus::Valid : CertificateStatus::Revoked;
    d.notBefore = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    d.notAfter = QDateTime(QDate(2028, 1, 1), QTime(0, 0), Qt::UTC);
    if (!valid) d.revokedAt = QDateTime(QDate(2026, 6, 1), QTime(0, 0), Qt::UTC);
    if (valid) {
        d.safetyNumber = "12345 67890 12345 67890 12345 67890 12345 67890 12345 67890 12345 67890";
        d.qrPayload = "SANDI-SN1:" + QByteArray(128, 'a');
    }
    c.devices.push_back(d);
    return c;
}

} // namespace

TEST(MemoCard, ShowsOutsideInputAsTextNeverAsMarkup)
{
    MemoCard card;
    const MemoView m = hostileMemo();
    card.showMemo(m);
    const QString text = card.toPlainText();
    EXPECT_TRUE(text.contains("<img src='file:///etc/passwd'>Rapat")); // shown literally
    EXPECT_TRUE(text.contains("<script>alert(1)</script>"));
    EXPECT_TRUE(text.contains("<b>005</b>"));
    // An attachment's name is shown as its last path component ("<i>laporan</i>.pdf" has a '/'), literally.
    EXPECT_TRUE(text.contains("i>.pdf"));
    EXPECT_FALSE(text.contains("<i>laporan"));
    EXPECT_TRUE(text.contains("NOT valid"));
    const QString html = MemoCard::html(m);
    EXPECT_FALSE(html.contains("<script"));
    EXPECT_FALSE(html.contains("<img"));
    EXPECT_FALSE(html.contains("evil.example/'>"));
    EXPECT_TRUE(html.contains(toneColour(Tone::Danger).name())); // R in red
    EXPECT_FALSE(card.openLinks());
}

TEST(MemoCard, AnAttachmentLinkAsksForThatAttachment)
{
    MemoCard card;
    card.resize(800, 900);
    card.show();
    MemoView m = hostileMemo();
    m.attachments.push_back({1, "kedua.pdf", "application/pdf", 10});
    card.showMemo(m);
    QSignalSpy asked(&card, &MemoCard::attachmentRequested);
    emit card.anchorClicked(QUrl("sandi-attachment:1"));
    emit card.anchorClicked(QUrl("http://evil.example/"));
    ASSERT_EQ(asked.count(), 1);
    EXPECT_EQ(asked.front().at(0).toString(), m.id);
    EXPECT_EQ(asked.front().at(1).toInt(), 1);
}

TEST(ComposeDialog, MakesTheDraftFromEveryField)
{
    QTemporaryDir dir;
    const QString file = dir.filePath("lampiran.pdf");
    {
        QFile f(file);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("%PDF-1.4\n");
    }
    ComposeDialog d({contact("198707212011012006", "Sri Wahyuni", true), contact("199203302019031007", "Ikbal", false)},
                    {GroupView{"pimpinan", "1", {"1", "2"}, 1}}, selfInfo());
    d.show();
    auto* recipients = d.findChild<QListWidget*>("recipients");
    ASSERT_EQ(recipients->count(), 2);
    EXPECT_FALSE(recipients->item(1)->flags() & Qt::ItemIsEnabled); // no valid device: cannot be chosen
    EXPECT_FALSE(d.problem().isEmpty());                            // no recipient yet
    recipients->setFocus();
    recipients->setCurrentRow(0);
    QTest::keyClick(recipients, Qt::Key_Space);
    EXPECT_EQ(d.findChild<QLineEdit*>("kepada")->text(), "Sandiman"); // Kepada from the recipient's position
    QTest::keyClicks(d.findChild<QLineEdit*>("hal"), "Rapat koordinasi");
    QTest::keyClicks(d.findChild<QPlainTextEdit*>("body"), "Isi memo");
    QTest::keyClicks(d.findChild<QLineEdit*>("tembusan"), "Sekretaris; Inspektur");
    auto* cls = d.findChild<QComboBox*>("classification");
    cls->setCurrentIndex(cls->findData(static_cast<int>(e2e::Classification::Rahasia)));
    auto* sifat = d.findChild<QComboBox*>("sifat");
    sifat->setCurrentIndex(sifat->findData(static_cast<int>(e2e::Urgency::Segera)));
    d.findChild<QComboBox*>("expiry")->setCurrentIndex(2); // 7 days

    AttachmentList* list = d.attachments();
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(file), QUrl::fromLocalFile(dir.filePath("missing.pdf"))});
    QDragEnterEvent enter(list->viewport()->rect().center(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(list->viewport(), &enter);
    EXPECT_TRUE(enter.isAccepted());
    QDropEvent drop(list->viewport()->rect().center(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(list->viewport(), &drop);
    EXPECT_EQ(list->files(), QStringList{QFileInfo(file).absoluteFilePath()}); // the missing one refused
    EXPECT_FALSE(list->addFile(file));                                         // already attached
    EXPECT_EQ(d.findChild<QLineEdit*>("lampiran")->text(), ComposeDialog::tr("%n file(s)", nullptr, 1));

    EXPECT_EQ(d.problem(), QString());
    const Draft draft = d.draft();
    EXPECT_EQ(draft.toNips, QStringList{"198707212011012006"});
    EXPECT_TRUE(draft.group.isEmpty());
    EXPECT_EQ(draft.memo.hal, "Rapat koordinasi");
    EXPECT_EQ(draft.memo.tembusan, (QStringList{"Sekretaris", "Inspektur"}));
    EXPECT_EQ(draft.memo.classification, e2e::Classification::Rahasia);
    EXPECT_EQ(draft.memo.sifat, e2e::Urgency::Segera);
    EXPECT_EQ(draft.memo.dari, "Kepala Bidang Persandian");
    EXPECT_EQ(draft.memo.signerNip, "197804122003121002");
    ASSERT_TRUE(draft.memo.expiresAt.has_value());
    EXPECT_NEAR(static_cast<double>(*draft.memo.expiresAt - QDateTime::currentSecsSinceEpoch()), 7.0 * 86400, 60);
    ASSERT_EQ(draft.attachments.size(), 1u);

    // a group instead of officials
    auto* group = d.findChild<QComboBox*>("group");
    group->setCurrentIndex(1);
    EXPECT_EQ(d.draft().group, "pimpinan");
    EXPECT_TRUE(d.draft().toNips.isEmpty());
}

TEST(ComposeDialog, RefusesToSendWithoutSubjectAndKeepsWhatWasTyped)
{
    ComposeDialog d({contact("198707212011012006", "Sri Wahyuni", true)}, {}, selfInfo());
    d.show();
    d.setConversation("nip:198707212011012006");
    QTest::keyClicks(d.findChild<QPlainTextEdit*>("body"), "Isi");
    QSignalSpy accepted(&d, &QDialog::accepted);
    QTest::mouseClick(d.findChild<QPushButton*>("send"), Qt::LeftButton);
    EXPECT_EQ(accepted.count(), 0);
    EXPECT_TRUE(d.isVisible());
    EXPECT_EQ(d.findChild<QLabel*>("composeError")->text(), ComposeDialog::tr("The memo needs a subject."));
    EXPECT_EQ(d.findChild<QPlainTextEdit*>("body")->toPlainText(), "Isi");
    QTest::keyClicks(d.findChild<QLineEdit*>("hal"), "Hal");
    QTest::mouseClick(d.findChild<QPushButton*>("send"), Qt::LeftButton);
    EXPECT_EQ(accepted.count(), 1);
}

TEST(ComposeDialog, TabGoesDownTheFormAndEveryControlHasAnAccessibleName)
{
    ComposeDialog d({}, {}, selfInfo());
    // Tab skips disabled widgets, and "Attach a signed PDF" (no PDF signer yet) and "Remove"
    // (nothing attached yet) start disabled: the test enables both (a PDF signer, one
    // attached file) so that Tab is checked through every control of the attachment row.
    d.setPdfSigner([](QWidget*, const QString&) { return std::optional<QString>(); });
    QTemporaryDir dir;
    const QString file = dir.filePath("lampiran.txt");
    {
        QFile f(file);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("isi");
    }
    auto* attachments = d.findChild<AttachmentList*>("attachments");
    ASSERT_NE(attachments, nullptr);
    ASSERT_TRUE(attachments->addFile(file));
    ASSERT_TRUE(d.findChild<QPushButton*>("addSignedPdf")->isEnabled());
    ASSERT_TRUE(d.findChild<QPushButton*>("removeFile")->isEnabled());
    d.show();
    QApplication::setActiveWindow(&d);
    const char* order[] = {"recipients",  "group",   "kepada",         "tembusan",   "nomor", "dari",
                           "tanggal",     "sifat",   "classification", "lampiran",   "hal",   "body",
                           "attachments", "addFile", "addSignedPdf",   "removeFile", "sign",  "expiry"};
    auto named = [&](QWidget* w) { // the form field a focused (inner) widget belongs to
        for (; w; w = w->parentWidget())
            for (const char* name : order)
                if (w->objectName() == QLatin1String(name)) return w->objectName();
        return QString();
    };
    for (std::size_t i = 0; i + 1 < std::size(order); ++i) {
        QWidget* w = d.findChild<QWidget*>(order[i]);
        ASSERT_NE(w, nullptr) << order[i];
        EXPECT_FALSE(w->accessibleName().isEmpty()) << order[i];
        w->setFocus(Qt::TabFocusReason);
        // (Tab walks through a date's sections first, as Qt's date fields do.)
        for (int presses = 0; presses < 4 && named(QApplication::focusWidget()) == QLatin1String(order[i]); ++presses)
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        EXPECT_EQ(named(QApplication::focusWidget()), QString::fromLatin1(order[i + 1])) << "Tab after " << order[i];
    }
}

TEST(ContactDialog, ShowsCertificateStatusAndTheSafetyNumbersQrCode)
{
    ContactView c = contact("198707212011012006", "Sri Wahyuni", true);
    DeviceView revoked = contact("198707212011012006", "Sri Wahyuni", false).devices.front();
    revoked.label = "Sri Wahyuni (phone)";
    c.devices.push_back(revoked);
    ContactDialog d(c);
    d.show();
    QTableWidget* devices = d.devices();
    ASSERT_EQ(devices->rowCount(), 2);
    EXPECT_TRUE(devices->item(0, 1)->text().startsWith(ContactDialog::tr("Valid until %1").left(5)));
    EXPECT_EQ(devices->item(1, 1)->text(), certificateStatusName(revoked));
    // The revocation date (not the validity's), in the locale's short format, with its year.
    const QString revokedDay = QLocale().toString(revoked.revokedAt->toLocalTime().date(), QLocale::ShortFormat);
    EXPECT_EQ(devices->item(1, 1)->text(), ContactDialog::tr("Revoked on %1").arg(revokedDay));
    const bool fourDigitYear = QLocale().dateFormat(QLocale::ShortFormat).contains(QLatin1String("yyyy"));
    EXPECT_TRUE(revokedDay.contains(fourDigitYear ? QStringLiteral("2026") : QStringLiteral("26")))
        << revokedDay.toStdString();
    auto* number = d.findChild<QLabel*>("safetyNumber");
    EXPECT_EQ(number->text(), c.devices[0].safetyNumber);
    auto* qr = d.findChild<QLabel*>("safetyNumberQr");
    ASSERT_FALSE(qr->pixmap().isNull());

    // the revoked device has no safety number
    devices->setCurrentCell(1, 0);
    EXPECT_NE(number->text(), c.devices[0].safetyNumber);
    EXPECT_TRUE(qr->pixmap().isNull());

    QSignalSpy verified(&d, &ContactDialog::verifiedChanged);
    QTest::mouseClick(d.verifiedBox(), Qt::LeftButton, {}, QPoint(5, d.verifiedBox()->height() / 2));
    ASSERT_EQ(verified.count(), 1);
    EXPECT_EQ(verified.front().at(0).toString(), c.nip);
    EXPECT_TRUE(verified.front().at(1).toBool());
}

// The QR code a phone scans is the safety number's payload (decoded by zbarimg).
TEST(ContactDialog, TheQrCodeDecodesToTheSafetyNumbersPayload)
{
    const QString zbarimg = QStandardPaths::findExecutable("zbarimg");
    if (zbarimg.isEmpty()) GTEST_SKIP() << "zbarimg (zbar-tools) is not installed";
    const ContactView c = contact("198707212011012006", "Sri Wahyuni", true);
    ContactDialog d(c);
    d.show();
    auto* qr = d.findChild<QLabel*>("safetyNumberQr");
    ASSERT_FALSE(qr->pixmap().isNull());
    QTemporaryDir dir;
    ASSERT_TRUE(qr->pixmap().save(dir.filePath("qr.png")));
    QProcess p;
    p.start(zbarimg, {"--raw", "-q", dir.filePath("qr.png")});
    ASSERT_TRUE(p.waitForFinished(30000));
    EXPECT_EQ(p.readAllStandardOutput().trimmed(), c.devices[0].qrPayload);
}

// On a high-DPI screen the QR code is drawn in device pixels: as large on screen as at
// scale 1, and sharp (CTest runs this once more with QT_SCALE_FACTOR=2 and SANDI_EXPECT_DPR=2).
TEST(ContactDialog, QrCodeIsSharpOnAHighDpiScreen)
{
    const ContactView c = contact("198707212011012006", "Sri Wahyuni", true);
    ContactDialog d(c);
    d.show();
    auto* qr = d.findChild<QLabel*>("safetyNumberQr");
    const QPixmap pm = qr->pixmap();
    ASSERT_FALSE(pm.isNull());
    const qreal dpr = qr->devicePixelRatioF();
    if (const QByteArray expect = qgetenv("SANDI_EXPECT_DPR"); !expect.isEmpty()) {
        EXPECT_DOUBLE_EQ(dpr, expect.toDouble());
    }
    EXPECT_DOUBLE_EQ(pm.devicePixelRatio(), std::max<qreal>(1.0, dpr));
    // The logical size does not depend on the screen: the pixels do.
    auto oneX = qrCodeImage(c.devices[0].qrPayload, 4);
    ASSERT_TRUE(oneX.has_value());
    EXPECT_EQ(pm.deviceIndependentSize().toSize(), oneX->size());
    EXPECT_EQ(pm.width(), qRound(oneX->width() * pm.devicePixelRatio()));
}
