// SPDX-License-Identifier: GPL-3.0-or-later
// Passphrase and PIN fields: a QLineEdit in password mode, and taking its text into a
// SecureBuffer (UTF-8, NUL-terminated for OpenSSL) while clearing the field. What Qt keeps
// of the text in its own buffers is beyond our reach; our copies are wiped.
#pragma once

#include "sandi/core/secure_buffer.h"

#include <QLineEdit>
#include <QString>

namespace sandi::desktop {

// A password-mode QLineEdit with the object name and accessible name given.
QLineEdit* makeSecretField(const QString& objectName, const QString& accessibleName, QWidget* parent);
// The field's text as a SecureBuffer; the field is cleared.
crypto::SecureBuffer takeSecret(QLineEdit& field);
// The text as a SecureBuffer, leaving the field as it is (e.g. comparing the repeat field).
crypto::SecureBuffer readSecret(const QLineEdit& field);

// A hint for people about a new passphrase (never a guarantee): its length and its kinds
// of characters. 0 too short (under kMinPassphraseBytes), 1 weak, 2 fair, 3 strong.
int passphraseStrength(const QString& text);
QString passphraseStrengthText(int strength); // translated

} // namespace sandi::desktop
