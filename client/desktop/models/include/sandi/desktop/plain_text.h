// SPDX-License-Identifier: GPL-3.0-or-later
// Outside input (memo subjects, names from the relay's directory or certificates, DNs,
// finding texts from PDFs, file names) shown by Qt without ever being read as markup.
#pragma once

#include <QCoreApplication>
#include <QFileInfo>
#include <QString>

namespace sandi::desktop {

// A tooltip showing `plain` literally: QToolTip renders a text as rich text when
// Qt::mightBeRichText() says so, so the text is forced into rich-text mode with everything
// escaped ("<b>" shows as "<b>"); newlines become line breaks.
[[nodiscard]] inline QString toolTipText(const QString& plain)
{
    QString escaped = plain.toHtmlEscaped();
    escaped.replace(QLatin1Char('\n'), QLatin1String("<br>"));
    return QLatin1String("<p>") + escaped + QLatin1String("</p>");
}

// A file name from outside (an attachment's, a dropped or chosen file's) fit to show: the
// last path component only ('/' and '\\' both separate), without control characters (C0,
// DEL, C1) or Unicode bidirectional controls (which can make "exe.pdf" read as
// "fdp.exe"); "attachment" if nothing is left.
[[nodiscard]] inline QString displayFileName(const QString& name)
{
    QString last = QFileInfo(name).fileName();
    if (const qsizetype slash = last.lastIndexOf(QLatin1Char('\\')); slash >= 0) last = last.mid(slash + 1);
    QString out;
    out.reserve(last.size());
    for (const QChar c : last) {
        const char16_t u = c.unicode();
        const bool control = u < 0x20 || (u >= 0x7f && u <= 0x9f);
        const bool bidi = u == 0x200e || u == 0x200f || (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069);
        if (!control && !bidi) out.append(c);
    }
    if (out.isEmpty()) return QCoreApplication::translate("sandi::desktop::PlainText", "attachment");
    return out;
}

} // namespace sandi::desktop
