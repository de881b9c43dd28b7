// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/documents_page.h"

#include "sandi/desktop/plain_text.h"
#include "sandi/desktop/theme.h"

#include "sandi/client/documents.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMimeData>
#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>

#include <chrono>

namespace sandi::desktop {

namespace {

constexpr int kBulkPathColumnWidth = 360;    // pixels; the user can widen it
constexpr int kReportTitleColumnWidth = 240; // pixels: "Modifications after signing" and the like

QStringList localPaths(const QMimeData* mime)
{
    QStringList paths;
    if (mime == nullptr || !mime->hasUrls()) return paths;
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile()) return {};
        paths.push_back(url.toLocalFile());
    }
    return paths;
}

struct ButtonText {
    QString objectName;
    QString text;
    QString accessible; // the accessible name and tool tip
};

QPushButton* button(QWidget* parent, const ButtonText& t)
{
    auto* b = new QPushButton(t.text, parent);
    b->setObjectName(t.objectName);
    b->setAccessibleName(t.accessible);
    b->setToolTip(t.accessible);
    return b;
}

} // namespace

DocumentsPage::DocumentsPage(std::vector<crypto::Certificate> anchors, std::vector<crypto::Crl> crls,
                             DocumentSignerProvider signer, QWidget* parent)
    : QWidget(parent), m_signerProvider(std::move(signer)), m_report(new ReportModel(this)),
      m_fileVerifier(new BulkVerifier(anchors, crls, this)),
      m_bulk(new BulkVerifier(std::move(anchors), std::move(crls), this)),
      m_openButton(button(this, {QStringLiteral("documentsOpen"), tr("&Open PDF…"), tr("Open a PDF")})),
      m_folderButton(button(this, {QStringLiteral("documentsVerifyFolder"), tr("Verify &folder…"),
                                   tr("Verify every PDF and .p7s file in a folder")})),
      m_fileLabel(new QLabel(this)), m_tabs(new QTabWidget(this)), m_view(new PdfView(this)),
      m_signBox(new QGroupBox(tr("Sign this document"), this)), m_invisible(new QRadioButton(tr("&Invisible"), this)),
      m_visible(new QRadioButton(tr("&Visible stamp"), this)), m_reason(new QLineEdit(this)),
      m_location(new QLineEdit(this)),
      m_signButton(button(this, {QStringLiteral("documentsSign"), tr("&Sign…"), tr("Sign the document into a copy")})),
      m_status(new QLabel(this)), m_verdict(new QLabel(this)), m_reportView(new QTreeView(this)),
      m_reportDetail(new QLabel(this)),
      m_bulkFolderButton(button(
          this, {QStringLiteral("documentsBulkChooseFolder"), tr("Choose folder…"), tr("Choose a folder to verify")})),
      m_cancelButton(
          button(this, {QStringLiteral("documentsBulkCancel"), tr("&Cancel"), tr("Stop verifying the folder")})),
      m_progress(new QProgressBar(this)), m_bulkSummary(new QLabel(this)), m_bulkView(new QTableView(this))
{
    setAcceptDrops(true);
    setObjectName(QStringLiteral("documentsPage"));
    m_fileVerifier->setObjectName(QStringLiteral("documentsFileVerifier"));
    m_bulk->setObjectName(QStringLiteral("documentsBulkVerifier"));

    m_fileLabel->setObjectName(QStringLiteral("documentsFileName"));
    m_fileLabel->setAccessibleName(tr("Open document"));
    m_fileLabel->setTextFormat(Qt::PlainText); // a file name: never markup
    m_fileLabel->setText(tr("Open a PDF, or drop a PDF or a folder here."));
    m_fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tabs->setObjectName(QStringLiteral("documentsTabs"));
    m_tabs->setAccessibleName(tr("Document or folder"));

    // The document tab: the preview beside the sign form and the report.
    m_invisible->setObjectName(QStringLiteral("documentsSignInvisible"));
    m_invisible->setAccessibleName(tr("Invisible signature"));
    m_visible->setObjectName(QStringLiteral("documentsSignVisible"));
    m_visible->setAccessibleName(tr("Visible signature stamp"));
    m_invisible->setChecked(true);
    m_reason->setObjectName(QStringLiteral("documentsReason"));
    m_reason->setAccessibleName(tr("Reason for signing"));
    m_reason->setPlaceholderText(tr("e.g. Approved"));
    m_location->setObjectName(QStringLiteral("documentsLocation"));
    m_location->setAccessibleName(tr("Place of signing"));
    m_location->setPlaceholderText(tr("e.g. Baubau"));
    m_status->setObjectName(QStringLiteral("documentsStatus"));
    m_status->setAccessibleName(tr("Signing status"));
    m_status->setTextFormat(Qt::PlainText); // file names and client/core's errors (with DNs)
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdict->setObjectName(QStringLiteral("documentsVerdict"));
    m_verdict->setAccessibleName(tr("Verification verdict"));
    m_verdict->setTextFormat(Qt::PlainText);
    QFont big = m_verdict->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.3);
    m_verdict->setFont(big);
    m_reportView->setObjectName(QStringLiteral("documentsReport"));
    m_reportView->setAccessibleName(tr("Verification report"));
    m_reportView->setModel(m_report);
    m_reportView->setUniformRowHeights(true);
    m_reportView->setAlternatingRowColors(true);
    m_reportView->header()->setSectionResizeMode(ReportModel::TitleColumn, QHeaderView::Interactive);
    m_reportView->header()->resizeSection(ReportModel::TitleColumn, kReportTitleColumnWidth);
    m_reportView->header()->setStretchLastSection(true);
    m_reportDetail->setObjectName(QStringLiteral("documentsReportDetail"));
    m_reportDetail->setAccessibleName(tr("The selected finding"));
    m_reportDetail->setTextFormat(Qt::PlainText); // findings' texts and DNs from the PDF
    m_reportDetail->setWordWrap(true);
    m_reportDetail->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* mode = new QHBoxLayout;
    mode->addWidget(m_invisible);
    mode->addWidget(m_visible);
    mode->addStretch(1);
    auto* form = new QFormLayout(m_signBox);
    form->addRow(tr("Appearance:"), mode);
    form->addRow(tr("&Reason:"), m_reason);
    form->addRow(tr("&Location:"), m_location);
    form->addRow(m_signButton);
    form->addRow(m_status);
    if (auto* l = qobject_cast<QLabel*>(form->labelForField(m_reason))) l->setBuddy(m_reason);
    if (auto* l = qobject_cast<QLabel*>(form->labelForField(m_location))) l->setBuddy(m_location);

    auto* side = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_signBox);
    sideLayout->addWidget(m_verdict);
    sideLayout->addWidget(m_reportView, 1);
    sideLayout->addWidget(m_reportDetail);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_view);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 5);
    splitter->setStretchFactor(1, 4);
    m_tabs->addTab(splitter, tr("Document"));

    // The folder tab.
    m_progress->setObjectName(QStringLiteral("documentsBulkProgress"));
    m_progress->setAccessibleName(tr("Files verified"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v of %m files"));
    m_bulkSummary->setObjectName(QStringLiteral("documentsBulkSummary"));
    m_bulkSummary->setTextFormat(Qt::PlainText);
    m_bulkSummary->setWordWrap(true);
    m_bulkView->setObjectName(QStringLiteral("documentsBulkTable"));
    m_bulkView->setAccessibleName(tr("Verified files"));
    m_bulkView->setModel(m_bulk->model());
    m_bulkView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_bulkView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_bulkView->setWordWrap(false);
    m_bulkView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_bulkView->horizontalHeader()->setStretchLastSection(true); // the first problem
    m_bulkView->horizontalHeader()->resizeSection(BulkVerifyModel::PathColumn, kBulkPathColumnWidth);
    m_bulkView->verticalHeader()->hide();
    m_cancelButton->setEnabled(false);
    auto* bulkBar = new QHBoxLayout;
    bulkBar->addWidget(m_bulkFolderButton);
    bulkBar->addWidget(m_progress, 1);
    bulkBar->addWidget(m_cancelButton);
    auto* bulkTab = new QWidget(this);
    auto* bulkLayout = new QVBoxLayout(bulkTab);
    bulkLayout->addLayout(bulkBar);
    bulkLayout->addWidget(m_bulkSummary);
    bulkLayout->addWidget(m_bulkView, 1);
    m_tabs->addTab(bulkTab, tr("Folder verification"));

    auto* top = new QHBoxLayout;
    top->addWidget(m_openButton);
    top->addWidget(m_folderButton);
    top->addWidget(m_fileLabel, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_tabs, 1);

    connect(m_openButton, &QPushButton::clicked, this, &DocumentsPage::chooseFile);
    connect(m_folderButton, &QPushButton::clicked, this, &DocumentsPage::chooseFolder);
    connect(m_bulkFolderButton, &QPushButton::clicked, this, &DocumentsPage::chooseFolder);
    connect(m_signButton, &QPushButton::clicked, this, &DocumentsPage::chooseSignOutput);
    connect(m_cancelButton, &QPushButton::clicked, m_bulk, &BulkVerifier::cancel);
    connect(m_visible, &QRadioButton::toggled, this, [this](bool visible) {
        if (visible && !m_view->stampPlacement()) m_view->setPlacingStamp(true);
        updateSignControls();
    });
    connect(m_view, &PdfView::stampPlacementChanged, this, [this] {
        if (m_view->stampPlacement()) m_visible->setChecked(true);
        updateSignControls();
    });
    connect(m_report, &QAbstractItemModel::modelReset, this, [this] {
        spanFindings({});
        m_reportView->expandAll();
        m_reportDetail->clear();
    });
    connect(m_reportView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                m_reportDetail->setText(current.data(Qt::AccessibleTextRole).toString());
            });
    connect(m_fileVerifier, &BulkVerifier::finished, this, &DocumentsPage::showVerified);
    connect(m_bulk, &BulkVerifier::started, this, [this](int total) {
        m_progress->setRange(0, std::max(total, 1));
        m_progress->setValue(0);
        m_bulkSummary->setText(total == 0 ? tr("No PDF or .p7s file was found.")
                                          : tr("Verifying %n file(s)…", "", total));
    });
    connect(m_bulk, &BulkVerifier::progress, this, [this](int done, int) { m_progress->setValue(done); });
    connect(m_bulk, &BulkVerifier::finished, this, &DocumentsPage::showBulkFinished);
    connect(m_bulkView, &QTableView::activated, this, [this](const QModelIndex& index) {
        const QString path = index.data(BulkVerifyModel::PathRole).toString();
        if (!path.isEmpty() && !path.endsWith(u".p7s", Qt::CaseInsensitive) && openFile(path))
            m_tabs->setCurrentIndex(0);
    });

    setTabOrder(m_openButton, m_folderButton);
    setTabOrder(m_folderButton, m_tabs);
    updateSignControls();
}

