// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/signing_key.h"

#include "sandi/desktop/theme.h"

#include "sandi/desktop/secret_field.h"
#include "sandi/desktop/signer_store.h"
#include "sandi/sign/signer.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QVBoxLayout>

namespace sandi::desktop {

SigningKey::SigningKey(AppSettings& settings, std::filesystem::path store, QObject* parent)
    : QObject(parent), m_settings(settings), m_store(std::move(store))
{
}

void SigningKey::forget()
{
    m_signer.reset();
}

std::shared_ptr<crypto::Signer> SigningKey::get(QWidget* parent)
{
    if (m_signer) return m_signer;
    const SignerKind kind = m_settings.signerKind();
    if (kind == SignerKind::None) {
        QMessageBox::information(parent, tr("No signing key"),
                                 tr("No signing certificate is set up on this computer. Import your PKCS#12 file or "
                                    "choose your token in Settings."));
        return nullptr;
    }
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("signingKeyDialog"));
    dialog.setWindowTitle(tr("Open the signing key"));
    auto* text =
        new QLabel(kind == SignerKind::Pkcs11 ? tr("Enter the PIN of your token to sign.")
                                              : tr("Enter the passphrase of your signing certificate (PKCS#12)."),
                   &dialog);
    text->setWordWrap(true);
    QLineEdit* secret =
        makeSecretField(QStringLiteral("signingSecret"),
                        kind == SignerKind::Pkcs11 ? tr("Token PIN") : tr("Passphrase of the signing key"), &dialog);
    auto* error = new QLabel(&dialog);
    error->setObjectName(QStringLiteral("signingKeyError"));
    error->setStyleSheet(toneStyle(Tone::Danger));
    error->setTextFormat(Qt::PlainText); // client/core's errors can quote certificates and file names
    error->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setAccessibleName(tr("Open the signing key"));
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel signing"));
    auto* form = new QFormLayout;
    form->addRow(kind == SignerKind::Pkcs11 ? tr("&PIN:") : tr("&Passphrase:"), secret);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(text);
    layout->addLayout(form);
    layout->addWidget(error);
    layout->addWidget(buttons);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        auto opened = openConfiguredSigner(m_settings, m_store, takeSecret(*secret));
        if (!opened) {
            error->setText(opened.error().code == ErrorCode::WrongPassphrase
                               ? tr("That is not the right passphrase or PIN.")
                               : tr("The signing key could not be opened: %1")
                                     .arg(QString::fromStdString(opened.error().message)));
            return;
        }
        m_signer = std::move(*opened);
        dialog.accept();
    });
    if (dialog.exec() != QDialog::Accepted || !m_signer) return nullptr;
    emit opened(m_signer);
    return m_signer;
}

} // namespace sandi::desktop
