// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/compose_dialog.h"

#include "sandi/desktop/plain_text.h"
#include "sandi/desktop/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sandi::desktop {

namespace {
constexpr qint64 kDaySeconds = qint64{24} * 60 * 60;

QStringList splitList(const QString& text)
{
    QStringList out;
    for (const auto& part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty()) out << part.trimmed();
    return out;
}
} // namespace

// ---- AttachmentList

AttachmentList::AttachmentList(QWidget* parent) : QListWidget(parent)
{
    setObjectName(QStringLiteral("attachments"));
    setAcceptDrops(true);
    setDragDropMode(QAbstractItemView::DropOnly);
    setAccessibleName(tr("Attached files"));
    setToolTip(tr("Drop files here to attach them."));
}

bool AttachmentList::addFile(const QString& path, QString* why)
{
    const QFileInfo info(path);
    QString reason;
    if (!info.isFile())
        reason = tr("%1 is not a file.").arg(path);
    else if (info.size() > kMaxAttachmentBytes)
        reason = tr("%1 is larger than %2.").arg(info.fileName(), QLocale().formattedDataSize(kMaxAttachmentBytes));
    else if (files().contains(info.absoluteFilePath()))
        reason = tr("%1 is already attached.").arg(info.fileName());
    else if (count() >= kMaxAttachments)
        reason = tr("At most %n files can be attached.", nullptr, kMaxAttachments);
    if (!reason.isEmpty()) {
        if (why) *why = reason;
        emit refused(reason);
        return false;
    }
    auto* item =
        new QListWidgetItem(tr("%1 (%2)").arg(info.fileName(), QLocale().formattedDataSize(info.size())), this);
    item->setData(Qt::UserRole, info.absoluteFilePath());
    item->setToolTip(toolTipText(info.absoluteFilePath()));
    emit filesChanged();
    return true;
}

QStringList AttachmentList::files() const
{
    QStringList out;
    for (int i = 0; i < count(); ++i)
        out << item(i)->data(Qt::UserRole).toString();
    return out;
}

void AttachmentList::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void AttachmentList::dragMoveEvent(QDragMoveEvent* event)
{
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void AttachmentList::dropEvent(QDropEvent* event)
{
    if (!event->mimeData()->hasUrls()) return;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) addFile(url.toLocalFile());
    event->acceptProposedAction();
}

// ---- ComposeDialog