DocumentsPage::~DocumentsPage() = default;

QString DocumentsPage::defaultSignedPath(const QString& input)
{
    const QFileInfo info(input);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral("-signed.pdf"));
}

DocumentSignOptions DocumentsPage::signOptions() const
{
    DocumentSignOptions o;
    o.visible = m_visible->isChecked();
    o.reason = m_reason->text().trimmed();
    o.location = m_location->text().trimmed();
    return o;
}

bool DocumentsPage::openFile(const QString& path)
{
    if (!m_view->load(path)) {
        setStatus(tr("%1: %2").arg(QFileInfo(path).fileName(), m_view->errorText()), true);
        return false;
    }
    m_file = path;
    m_fileLabel->setText(QFileInfo(path).fileName());
    m_fileLabel->setToolTip(toolTipText(path));
    m_tabs->setCurrentIndex(0);
    m_invisible->setChecked(true);
    m_report->clear();
    verifyCurrent();
    updateSignControls();
    return true;
}

void DocumentsPage::verifyCurrent()
{
    m_verdict->setText(tr("Verifying…"));
    m_verdict->setStyleSheet({});
    if (m_fileVerifier->running()) {
        m_pendingVerify = m_file; // started when the current run ends
        m_fileVerifier->cancel();
        return;
    }
    m_pendingVerify.clear();
    m_fileVerifier->start({m_file});
}

