// SPDX-License-Identifier: GPL-3.0-or-later
// The conversation tree and the memo list under QAbstractItemModelTester, fed as the
// Session feeds them (a history load, then memos arriving and changing).
#include "sandi/desktop/conversation_model.h"
#include "sandi/desktop/memo_list_model.h"
#include "sandi/desktop/qr_code.h"
#include "sandi/desktop/theme.h"

#include <QAbstractItemModelTester>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::desktop;

namespace {

MemoView memo(const QString& id, const QString& from, const QString& cls, qint64 at, bool read = false)
{
    MemoView m;
    m.id = id;
    m.incoming = true;
    m.peerNip = from;
    m.classification = cls;
    m.hal = QStringLiteral("Hal ") + id;
    m.body = QStringLiteral("Isi rahasia ") + id;
    m.received = QDateTime::fromMSecsSinceEpoch(at);
    m.read = read;
    return m;
}

ContactView contact(const QString& nip, const QString& name, const QString& office)
{
    ContactView c;
    c.nip = nip;
    c.name = name;
    c.office = office;
    return c;
}

const QString kSelf = QStringLiteral("100");

} // namespace

TEST(ConversationModel, GroupsConversationsByOfficeWithUnreadCounts)
{
    History history;
    ConversationModel model(history);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setDirectory({contact("200", "Budi", "Dinas Kominfo Buton"), contact("300", "Sari", "Diskominfo Provinsi"),
                        contact("301", "Andi", "Diskominfo Provinsi"), contact(kSelf, "Saya", "Diskominfo Provinsi")},
                       {GroupView{"pimpinan", "300", {"300", "200", kSelf}, 1}}, kSelf);
    // groups first, then the offices in order; the official's own NIP is not a conversation
    ASSERT_EQ(model.rowCount(), 3);
    EXPECT_TRUE(model.index(0, 0).data(ConversationModel::IsGroupRole).toBool());
    EXPECT_EQ(model.index(1, 0).data().toString(), "Dinas Kominfo Buton");
    EXPECT_EQ(model.index(2, 0).data().toString(), "Diskominfo Provinsi");
    EXPECT_EQ(model.rowCount(model.index(2, 0)), 2);
    EXPECT_EQ(model.index(0, 0, model.index(2, 0)).data(ConversationModel::KeyRole).toString(),
              "nip:301"); // Andi < Sari

    history.setAll({memo("a", "300", "B", 1000), memo("b", "300", "SR", 2000), memo("c", "200", "B", 3000, true)});
    const QModelIndex sari = model.indexOfKey("nip:300");
    ASSERT_TRUE(sari.isValid());
    EXPECT_EQ(sari.data(ConversationModel::UnreadRole).toInt(), 2);
    EXPECT_EQ(sari.data().toString(), "Sari (2)");
    EXPECT_EQ(sari.parent().data(ConversationModel::UnreadRole).toInt(), 2);
    EXPECT_EQ(model.indexOfKey("nip:200").data(ConversationModel::UnreadRole).toInt(), 0);
    EXPECT_EQ(sari.data(ConversationModel::LastActivityRole).toDateTime(), QDateTime::fromMSecsSinceEpoch(2000));

    // reading one updates the row in place
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    MemoView read = *history.find("a");
    read.read = true;
    history.upsert(read);
    EXPECT_GE(changed.count(), 1);
    EXPECT_EQ(model.indexOfKey("nip:300").data(ConversationModel::UnreadRole).toInt(), 1);

    // a memo from an official the directory does not list makes a conversation under "Other"
    history.upsert(memo("d", "999", "T", 4000));
    const QModelIndex other = model.indexOfKey("nip:999");
    ASSERT_TRUE(other.isValid());
    EXPECT_EQ(other.parent().data().toString(), ConversationModel::tr("Other officials"));
}