ComposeDialog::ComposeDialog(const QVector<ContactView>& contacts, const QVector<GroupView>& groups,
                             const client::DeviceInfo& self, QWidget* parent)
    : QDialog(parent), m_contacts(contacts), m_recipients(new QListWidget(this)), m_group(new QComboBox(this)),
      m_kepada(new QLineEdit(this)), m_tembusan(new QLineEdit(this)), m_nomor(new QLineEdit(this)),
      m_dari(new QLineEdit(this)), m_tanggal(new QDateEdit(QDate::currentDate(), this)), m_sifat(new QComboBox(this)),
      m_classification(new QComboBox(this)), m_lampiran(new QLineEdit(this)), m_hal(new QLineEdit(this)),
      m_body(new QPlainTextEdit(this)), m_attachments(new AttachmentList(this)),
      m_addFile(new QPushButton(tr("&Add file…"), this)), m_removeFile(new QPushButton(tr("&Remove"), this)),
      m_addSignedPdf(new QPushButton(tr("Attach a &signed PDF…"), this)),
      m_sign(new QCheckBox(tr("Si&gn this memo with my signing certificate"), this)), m_expiry(new QComboBox(this)),
      m_error(new QLabel(this)), m_buttons(new QDialogButtonBox(this)), m_self(self)
{
    setObjectName(QStringLiteral("composeDialog"));
    setWindowTitle(tr("New memo"));
    setAcceptDrops(false);

    m_recipients->setObjectName(QStringLiteral("recipients"));
    m_recipients->setAccessibleName(tr("Recipients"));
    for (const auto& c : contacts) {
        if (c.nip == QString::fromStdString(self.identity.nip)) continue;
        auto* item = new QListWidgetItem(tr("%1 — %2, %3").arg(c.name, c.position, c.office), m_recipients);
        item->setData(Qt::UserRole, c.nip);
        item->setData(Qt::UserRole + 1, c.position.isEmpty() ? c.name : c.position);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        if (!c.reachable()) {
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
            item->setToolTip(tr("No device of this official has a valid certificate."));
        }
    }
    m_recipients->setMaximumHeight(140);
    m_group->setObjectName(QStringLiteral("group"));
    m_group->setAccessibleName(tr("Group"));
    m_group->addItem(tr("(no group: the officials checked above)"), QString());
    for (const auto& g : groups)
        m_group->addItem(g.name, g.name);

    struct Field {
        QWidget* w;
        const char* name;
        QString accessible;
    };
    for (const Field& f :
         {Field{m_kepada, "kepada", tr("To (as written on the memo)")}, Field{m_tembusan, "tembusan", tr("Copy to")},
          Field{m_nomor, "nomor", tr("Number")}, Field{m_dari, "dari", tr("From")},
          Field{m_tanggal, "tanggal", tr("Date")}, Field{m_sifat, "sifat", tr("Urgency")},
          Field{m_classification, "classification", tr("Classification")},
          Field{m_lampiran, "lampiran", tr("Attachments (as written on the memo)")}, Field{m_hal, "hal", tr("Subject")},
          Field{m_body, "body", tr("Text of the memo")}, Field{m_addFile, "addFile", tr("Add file")},
          Field{m_removeFile, "removeFile", tr("Remove file")},
          Field{m_addSignedPdf, "addSignedPdf", tr("Attach a signed PDF")}, Field{m_sign, "sign", tr("Sign this memo")},
          Field{m_expiry, "expiry", tr("Delete after")}}) {
        f.w->setObjectName(QString::fromLatin1(f.name));
        f.w->setAccessibleName(f.accessible);
    }
    m_tembusan->setPlaceholderText(tr("Separate several with ;"));
    m_kepada->setPlaceholderText(tr("Filled in from the recipients; separate several with ;"));
    m_dari->setText(self.position.isEmpty() ? self.name : self.position);
    m_body->setTabChangesFocus(true); // Tab moves on to the attachments; the text has no use for tab characters
    m_tanggal->setCalendarPopup(true);
    m_tanggal->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_sifat->addItem(tr("Ordinary"), static_cast<int>(e2e::Urgency::Biasa));
    m_sifat->addItem(tr("Urgent"), static_cast<int>(e2e::Urgency::Segera));
    m_sifat->addItem(tr("Very urgent"), static_cast<int>(e2e::Urgency::SangatSegera));
    m_classification->addItem(tr("Ordinary (B)"), static_cast<int>(e2e::Classification::Biasa));
    m_classification->addItem(tr("Restricted (T)"), static_cast<int>(e2e::Classification::Terbatas));
    m_classification->addItem(tr("Confidential (R)"), static_cast<int>(e2e::Classification::Rahasia));
    m_classification->addItem(tr("Secret (SR)"), static_cast<int>(e2e::Classification::SangatRahasia));
    m_expiry->addItem(tr("Never"), qint64{0});
    m_expiry->addItem(tr("1 day"), kDaySeconds);
    m_expiry->addItem(tr("7 days"), 7 * kDaySeconds);
    m_expiry->addItem(tr("30 days"), 30 * kDaySeconds);
    m_addSignedPdf->setEnabled(false);
    m_error->setObjectName(QStringLiteral("composeError"));
    m_error->setStyleSheet(toneStyle(Tone::Danger));
    m_error->setTextFormat(Qt::PlainText); // file names and client/core's errors: never markup
    m_error->setWordWrap(true);

    QPushButton* send = m_buttons->addButton(tr("&Send"), QDialogButtonBox::AcceptRole);
    send->setObjectName(QStringLiteral("send"));
    send->setAccessibleName(tr("Send the memo"));
    m_buttons->addButton(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel the memo"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ComposeDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(m_recipients, &QListWidget::itemChanged, this, &ComposeDialog::updateKepada);
    connect(m_group, &QComboBox::currentIndexChanged, this, &ComposeDialog::updateKepada);
    connect(m_kepada, &QLineEdit::textEdited, this, [this] { m_kepadaEdited = true; });
    connect(m_lampiran, &QLineEdit::textEdited, this, [this] { m_lampiranEdited = true; });
    connect(m_attachments, &AttachmentList::filesChanged, this, &ComposeDialog::updateLampiran);
    connect(m_attachments, &AttachmentList::refused, m_error, &QLabel::setText);
    connect(m_addFile, &QPushButton::clicked, this, [this] {
        for (const QString& f : QFileDialog::getOpenFileNames(this, tr("Attach files")))
            m_attachments->addFile(f);
    });
    connect(m_removeFile, &QPushButton::clicked, this, [this] {
        delete m_attachments->currentItem();
        updateLampiran();
    });
    connect(m_addSignedPdf, &QPushButton::clicked, this, [this] {
        const QString pdf =
            QFileDialog::getOpenFileName(this, tr("Sign and attach a PDF"), {}, tr("PDF documents (*.pdf)"));
        if (!pdf.isEmpty()) attachSignedPdf(pdf);
    });

    auto* form = new QFormLayout;
    form->addRow(tr("&Recipients:"), m_recipients);
    form->addRow(tr("or &group:"), m_group);
    form->addRow(tr("&To:"), m_kepada);
    form->addRow(tr("&Copy to:"), m_tembusan);
    form->addRow(tr("&Number:"), m_nomor);
    form->addRow(tr("&From:"), m_dari);
    form->addRow(tr("&Date:"), m_tanggal);
    form->addRow(tr("&Urgency:"), m_sifat);
    form->addRow(tr("C&lassification:"), m_classification);
    form->addRow(tr("Attach&ments:"), m_lampiran);
    form->addRow(tr("Su&bject:"), m_hal);
    auto* files = new QHBoxLayout;
    files->addWidget(m_attachments, 1);
    auto* fileButtons = new QVBoxLayout;
    fileButtons->addWidget(m_addFile);
    fileButtons->addWidget(m_addSignedPdf);
    fileButtons->addWidget(m_removeFile);
    fileButtons->addStretch();
    files->addLayout(fileButtons);
    auto* options = new QHBoxLayout;
    options->addWidget(m_sign);
    options->addStretch();
    auto* expiryLabel = new QLabel(tr("D&elete after:"), this);
    expiryLabel->setBuddy(m_expiry);
    options->addWidget(expiryLabel);
    options->addWidget(m_expiry);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    auto* bodyLabel = new QLabel(tr("Te&xt:"), this);
    bodyLabel->setBuddy(m_body);
    layout->addWidget(bodyLabel);
    layout->addWidget(m_body, 1);
    layout->addLayout(files);
    layout->addLayout(options);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    resize(720, 820);

    // Tab order follows the form from top to bottom.
    QWidget* order[] = {m_recipients,  m_group,   m_kepada,         m_tembusan,   m_nomor, m_dari,
                        m_tanggal,     m_sifat,   m_classification, m_lampiran,   m_hal,   m_body,
                        m_attachments, m_addFile, m_addSignedPdf,   m_removeFile, m_sign,  m_expiry};
    for (std::size_t i = 1; i < std::size(order); ++i)
        setTabOrder(order[i - 1], order[i]);
    updateLampiran();
}

void ComposeDialog::setPdfSigner(PdfSigner signer)
{
    m_pdfSigner = std::move(signer);
    m_addSignedPdf->setEnabled(static_cast<bool>(m_pdfSigner));
}

void ComposeDialog::setConversation(const QString& key)
{
    if (key.startsWith(QStringLiteral("group:"))) {
        const int i = m_group->findData(key.mid(6));
        if (i >= 0) m_group->setCurrentIndex(i);
        return;
    }
    for (int i = 0; i < m_recipients->count(); ++i) {
        QListWidgetItem* item = m_recipients->item(i);
        if (QStringLiteral("nip:") + item->data(Qt::UserRole).toString() == key && (item->flags() & Qt::ItemIsEnabled))
            item->setCheckState(Qt::Checked);
    }
}

void ComposeDialog::attachSignedPdf(const QString& pdf)
{
    if (!m_pdfSigner) return;
    if (auto signedCopy = m_pdfSigner(this, pdf)) m_attachments->addFile(*signedCopy);
}

void ComposeDialog::updateKepada()
{
    if (m_kepadaEdited) return;
    QStringList to;
    if (!m_group->currentData().toString().isEmpty()) {
        to << m_group->currentText();
    } else {
        for (int i = 0; i < m_recipients->count(); ++i)
            if (m_recipients->item(i)->checkState() == Qt::Checked)
                to << m_recipients->item(i)->data(Qt::UserRole + 1).toString();
    }
    m_kepada->setText(to.join(QStringLiteral("; ")));
}

void ComposeDialog::updateLampiran()
{
    m_removeFile->setEnabled(m_attachments->count() > 0);
    if (m_lampiranEdited) return;
    const int n = m_attachments->count();
    m_lampiran->setText(n == 0 ? QStringLiteral("-") : tr("%n file(s)", nullptr, n));
}

QString ComposeDialog::problem() const
{
    const Draft d = draft();
    if (d.toNips.isEmpty() && d.group.isEmpty()) return tr("Choose at least one recipient or a group.");
    if (d.memo.hal.trimmed().isEmpty()) return tr("The memo needs a subject.");
    if (d.memo.body.trimmed().isEmpty()) return tr("The memo has no text.");
    for (const auto& f : d.attachments)
        if (!QFileInfo(QString::fromStdString(f.string())).isFile())
            return tr("%1 can no longer be read.").arg(QString::fromStdString(f.string()));
    return {};
}

void ComposeDialog::accept()
{
    const QString why = problem();
    if (!why.isEmpty()) {
        m_error->setText(why);
        return;
    }
    QDialog::accept();
}

bool ComposeDialog::signatureWanted() const
{
    return m_sign->isChecked();
}

Draft ComposeDialog::draft() const
{
    Draft d;
    d.group = m_group->currentData().toString();
    if (d.group.isEmpty())
        for (int i = 0; i < m_recipients->count(); ++i)
            if (m_recipients->item(i)->checkState() == Qt::Checked)
                d.toNips << m_recipients->item(i)->data(Qt::UserRole).toString();
    MemoFields& m = d.memo;
    m.kepada = splitList(m_kepada->text());
    m.tembusan = splitList(m_tembusan->text());
    m.nomor = m_nomor->text().trimmed();
    m.dari = m_dari->text().trimmed();
    m.tanggal = m_tanggal->date().toString(Qt::ISODate);
    m.sifat = static_cast<e2e::Urgency>(m_sifat->currentData().toInt());
    m.classification = static_cast<e2e::Classification>(m_classification->currentData().toInt());
    m.lampiran = m_lampiran->text().trimmed();
    m.hal = m_hal->text();
    m.body = m_body->toPlainText();
    m.signerName = m_self.name;
    m.signerPosition = m_self.position;
    m.signerNip = QString::fromStdString(m_self.identity.nip);
    if (const qint64 secs = m_expiry->currentData().toLongLong(); secs > 0)
        m.expiresAt = QDateTime::currentSecsSinceEpoch() + secs;
    for (const QString& f : m_attachments->files())
        d.attachments.emplace_back(f.toStdString());
    d.signedDraft = m_sign->isChecked();
    return d;
}

} // namespace sandi::desktop
