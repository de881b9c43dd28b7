// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/memo_card.h"

#include "sandi/desktop/theme.h"

#include "sandi/desktop/memo_list_model.h"
#include "sandi/desktop/plain_text.h"

#include <QEvent>
#include <QLocale>
#include <QUrl>

namespace sandi::desktop {

namespace {

constexpr char kAttachmentScheme[] = "sandi-attachment";

QString esc(const QString& s)
{
    return s.toHtmlEscaped();
}

QString multiline(const QString& s)
{
    return esc(s).replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

QString row(const QString& label, const QString& value)
{
    return QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>:</td><td>%2</td></tr>")
        .arg(esc(label), value);
}

QString humanSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes);
}

} // namespace

MemoCard::MemoCard(QWidget* parent) : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("memoCard"));
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setAccessibleName(tr("Memo"));
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() != QLatin1String(kAttachmentScheme) || m_id.isEmpty()) return;
        bool ok = false;
        const int index = url.path().toInt(&ok);
        if (ok) emit attachmentRequested(m_id, index);
    });
    clearMemo();
}

QVariant MemoCard::loadResource(int, const QUrl&)
{
    return {};
}

void MemoCard::changeEvent(QEvent* event)
{
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::PaletteChange) {
        if (m_memo)
            setHtml(html(*m_memo));
        else
            clearMemo();
    }
}

void MemoCard::clearMemo()
{
    m_id.clear();
    m_memo.reset();
    setHtml(QStringLiteral("<p style='color:%1'>%2</p>")
                .arg(toneColour(Tone::Muted).name(), esc(tr("Choose a memo to read it."))));
}

void MemoCard::showMemo(const MemoView& memo)
{
    m_id = memo.id;
    m_memo = memo;
    setHtml(html(memo));
    setAccessibleDescription(tr("%1 memo: %2").arg(classificationName(memo.classification), memo.hal));
}

QString MemoCard::html(const MemoView& m)
{
    const bool red = m.confidential();
    const QString colour = toneColour(Tone::Danger).name(); // R and SR
    QString out;
    out +=
        QStringLiteral("<table width='100%'><tr><td><span style='font-size:22pt; font-weight:bold; color:%1'>%2</span>"
                       "<br><span style='color:%1'>%3</span></td>")
            .arg(red ? colour : toneColour(Tone::Accent).name(), esc(m.classification),
                 esc(classificationName(m.classification)));
    QString urgency = esc(urgencyName(m.urgency));
    if (m.urgency != u"biasa" && !m.urgency.isEmpty())
        urgency = QStringLiteral("<b style='color:%1'>%2</b>").arg(toneColour(Tone::Warning).name(), urgency);
    out += QStringLiteral("<td align='right'>%1</td></tr></table>").arg(urgency);
    out += QStringLiteral("<h2 align='center'>%1</h2>").arg(esc(tr("MEMORANDUM (NOTA DINAS)")));
    out += QStringLiteral("<table>");
    out += row(tr("Number"), esc(m.nomor));
    out += row(tr("To"), multiline(m.kepada.join(QLatin1Char('\n'))));
    out += row(tr("From"), esc(m.dari));
    if (!m.tembusan.isEmpty()) out += row(tr("Copy to"), multiline(m.tembusan.join(QLatin1Char('\n'))));
    out += row(tr("Date"), esc(m.tanggal));
    out += row(tr("Urgency"), urgency);
    out += row(tr("Attachments"), esc(m.lampiran.isEmpty() ? QString::number(m.attachments.size()) : m.lampiran));
    out += row(tr("Subject"), QStringLiteral("<b>%1</b>").arg(esc(m.hal)));
    out += QStringLiteral("</table><hr>");
    out += QStringLiteral("<p>%1</p>").arg(multiline(m.body));
    out += QStringLiteral("<hr><table width='100%'><tr><td></td><td align='left' "
                          "width='50%'>%1<br><br><b>%2</b><br>%3</td></tr></table>")
               .arg(esc(m.signerPosition), esc(m.signerName),
                    m.signerNip.isEmpty() ? QString() : esc(tr("NIP %1").arg(m.signerNip)));
    QString verdict;
    if (!m.signedMemo)
        verdict = tr("Not signed.");
    else if (m.verdict == u"valid")
        verdict = tr("Signed; the signature is valid.");
    else
        verdict = tr("Signed, but the signature is NOT valid: %1").arg(m.verdict);
    out += QStringLiteral("<p style='color:%1'>%2</p>")
               .arg(m.signedMemo && m.verdict != u"valid" ? colour : toneColour(Tone::Muted).name(), esc(verdict));
    if (!m.attachments.empty()) {
        out += QStringLiteral("<p><b>%1</b></p><ul>").arg(esc(tr("Attached files")));
        for (const auto& a : m.attachments)
            out += QStringLiteral("<li><a href='%1:%2'>%3</a> (%4)</li>")
                       .arg(QLatin1String(kAttachmentScheme))
                       .arg(a.index)
                       .arg(esc(displayFileName(a.name)), esc(humanSize(a.size)));
        out += QStringLiteral("</ul>");
    }
    QString meta;
    if (m.incoming)
        meta = tr("Received %1").arg(QLocale().toString(m.received, QLocale::LongFormat));
    else
        meta =
            tr("%1 · composed %2").arg(deliveryStateName(m.state), QLocale().toString(m.received, QLocale::LongFormat));
    if (m.expires)
        meta +=
            QStringLiteral(" · ") + tr("deleted after %1").arg(QLocale().toString(*m.expires, QLocale::ShortFormat));
    out += QStringLiteral("<p style='color:%1'>%2</p>").arg(toneColour(Tone::Muted).name(), esc(meta));
    if (red)
        out += QStringLiteral("<p align='center' style='color:%1; font-weight:bold'>%2</p>")
                   .arg(colour, esc(classificationName(m.classification)));
    return out;
}

} // namespace sandi::desktop
