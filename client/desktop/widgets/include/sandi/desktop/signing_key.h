// SPDX-License-Identifier: GPL-3.0-or-later
// The official's signing key while the app is unlocked: opened on first use (asking for
// the PKCS#12 passphrase or the token PIN, which are never stored), kept in memory until
// the app locks, and handed to whatever signs (memos, documents, exported nota dinas).
#pragma once

#include "sandi/desktop/app_settings.h"

#include <QObject>
#include <QWidget>

#include <filesystem>
#include <memory>

namespace sandi::crypto {
class Signer;
}

namespace sandi::desktop {

class SigningKey final : public QObject {
    Q_OBJECT
  public:
    SigningKey(AppSettings& settings, std::filesystem::path store, QObject* parent = nullptr);

    // The key, asking for its passphrase or PIN over `parent` if it is not open yet;
    // nullptr when none is set up (it says so) or the user cancelled.
    std::shared_ptr<crypto::Signer> get(QWidget* parent);
    [[nodiscard]] bool isOpen() const noexcept { return m_signer != nullptr; }
    void forget(); // at lock: the key leaves memory

  signals:
    void opened(const std::shared_ptr<crypto::Signer>& signer);

  private:
    AppSettings& m_settings;
    std::filesystem::path m_store;
    std::shared_ptr<crypto::Signer> m_signer;
};

} // namespace sandi::desktop
