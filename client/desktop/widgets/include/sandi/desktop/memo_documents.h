// SPDX-License-Identifier: GPL-3.0-or-later
// The memo's document actions in the window: exporting a memo as a signed nota dinas PDF
// (the kop from the signing certificate's organisation, office and locality; a visible
// stamp over the signature block) and signing a PDF to attach it to a memo.
#pragma once

#include "sandi/desktop/views.h"

#include <QString>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

namespace sandi::crypto {
class Signer;
}

namespace sandi::desktop {

// Gives the official's signing key, opening it if needed (it may ask for its passphrase or
// PIN), or nullptr when the user cancelled or none is set up (it has said why).
using SignerProvider = std::function<std::shared_ptr<crypto::Signer>(QWidget* parent)>;

// Exports `memo` to `path` as a nota dinas PDF signed PAdES with the provided key. Returns
// "" on success, or what went wrong, for people.
QString exportMemoPdf(const MemoView& memo, crypto::Signer& signer, const QString& path);
// Signs `pdf` into its own folder as NAME-ditandatangani.pdf; the signed copy's path, or
// the error (for people) in `error`.
std::optional<QString> signPdfForAttachment(const QString& pdf, crypto::Signer& signer, QString* error);

// The window's actions: ask where to save (a save dialog), ask for the key, export; and
// sign-for-attachment with the key. Both say what happened in a message box.
void exportMemoPdfInteractively(QWidget* parent, const MemoView& memo, const SignerProvider& signer);
std::optional<QString> signPdfForAttachmentInteractively(QWidget* parent, const QString& pdf,
                                                         const SignerProvider& signer);

} // namespace sandi::desktop