void DocumentsPage::showVerified(const BulkSummary&)
{
    if (!m_pendingVerify.isEmpty()) {
        const QString next = m_pendingVerify;
        m_pendingVerify.clear();
        m_fileVerifier->start({next});
        return;
    }
    const client::FileReport* report = m_fileVerifier->model()->report(0);
    if (report == nullptr || QString::fromStdString(report->path) != m_file) return;
    m_report->setReport(*report);
    m_verdict->setText(
        report->signatures.empty() && report->readable()
            ? tr("Not signed")
            : tr("%1 — %n signature(s)", "", static_cast<int>(report->signatures.size())).arg(m_report->verdictText()));
    m_verdict->setStyleSheet(
        toneStyle(report->readable() ? indicationTone(report->indication().indication) : Tone::Danger));
    m_verdict->setAccessibleDescription(m_verdict->text());
    emit fileVerified(m_file);
}

bool DocumentsPage::signTo(const QString& output, const DocumentSignOptions& options)
{
    if (m_file.isEmpty()) {
        setStatus(tr("Open a PDF first."), true);
        return false;
    }
    if (output.isEmpty()) {
        setStatus(tr("Choose where to save the signed copy."), true);
        return false;
    }
    const QFileInfo in(m_file), out(output);
    if (in.absoluteFilePath() == out.absoluteFilePath() ||
        (out.exists() && in.canonicalFilePath() == out.canonicalFilePath())) {
        setStatus(tr("The signed copy must be a new file: the original is kept as it is."), true);
        return false;
    }
    const std::optional<crypto::StampPlacement> stamp = m_view->stampPlacement();
    if (options.visible && !stamp) {
        setStatus(tr("Draw the stamp's rectangle on the page first (or choose Default stamp position)."), true);
        m_view->setPlacingStamp(true);
        return false;
    }
    crypto::Signer* signer = m_signerProvider ? m_signerProvider(this) : nullptr;
    if (signer == nullptr) {
        setStatus(tr("Not signed: no signing key was opened."), true);
        return false;
    }

    client::SignRequest request;
    request.input = m_file.toStdString();
    request.output = output.toStdString();
    request.form = client::SignatureForm::Pades;
    request.level = crypto::PadesLevel::BB;
    request.signingTime = std::chrono::system_clock::now();
    request.reason = options.reason.toStdString();
    request.location = options.location.toStdString();
    if (options.visible) request.visible = stamp;
    // B-B with a key in memory takes milliseconds; a slow token would hold the window.
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const Result<client::SignOutcome> outcome = client::signDocument(request, *signer);
    QApplication::restoreOverrideCursor();
    if (!outcome) {
        setStatus(tr("Not signed: %1").arg(QString::fromStdString(outcome.error().message)), true);
        return false;
    }
    setStatus(outcome->visibleStamp ? tr("Signed with a visible stamp into %1.").arg(out.fileName())
                                    : tr("Signed into %1.").arg(out.fileName()),
              false);
    emit documentSigned(output);
    openFile(output);
    return true;
}

