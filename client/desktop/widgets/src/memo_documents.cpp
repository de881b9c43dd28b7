// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/memo_documents.h"

#include "sandi/desktop/nota_dinas.h"
#include "sandi/sign/signer.h"

#include <QCoreApplication>
#include <QtCore/qcoreapplication.h>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QRegularExpression>

#include <chrono>

namespace sandi::desktop {

namespace {
// The context of these functions' strings in the translations.
class MemoDocuments {
    Q_DECLARE_TR_FUNCTIONS(MemoDocuments)
};
QString q(const std::string& s)
{
    return QString::fromStdString(s);
}
} // namespace

QString exportMemoPdf(const MemoView& memo, crypto::Signer& signer, const QString& path)
{
    const Letterhead kop = letterheadFromCertificate(signer.certificate());
    // A zero-sized placement: the stamp goes over the signature block's blank space.
    auto r = exportSignedNotaDinas(memo, kop, signer, path, std::chrono::system_clock::now(), crypto::StampPlacement{});
    return r ? QString() : q(r.error().message);
}

std::optional<QString> signPdfForAttachment(const QString& pdf, crypto::Signer& signer, QString* error)
{
    const QFileInfo info(pdf);
    auto r = signForAttachment(info.absoluteFilePath().toStdString(), signer, info.absolutePath().toStdString(),
                               std::chrono::system_clock::now());
    if (!r) {
        if (error) *error = q(r.error().message);
        return std::nullopt;
    }
    return QString::fromStdString(r->string());
}

void exportMemoPdfInteractively(QWidget* parent, const MemoView& memo, const SignerProvider& provider)
{
    QString name = memo.nomor.isEmpty() ? memo.hal : memo.nomor;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    const QString path = QFileDialog::getSaveFileName(parent, MemoDocuments::tr("Export the memo as a signed PDF"),
                                                      QDir::home().filePath(name + QStringLiteral(".pdf")),
                                                      MemoDocuments::tr("PDF documents (*.pdf)"));
    if (path.isEmpty()) return;
    auto signer = provider ? provider(parent) : nullptr;
    if (!signer) return;
    const QString error = exportMemoPdf(memo, *signer, path);
    if (error.isEmpty())
        QMessageBox::information(parent, MemoDocuments::tr("Memo exported"),
                                 MemoDocuments::tr("The signed nota dinas was saved as %1.").arg(path));
    else
        QMessageBox::warning(parent, MemoDocuments::tr("Memo not exported"),
                             MemoDocuments::tr("The PDF could not be made: %1").arg(error));
}

std::optional<QString> signPdfForAttachmentInteractively(QWidget* parent, const QString& pdf,
                                                         const SignerProvider& provider)
{
    auto signer = provider ? provider(parent) : nullptr;
    if (!signer) return std::nullopt;
    QString error;
    auto out = signPdfForAttachment(pdf, *signer, &error);
    if (!out)
        QMessageBox::warning(parent, MemoDocuments::tr("PDF not signed"),
                             MemoDocuments::tr("%1 could not be signed: %2").arg(pdf, error));
    return out;
}

} // namespace sandi::desktop