TEST(MemoListModel, ShowsOneConversationOldestFirstAndAppendsNewMemos)
{
    History history;
    MemoListModel model(history);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    history.setAll({memo("b", "300", "SR", 2000), memo("a", "300", "B", 1000), memo("c", "200", "B", 3000)});
    model.setConversation("nip:300");
    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(model.index(0).data(MemoListModel::IdRole).toString(), "a");
    EXPECT_EQ(model.index(1).data(MemoListModel::ClassificationRole).toString(), "SR");
    EXPECT_TRUE(model.index(1).data(MemoListModel::ConfidentialRole).toBool());

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    history.upsert(memo("e", "300", "T", 5000));
    history.upsert(memo("f", "200", "T", 6000)); // another conversation
    EXPECT_EQ(inserted.count(), 1);
    ASSERT_EQ(model.rowCount(), 3);
    EXPECT_EQ(model.index(2).data(MemoListModel::IdRole).toString(), "e");

    model.setSearchResults({"f", "a", "gone"});
    EXPECT_TRUE(model.searching());
    ASSERT_EQ(model.rowCount(), 2); // an id no longer in the history is left out
    EXPECT_EQ(model.index(0).data(MemoListModel::IdRole).toString(), "f");
}

TEST(Notifications, NeverShowConfidentialContent)
{
    for (const char* cls : {"R", "SR"}) {
        const MemoView m = memo("x", "300", cls, 1);
        const NotificationText n = notificationFor(m, "Sari");
        for (const QString& text : {n.title, n.body}) {
            EXPECT_FALSE(text.contains(m.hal)) << cls;
            EXPECT_FALSE(text.contains(m.body)) << cls;
            EXPECT_FALSE(text.contains("Sari")) << cls;
        }
    }
    const MemoView open = memo("y", "300", "B", 1);
    const NotificationText n = notificationFor(open, "Sari");
    EXPECT_TRUE(n.title.contains("Sari"));
    EXPECT_EQ(n.body, open.hal);
    EXPECT_FALSE(n.body.contains(open.body));
}

// The safety number's QR code, read back by zbar (an independent decoder).
TEST(QrCode, DecodesToThePayloadWithZbar)
{
    const QString zbarimg = QStandardPaths::findExecutable("zbarimg");
    if (zbarimg.isEmpty()) GTEST_SKIP() << "zbarimg (zbar-tools) is not installed";
    const QByteArray payload = "SANDI-SN1:" + QByteArray(64, 'a') + QByteArray(64, '0');
    auto image = qrCodeImage(payload, 4);
    ASSERT_TRUE(image) << image.error().message;
    QTemporaryDir dir;
    const QString png = dir.filePath("qr.png");
    ASSERT_TRUE(image->save(png));
    QProcess p;
    p.start(zbarimg, {"--raw", "-q", png});
    ASSERT_TRUE(p.waitForFinished(30000));
    EXPECT_EQ(p.readAllStandardOutput().trimmed(), payload);
    EXPECT_FALSE(qrCodeImage({}, 4));
    EXPECT_FALSE(qrCodeImage(QByteArray(kMaxQrPayloadBytes + 1, 'x'), 4));
}

// Readable in light and dark themes: every colour the desktop adds keeps WCAG AA contrast
// against the palette's window and base colours, and R and SR memos are drawn in it.
TEST(Theme, ColoursStayReadableInLightAndDarkPalettes)
{
    QPalette light;
    light.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    light.setColor(QPalette::Base, Qt::white);
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    EXPECT_FALSE(isDark(light));
    EXPECT_TRUE(isDark(dark));
    for (const QPalette* p : {&light, &dark})
        for (Tone t : {Tone::Danger, Tone::Ok, Tone::Warning, Tone::Accent, Tone::Muted}) {
            const QColor c = toneColour(t, *p);
            EXPECT_GE(contrastRatio(c, p->color(QPalette::Window)), kMinContrast) << static_cast<int>(t) << isDark(*p);
            EXPECT_GE(contrastRatio(c, p->color(QPalette::Base)), kMinContrast) << static_cast<int>(t) << isDark(*p);
        }
    EXPECT_NEAR(contrastRatio(Qt::black, Qt::white), 21.0, 1e-9);

    History history;
    MemoListModel model(history);
    history.setAll({memo("a", "300", "SR", 1), memo("b", "300", "B", 2)});
    model.setConversation("nip:300");
    const QPalette saved = QGuiApplication::palette();
    QGuiApplication::setPalette(dark);
    EXPECT_EQ(model.index(0).data(Qt::ForegroundRole).value<QColor>(), toneColour(Tone::Danger, dark));
    EXPECT_FALSE(model.index(1).data(Qt::ForegroundRole).isValid()); // B: the palette's own text colour
    QGuiApplication::setPalette(saved);
}
