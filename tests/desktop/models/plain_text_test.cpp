// SPDX-License-Identifier: GPL-3.0-or-later
// plain_text.h: tooltips that show outside input literally, file names fit to show.
#include "../support/qt_print.h"

#include "sandi/desktop/plain_text.h"

#include <QTextDocument>

#include <gtest/gtest.h>

using namespace sandi::desktop;

TEST(PlainText, ToolTipEscapesMarkupAndForcesRichTextMode)
{
    const QString hostile =
        QStringLiteral("<font color=#00ff00 size=7>VALID</font><!--\n<img src='file:///etc/passwd'>");
    const QString tip = toolTipText(hostile);
    EXPECT_EQ(tip, QStringLiteral("<p>&lt;font color=#00ff00 size=7&gt;VALID&lt;/font&gt;&lt;!--<br>&lt;img "
                                  "src='file:///etc/passwd'&gt;</p>"));
    EXPECT_TRUE(Qt::mightBeRichText(tip)); // so QToolTip does not guess from the hostile text
    // Rendered, the text reads exactly as it was given.
    QTextDocument doc;
    doc.setHtml(tip);
    EXPECT_EQ(doc.toPlainText(), hostile);
    EXPECT_EQ(toolTipText(QStringLiteral("a & b")), QStringLiteral("<p>a &amp; b</p>"));
    EXPECT_EQ(toolTipText({}), QStringLiteral("<p></p>"));
}

TEST(PlainText, DisplayFileNameKeepsTheLastComponent)
{
    EXPECT_EQ(displayFileName(QStringLiteral("surat.pdf")), QStringLiteral("surat.pdf"));
    EXPECT_EQ(displayFileName(QStringLiteral("/etc/passwd")), QStringLiteral("passwd"));
    EXPECT_EQ(displayFileName(QStringLiteral("../../home/user/.bashrc")), QStringLiteral(".bashrc"));
    EXPECT_EQ(displayFileName(QStringLiteral("C:\\Windows\\System32\\evil.exe")), QStringLiteral("evil.exe"));
    EXPECT_EQ(displayFileName(QStringLiteral("a/b\\c.txt")), QStringLiteral("c.txt"));
}

TEST(PlainText, DisplayFileNameDropsControlAndBidiCharacters)
{
    // U+202E RIGHT-TO-LEFT OVERRIDE would make "surat\u202Efdp.exe" read as "suratexe.pdf".
    EXPECT_EQ(displayFileName(QStringLiteral("surat\u202Efdp.exe")), QStringLiteral("suratfdp.exe"));
    const QString bidi = QStringLiteral("a\u200Eb\u200Fc\u202Ad\u202Be\u202Cf\u202Dg\u2066h\u2067i\u2068j\u2069k");
    EXPECT_EQ(displayFileName(bidi), QStringLiteral("abcdefghijk"));
    QString controls = QStringLiteral("x");
    controls += QChar(0x01);
    controls += QChar(0x1b);
    controls += QChar(0x7f);
    controls += QChar(0x85);
    controls += QChar(0x9f);
    controls += QStringLiteral("\r\n\ty.pdf");
    EXPECT_EQ(displayFileName(controls), QStringLiteral("xy.pdf"));
    // Other non-ASCII text stays.
    EXPECT_EQ(displayFileName(QStringLiteral("laporan_é_日本.pdf")), QStringLiteral("laporan_é_日本.pdf"));
}

TEST(PlainText, DisplayFileNameOfNothingIsAttachment)
{
    EXPECT_EQ(displayFileName({}), QStringLiteral("attachment"));
    EXPECT_EQ(displayFileName(QStringLiteral("dir/")), QStringLiteral("attachment"));
    EXPECT_EQ(displayFileName(QStringLiteral("a\\")), QStringLiteral("attachment"));
    EXPECT_EQ(displayFileName(QString(QChar(0x202E))), QStringLiteral("attachment"));
}
