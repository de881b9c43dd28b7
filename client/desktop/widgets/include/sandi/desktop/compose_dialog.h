// SPDX-License-Identifier: GPL-3.0-or-later
// Composing a memo: every nota dinas field, the classification, the recipients (officials
// or a group), attachments (a list that takes dropped files), an optional signature and
// an optional expiry. The dialog only makes the Draft; the page sends it (offline it
// waits in the Session and goes out on reconnect).
#pragma once

#include "sandi/desktop/session.h"

#include <QDialog>
#include <QListWidget>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace sandi::desktop {

inline constexpr qint64 kMaxAttachmentBytes = qint64{512} * 1024 * 1024; // as the relay's default blob limit
inline constexpr int kMaxAttachments = 20;

// A list of files that accepts files dropped from the file manager.
class AttachmentList final : public QListWidget {
    Q_OBJECT
  public:
    explicit AttachmentList(QWidget* parent = nullptr);
    // Adds a file (refused: not a regular file, too large, already listed, too many).
    bool addFile(const QString& path, QString* why = nullptr);
    [[nodiscard]] QStringList files() const;

  signals:
    void refused(const QString& why);
    void filesChanged();

  protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
};

class ComposeDialog final : public QDialog {
    Q_OBJECT
  public:
    // Signs a chosen PDF for attaching (returns the signed copy), or nothing if the user
    // cancelled or it failed (it says why itself).
    using PdfSigner = std::function<std::optional<QString>(QWidget* parent, const QString& pdf)>;

    ComposeDialog(const QVector<ContactView>& contacts, const QVector<GroupView>& groups,
                  const client::DeviceInfo& self, QWidget* parent = nullptr);

    void setPdfSigner(PdfSigner signer);
    // Preselects a conversation ("nip:…" or "group:…").
    void setConversation(const QString& key);
    // The memo as composed (the caller adds the signer when signatureWanted()).
    [[nodiscard]] Draft draft() const;
    [[nodiscard]] bool signatureWanted() const;
    // Checks what a send needs; "" when it can be sent.
    [[nodiscard]] QString problem() const;

    // The widgets, for keyboard users' tab order and for tests.
    [[nodiscard]] AttachmentList* attachments() const noexcept { return m_attachments; }
    // Asks for a PDF, signs it through the PdfSigner and attaches the signed copy.
    void attachSignedPdf(const QString& pdf);

  public slots:
    void accept() override;

  private:
    void updateLampiran();
    void updateKepada();

    QVector<ContactView> m_contacts;
    PdfSigner m_pdfSigner;
    QListWidget* m_recipients;
    QComboBox* m_group;
    QLineEdit* m_kepada;
    QLineEdit* m_tembusan;
    QLineEdit* m_nomor;
    QLineEdit* m_dari;
    QDateEdit* m_tanggal;
    QComboBox* m_sifat;
    QComboBox* m_classification;
    QLineEdit* m_lampiran;
    QLineEdit* m_hal;
    QPlainTextEdit* m_body;
    AttachmentList* m_attachments;
    QPushButton* m_addFile;
    QPushButton* m_removeFile;
    QPushButton* m_addSignedPdf;
    QCheckBox* m_sign;
    QComboBox* m_expiry;
    QLabel* m_error;
    QDialogButtonBox* m_buttons;
    client::DeviceInfo m_self;
    bool m_lampiranEdited = false;
    bool m_kepadaEdited = false;
};

} // namespace sandi::desktop