bool DocumentsPage::verifyFolder(const QString& path)
{
    return verifyPaths({path}, QFileInfo(path).isDir() ? path : QString());
}

bool DocumentsPage::verifyPaths(const QStringList& paths, const QString& base)
{
    m_tabs->setCurrentIndex(1);
    if (!m_bulk->start(paths, base)) {
        m_bulkSummary->setText(tr("A folder is being verified; cancel it first."));
        return false;
    }
    m_cancelButton->setEnabled(true);
    m_folderButton->setEnabled(false);
    m_bulkFolderButton->setEnabled(false);
    m_progress->setRange(0, 0); // searching the folder
    m_bulkSummary->setText(tr("Looking for PDF and .p7s files…"));
    return true;
}

void DocumentsPage::showBulkFinished(const BulkSummary& s)
{
    m_cancelButton->setEnabled(false);
    m_folderButton->setEnabled(true);
    m_bulkFolderButton->setEnabled(true);
    m_progress->setRange(0, std::max(s.files, 1));
    m_progress->setValue(s.verified);
    QString text =
        tr("%n file(s): ", "", s.files) +
        tr("%1 valid, %2 not valid (%3 failed, %4 undecided), %5 unreadable; %n signature(s).", "", s.signatures)
            .arg(s.valid)
            .arg(s.notValid)
            .arg(s.failed)
            .arg(s.indeterminate)
            .arg(s.unreadable);
    if (s.cancelled) text += u' ' + tr("Cancelled after %n file(s).", "", s.verified);
    m_bulkSummary->setText(text);
}

