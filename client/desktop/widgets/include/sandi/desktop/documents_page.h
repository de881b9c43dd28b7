// SPDX-License-Identifier: GPL-3.0-or-later
// The Documents page: open a PDF (button or drag-and-drop) into a preview, sign it
// (PAdES B-B, invisibly or with a stamp drawn on the page) into a copy, and read every
// signature's verification as the auditor's report shows it, refreshed after opening and
// after signing; drop a folder (or choose one) to verify every PDF and .p7s in it with a
// progress bar and a table of verdicts.
//
// The dialogs only choose paths: each button's work is a public method (openFile, signTo,
// verifyFolder) that tests call directly. The signing key comes from the application's
// signer provider (it may ask for the key's passphrase); the trust inputs are plain values
// (the Session's anchors and CRLs in the application).
#pragma once

#include "sandi/desktop/bulk_verify_model.h"
#include "sandi/desktop/pdf_view.h"
#include "sandi/desktop/report_model.h"

#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QWidget>

#include <functional>
#include <vector>

namespace sandi::crypto {
class Signer;
}

namespace sandi::desktop {

// The official's signer, asked for when a document is signed: nullptr when the user
// cancelled (or has no signing key). The page does not own it; it is used at once, on the
// GUI thread, and not kept.
using DocumentSignerProvider = std::function<crypto::Signer*(QWidget* parent)>;

struct DocumentSignOptions {
    bool visible = false; // a stamp at the rectangle drawn on the preview (PdfView::stampPlacement)
    QString reason;
    QString location;
};

class DocumentsPage final : public QWidget {
    Q_OBJECT
  public:
    DocumentsPage(std::vector<crypto::Certificate> anchors, std::vector<crypto::Crl> crls, DocumentSignerProvider signer,
                  QWidget* parent = nullptr);
    ~DocumentsPage() override;

    // Shows the PDF and verifies it (the report panel fills when fileVerified is emitted).
    bool openFile(const QString& path);
    // Signs the open PDF into `output` (never the open file itself), then opens the signed copy.
    bool signTo(const QString& output, const DocumentSignOptions& options);
    // Verifies every PDF and .p7s under `path` (a folder, or one file) on a thread of its own.
    bool verifyFolder(const QString& path);
    bool verifyPaths(const QStringList& paths, const QString& base = {});

    [[nodiscard]] QString currentFile() const { return m_file; }
    // NAME-signed.pdf beside NAME.pdf.
    [[nodiscard]] static QString defaultSignedPath(const QString& input);
    // The sign form's choices (visible, reason, location).
    [[nodiscard]] DocumentSignOptions signOptions() const;

    [[nodiscard]] PdfView* pdfView() const noexcept { return m_view; }
    [[nodiscard]] ReportModel* reportModel() const noexcept { return m_report; }
    [[nodiscard]] BulkVerifier* bulkVerifier() const noexcept { return m_bulk; }
    [[nodiscard]] QString statusText() const { return m_status->text(); }

  signals:
    void fileVerified(const QString& path); // the report panel shows this file's verification
    void documentSigned(const QString& output);

  protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void chooseFile();
    void chooseFolder();
    void chooseSignOutput();
    void verifyCurrent();
    void showVerified(const BulkSummary& summary);
    void showBulkFinished(const BulkSummary& summary);
    void setStatus(const QString& text, bool problem);
    void spanFindings(const QModelIndex& parent);
    void updateSignControls();

    DocumentSignerProvider m_signerProvider;
    QString m_file;
    QString m_pendingVerify; // a file opened while the previous one was still being verified

    ReportModel* m_report;
    BulkVerifier* m_fileVerifier; // the open file, on a thread of its own
    BulkVerifier* m_bulk;

    QPushButton* m_openButton;
    QPushButton* m_folderButton;
    QLabel* m_fileLabel;
    QTabWidget* m_tabs;
    PdfView* m_view;
    QGroupBox* m_signBox;
    QRadioButton* m_invisible;
    QRadioButton* m_visible;
    QLineEdit* m_reason;
    QLineEdit* m_location;
    QPushButton* m_signButton;
    QLabel* m_status;
    QLabel* m_verdict;
    QTreeView* m_reportView;
    QLabel* m_reportDetail;
    QPushButton* m_bulkFolderButton;
    QPushButton* m_cancelButton;
    QProgressBar* m_progress;
    QLabel* m_bulkSummary;
    QTableView* m_bulkView;
};

} // namespace sandi::desktop
