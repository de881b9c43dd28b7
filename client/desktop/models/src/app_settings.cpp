// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/app_settings.h"

#include "sandi/client/account.h"

#include <algorithm>

namespace sandi::desktop {
namespace {
const QString kLanguageKey = QStringLiteral("ui/language");
const QString kIdleKey = QStringLiteral("lock/idleMinutes");
const QString kStoreKey = QStringLiteral("store/directory");
const QString kSignerKindKey = QStringLiteral("signer/kind");
const QString kModuleKey = QStringLiteral("signer/pkcs11Module");
const QString kTokenKey = QStringLiteral("signer/pkcs11Token");
const QString kKeyLabelKey = QStringLiteral("signer/pkcs11Key");
} // namespace

QStringList supportedLanguages()
{
    return {QStringLiteral("id"), QStringLiteral("en")};
}

AppSettings::AppSettings()
    : m_settings(std::make_unique<QSettings>(QStringLiteral("sandi"), QStringLiteral("sandi-desktop")))
{
}

AppSettings::AppSettings(const QString& iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{
}

QString AppSettings::language() const
{
    const QString lang = m_settings->value(kLanguageKey, kDefaultLanguage).toString();
    return supportedLanguages().contains(lang) ? lang : kDefaultLanguage;
}

void AppSettings::setLanguage(const QString& lang)
{
    if (supportedLanguages().contains(lang)) m_settings->setValue(kLanguageKey, lang);
}

int AppSettings::idleLockMinutes() const
{
    bool ok = false;
    const int m = m_settings->value(kIdleKey, kDefaultIdleLockMinutes).toInt(&ok);
    return ok ? std::clamp(m, 0, kMaxIdleLockMinutes) : kDefaultIdleLockMinutes;
}

void AppSettings::setIdleLockMinutes(int minutes)
{
    m_settings->setValue(kIdleKey, std::clamp(minutes, 0, kMaxIdleLockMinutes));
}

std::filesystem::path AppSettings::storeDirectory() const
{
    const QString dir = m_settings->value(kStoreKey).toString();
    if (dir.isEmpty()) return client::defaultStoreDirectory();
    return std::filesystem::path(dir.toStdString());
}

void AppSettings::setStoreDirectory(const std::filesystem::path& dir)
{
    m_settings->setValue(kStoreKey, QString::fromStdString(dir.string()));
}

SignerKind AppSettings::signerKind() const
{
    const QString kind = m_settings->value(kSignerKindKey).toString();
    if (kind == QLatin1String("pkcs12")) return SignerKind::Pkcs12;
    if (kind == QLatin1String("pkcs11")) return SignerKind::Pkcs11;
    return SignerKind::None;
}

void AppSettings::setSignerKind(SignerKind kind)
{
    switch (kind) {
    case SignerKind::None:
        m_settings->remove(kSignerKindKey);
        return;
    case SignerKind::Pkcs12:
        m_settings->setValue(kSignerKindKey, QStringLiteral("pkcs12"));
        return;
    case SignerKind::Pkcs11:
        m_settings->setValue(kSignerKindKey, QStringLiteral("pkcs11"));
        return;
    }
}

crypto::Pkcs11Options AppSettings::pkcs11() const
{
    crypto::Pkcs11Options o;
    o.module = m_settings->value(kModuleKey).toString().toStdString();
    o.tokenLabel = m_settings->value(kTokenKey).toString().toStdString();
    o.keyLabel = m_settings->value(kKeyLabelKey).toString().toStdString();
    return o;
}

void AppSettings::setPkcs11(const crypto::Pkcs11Options& options)
{
    m_settings->setValue(kModuleKey, QString::fromStdString(options.module));
    m_settings->setValue(kTokenKey, QString::fromStdString(options.tokenLabel));
    m_settings->setValue(kKeyLabelKey, QString::fromStdString(options.keyLabel));
}

bool AppSettings::sync()
{
    m_settings->sync();
    return m_settings->status() == QSettings::NoError;
}

} // namespace sandi::desktop