void DocumentsPage::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a PDF"), QFileInfo(m_file).absolutePath(),
                                                      tr("PDF documents (*.pdf)"));
    if (!path.isEmpty()) openFile(path);
}

void DocumentsPage::chooseFolder()
{
    const QString path = QFileDialog::getExistingDirectory(this, tr("Verify a folder"));
    if (!path.isEmpty()) verifyFolder(path);
}

void DocumentsPage::chooseSignOutput()
{
    if (m_file.isEmpty()) {
        setStatus(tr("Open a PDF first."), true);
        return;
    }
    const DocumentSignOptions options = signOptions();
    if (options.visible && !m_view->stampPlacement()) {
        signTo(defaultSignedPath(m_file), options); // says what is missing
        return;
    }
    const QString output = QFileDialog::getSaveFileName(this, tr("Save the signed copy"), defaultSignedPath(m_file),
                                                        tr("PDF documents (*.pdf)"));
    if (!output.isEmpty()) signTo(output, options);
}

// A finding's text is a sentence: its row spans both columns (its code is in the tool tip
// and below the tree when selected).
void DocumentsPage::spanFindings(const QModelIndex& parent)
{
    for (int row = 0; row < m_report->rowCount(parent); ++row) {
        const QModelIndex i = m_report->index(row, 0, parent);
        const auto kind = static_cast<ReportModel::RowKind>(i.data(ReportModel::RowKindRole).toInt());
        m_reportView->setFirstColumnSpanned(row, parent, kind == ReportModel::RowKind::Finding);
        spanFindings(i);
    }
}

void DocumentsPage::setStatus(const QString& text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? toneStyle(Tone::Danger) : QString());
}

void DocumentsPage::updateSignControls()
{
    const bool open = !m_file.isEmpty();
    m_signBox->setEnabled(open);
    m_signButton->setText(m_visible->isChecked() ? tr("&Sign with stamp…") : tr("&Sign…"));
}

void DocumentsPage::dragEnterEvent(QDragEnterEvent* event)
{
    if (!localPaths(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void DocumentsPage::dropEvent(QDropEvent* event)
{
    const QStringList paths = localPaths(event->mimeData());
    if (paths.isEmpty()) return;
    event->acceptProposedAction();
    if (paths.size() == 1 && QFileInfo(paths[0]).isFile() && !paths[0].endsWith(u".p7s", Qt::CaseInsensitive))
        openFile(paths[0]);
    else if (paths.size() == 1)
        verifyFolder(paths[0]);
    else
        verifyPaths(paths);
}

} // namespace sandi::desktop
