// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/secret_field.h"

#include "sandi/pki/x509.h"

#include <QCoreApplication>

#include <cstring>

namespace sandi::desktop {

QLineEdit* makeSecretField(const QString& objectName, const QString& accessibleName, QWidget* parent)
{
    auto* field = new QLineEdit(parent);
    field->setEchoMode(QLineEdit::Password);
    field->setObjectName(objectName);
    field->setAccessibleName(accessibleName);
    field->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    return field;
}

crypto::SecureBuffer readSecret(const QLineEdit& field)
{
    QString text = field.text();
    QByteArray utf8 = text.toUtf8();
    auto out =
        crypto::SecureBuffer::fromString(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
    crypto::secureWipe(std::as_writable_bytes(std::span(utf8.data(), static_cast<std::size_t>(utf8.size()))));
    text.fill(QChar(0));
    return out;
}

crypto::SecureBuffer takeSecret(QLineEdit& field)
{
    auto out = readSecret(field);
    field.clear();
    return out;
}

int passphraseStrength(const QString& text)
{
    const auto bytes = static_cast<std::size_t>(text.toUtf8().size());
    if (bytes < crypto::kMinPassphraseBytes) return 0;
    bool lower = false, upper = false, digit = false, other = false;
    for (const QChar c : text) {
        if (c.isLower())
            lower = true;
        else if (c.isUpper())
            upper = true;
        else if (c.isDigit())
            digit = true;
        else
            other = true;
    }
    const int kinds = int{lower} + int{upper} + int{digit} + int{other};
    const auto length = text.size();
    if (length >= 20 || (length >= 14 && kinds >= 3)) return 3;
    if (length >= 12 || (length >= 10 && kinds >= 3)) return 2;
    return 1;
}

QString passphraseStrengthText(int strength)
{
    switch (strength) {
    case 0:
        return QCoreApplication::translate("sandi::desktop::Passphrase", "Too short: at least %1 characters.")
            .arg(crypto::kMinPassphraseBytes);
    case 1:
        return QCoreApplication::translate("sandi::desktop::Passphrase",
                                           "Weak: a longer passphrase (several words) is much harder to guess.");
    case 2:
        return QCoreApplication::translate("sandi::desktop::Passphrase", "Fair.");
    default:
        return QCoreApplication::translate("sandi::desktop::Passphrase", "Strong.");
    }
}

} // namespace sandi::desktop
