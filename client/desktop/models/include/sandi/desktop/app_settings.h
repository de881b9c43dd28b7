// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop's own settings, nothing secret: language, idle lock, where the store is and
// how the official's signing key is reached. QSettings underneath (the platform's place for
// organisation "sandi", application "sandi-desktop", or an INI file given to the
// constructor). The store's own facts (relays, trust anchors) stay in the store
// (account.ini, trust.pem): Account::init writes them.
#pragma once

#include "sandi/sign/pkcs11_signer.h"

#include <QSettings>
#include <QString>
#include <QStringList>

#include <filesystem>
#include <memory>

namespace sandi::desktop {

inline constexpr int kDefaultIdleLockMinutes = 10;
inline constexpr int kMaxIdleLockMinutes = 24 * 60; // 0 = never
inline const QString kDefaultLanguage = QStringLiteral("id");

// The languages the application is translated into: Bahasa Indonesia (the default), English.
QStringList supportedLanguages();

// How the official signs documents and memos.
enum class SignerKind {
    None,   // not set up (the wizard's signer page was skipped)
    Pkcs12, // signer.p12 in the store, under its own passphrase
    Pkcs11, // a token: Pkcs11Options below; the PIN is asked for each time
};

class AppSettings final {
  public:
    AppSettings();                                // the platform's settings for "sandi"/"sandi-desktop"
    explicit AppSettings(const QString& iniFile); // an INI file (tests, portable installs)

    [[nodiscard]] QString language() const; // "id" or "en"; anything else reads as "id"
    void setLanguage(const QString& lang);  // ignored unless one of supportedLanguages()

    [[nodiscard]] int idleLockMinutes() const; // 0..kMaxIdleLockMinutes; 0 = never
    void setIdleLockMinutes(int minutes);      // clamped

    [[nodiscard]] std::filesystem::path storeDirectory() const; // default client::defaultStoreDirectory()
    void setStoreDirectory(const std::filesystem::path& dir);

    [[nodiscard]] SignerKind signerKind() const;
    void setSignerKind(SignerKind kind);
    [[nodiscard]] crypto::Pkcs11Options pkcs11() const; // module, token label, key label
    void setPkcs11(const crypto::Pkcs11Options& options);

    // Writes pending changes now (QSettings also does on destruction); false on an error.
    bool sync();
    [[nodiscard]] QSettings& raw() noexcept { return *m_settings; }

  private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace sandi::desktop
