// SPDX-License-Identifier: GPL-3.0-or-later
// Outside input is never markup: hostile strings (as a certificate subject, a memo's
// subject, a finding's text from a PDF, a file name) reach the models' tooltips and the
// widgets' labels, and every label that shows them is plain text, every tooltip either
// plain or escaped.
#include "../support/qt_print.h"

#include "sandi/desktop/contact_dialog.h"
#include "sandi/desktop/conversation_model.h"
#include "sandi/desktop/documents_page.h"
#include "sandi/desktop/memo_list_model.h"
#include "sandi/desktop/report_model.h"

#include <QLabel>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QTreeView>

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::desktop;

namespace {

const QString kFont = QStringLiteral("<font color=#00ff00 size=7>VALID</font><!--");
const QString kImg = QStringLiteral("<img src='file:///etc/passwd'>");
const QString kHostile = kFont + kImg;

// A tooltip is safe when Qt shows it as plain text, or when it is rich text with the
// markup escaped (and reads, rendered, as the text that was given).
void expectSafeToolTip(const QVariant& tip, const QString& mustShow)
{
    const QString t = tip.toString();
    ASSERT_FALSE(t.isEmpty());
    if (!Qt::mightBeRichText(t)) {
        EXPECT_TRUE(t.contains(mustShow)) << t.toStdString();
        return;
    }
    EXPECT_TRUE(t.contains(QLatin1String("&lt;"))) << t.toStdString();
    EXPECT_FALSE(t.contains(QLatin1String("<font"), Qt::CaseInsensitive)) << t.toStdString();
    EXPECT_FALSE(t.contains(QLatin1String("<img"), Qt::CaseInsensitive)) << t.toStdString();
    EXPECT_FALSE(t.contains(QLatin1String("<!--"))) << t.toStdString();
    QTextDocument doc;
    doc.setHtml(t);
    EXPECT_TRUE(doc.toPlainText().contains(mustShow)) << doc.toPlainText().toStdString();
}

// Every label under `root` that shows `text` (or a part of it) is plain text.
int expectLabelsPlain(const QWidget& root, const QString& text)
{
    int shown = 0;
    for (const QLabel* l : root.findChildren<QLabel*>()) {
        if (!l->text().contains(QLatin1String("VALID")) && !l->text().contains(QLatin1String("passwd"))) continue;
        ++shown;
        EXPECT_EQ(l->textFormat(), Qt::PlainText) << l->objectName().toStdString() << ": " << l->text().toStdString();
        EXPECT_TRUE(l->text().contains(text)) << l->objectName().toStdString() << ": " << l->text().toStdString();
    }
    return shown;
}

void expectToolTipsSafe(const QWidget& root, const QString& mustShow)
{
    for (const QWidget* w : root.findChildren<QWidget*>())
        if (!w->toolTip().isEmpty() &&
            (w->toolTip().contains(QLatin1String("VALID")) || w->toolTip().contains(QLatin1String("passwd"))))
            expectSafeToolTip(w->toolTip(), mustShow);
}

client::FileReport hostileReport()
{
    client::FileReport f;
    f.path = "/tmp/" + kHostile.toStdString() + ".pdf";
    f.problems.push_back({"DATA_AFTER_LAST_EOF", kHostile.toStdString()});
    crypto::SignatureReport s;
    s.field = kHostile.toStdString();
    s.kind = "signature";
    s.subFilter = "ETSI.CAdES.detached";
    s.valid = false;
    s.signer = "CN=" + kHostile.toStdString() + ",O=Pemkab Buton";
    s.signingTime = crypto::timePointFromUnixSeconds(1'790'000'000);
    s.modifications = crypto::Modifications::Disallowed;
    s.changes.push_back({"PAGE_CHANGED", kHostile.toStdString(), false});
    s.problem("MODIFIED_AFTER_SIGNING", kHostile.toStdString());
    f.signatures.push_back(s);
    return f;
}

// Every row of the model, depth first.
void forEachRow(const QAbstractItemModel& m, const QModelIndex& parent,
                const std::function<void(const QModelIndex&)>& f)
{
    for (int r = 0; r < m.rowCount(parent); ++r)
        for (int c = 0; c < m.columnCount(parent); ++c) {
            const QModelIndex i = m.index(r, c, parent);
            f(i);
            if (c == 0) forEachRow(m, i, f);
        }
}

} // namespace

TEST(OutsideInput, ReportModelToolTipsAreEscaped)
{
    ReportModel model;
    model.setReport(hostileReport());
    int hostileTips = 0;
    forEachRow(model, {}, [&](const QModelIndex& i) {
        const QString tip = i.data(Qt::ToolTipRole).toString();
        if (!tip.contains(QLatin1String("VALID"))) return;
        ++hostileTips;
        expectSafeToolTip(tip, kFont);
    });
    EXPECT_GE(hostileTips, 4); // the field, the signer, the change, the problems
}

TEST(OutsideInput, DocumentsPageShowsTheReportAndFileNamesAsText)
{
    DocumentsPage page({}, {}, [](QWidget*) -> crypto::Signer* { return nullptr; });
    page.resize(1000, 700);
    page.show();
    ReportModel* model = page.reportModel();
    model->setReport(hostileReport());
    auto* tree = page.findChild<QTreeView*>("documentsReport");
    auto* detail = page.findChild<QLabel*>("documentsReportDetail");
    ASSERT_NE(tree, nullptr);
    ASSERT_NE(detail, nullptr);
    EXPECT_EQ(detail->textFormat(), Qt::PlainText);
    const QModelIndex modified = model->findCode("MODIFIED_AFTER_SIGNING");
    ASSERT_TRUE(modified.isValid());
    tree->setCurrentIndex(modified);
    EXPECT_EQ(detail->text(), kHostile + QStringLiteral(" [MODIFIED_AFTER_SIGNING]")); // literally, no "<p>"
    EXPECT_GE(expectLabelsPlain(page, kHostile), 1);

    // A file whose name is markup: the status says it could not be opened, as text.
    QTemporaryDir dir;
    const QString fileName = QStringLiteral("<font color=#00ff00 size=7>VALID<!--.pdf"); // no '/': one name
    EXPECT_FALSE(page.openFile(dir.filePath(fileName)));
    auto* status = page.findChild<QLabel*>("documentsStatus");
    ASSERT_NE(status, nullptr);
    EXPECT_EQ(status->textFormat(), Qt::PlainText);
    EXPECT_TRUE(status->text().contains(fileName)) << status->text().toStdString();
    auto* fileLabel = page.findChild<QLabel*>("documentsFileName");
    ASSERT_NE(fileLabel, nullptr);
    EXPECT_EQ(fileLabel->textFormat(), Qt::PlainText);
    model->clear();
    EXPECT_EQ(expectLabelsPlain(page, fileName), 1); // the status
    expectToolTipsSafe(page, fileName);
}

TEST(OutsideInput, MemoListAndConversationToolTipsAreEscaped)
{
    History history;
    ContactView c;
    c.nip = QStringLiteral("198707212011012006");
    c.name = kFont;
    c.position = kImg;
    c.office = QStringLiteral("Dinas Kominfo Buton");
    ConversationModel conversations(history);
    conversations.setDirectory({c}, {}, QStringLiteral("100"));
    const QModelIndex row = conversations.indexOfKey(QStringLiteral("nip:") + c.nip);
    ASSERT_TRUE(row.isValid());
    expectSafeToolTip(row.data(Qt::ToolTipRole), kFont);
    expectSafeToolTip(row.data(Qt::ToolTipRole), kImg);

    MemoView m;
    m.id = QString(32, QLatin1Char('d'));
    m.incoming = true;
    m.peerNip = c.nip;
    m.classification = QStringLiteral("B");
    m.hal = kHostile;
    m.received = QDateTime::currentDateTime();
    history.setAll({m});
    MemoListModel memos(history);
    memos.setConversation(QStringLiteral("nip:") + c.nip);
    ASSERT_EQ(memos.rowCount(), 1);
    expectSafeToolTip(memos.index(0).data(Qt::ToolTipRole), kHostile);
    // The accessible text stays the plain sentence (screen readers read no markup).
    EXPECT_TRUE(memos.index(0).data(Qt::AccessibleTextRole).toString().contains(kHostile));
}

TEST(OutsideInput, ContactDialogShowsNamesAndCertificateReasonsAsText)
{
    ContactView c;
    c.nip = QStringLiteral("198707212011012006");
    c.name = kFont;
    c.position = kImg;
    c.office = kHostile;
    DeviceView d;
    d.device = QString(32, QLatin1Char('c'));
    d.label = kFont;
    d.status = CertificateStatus::Untrusted;
    d.reason = QStringLiteral("issuer ") + kHostile + QStringLiteral(" is not a trust anchor");
    d.issuer = QStringLiteral("CN=") + kHostile;
    d.notBefore = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    d.notAfter = QDateTime(QDate(2028, 1, 1), QTime(0, 0), Qt::UTC);
    c.devices.push_back(d);
    ContactDialog dialog(c);
    dialog.show();
    EXPECT_GE(expectLabelsPlain(dialog, QString()), 3); // name, position, office
    expectToolTipsSafe(dialog, kFont);
    QTableWidget* devices = dialog.devices();
    ASSERT_EQ(devices->rowCount(), 1);
    expectSafeToolTip(devices->item(0, 1)->toolTip(), d.reason);
    EXPECT_EQ(devices->item(0, 3)->text(), d.issuer); // an item's text is drawn as text
}
