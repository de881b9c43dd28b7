// SPDX-License-Identifier: GPL-3.0-or-later
// Settings: the language (switched at once), the idle lock, and the store's relays, trust
// anchors, CRLs and passphrase. The store changes run through a StoreChanger (the
// LockController closes the session for them and unlocks again): Account::init refreshes
// account.ini, trust.pem and crls.pem, Account::changePassphrase re-wraps the keys.
#pragma once

#include "sandi/desktop/app_settings.h"
#include "sandi/desktop/idle_lock.h"
#include "sandi/desktop/lock_controller.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>

#include <filesystem>

namespace sandi::desktop {

class SettingsDialog final : public QDialog {
    Q_OBJECT
  public:
    // `idle` (optional) takes the new idle time at once.
    SettingsDialog(AppSettings& settings, std::filesystem::path store, StoreChanger& changer,
                   IdleWatcher* idle = nullptr, QWidget* parent = nullptr);

    [[nodiscard]] QTabWidget* tabs() const noexcept { return m_tabs; }
    [[nodiscard]] QComboBox* languageCombo() const noexcept { return m_language; }
    [[nodiscard]] QSpinBox* idleMinutes() const noexcept { return m_idle; }
    [[nodiscard]] QPlainTextEdit* relays() const noexcept { return m_relays; }
    [[nodiscard]] QListWidget* anchors() const noexcept { return m_anchors; }
    [[nodiscard]] QLineEdit* addTrustFiles() const noexcept { return m_trustFiles; }
    [[nodiscard]] QLineEdit* addCrlFiles() const noexcept { return m_crlFiles; }
    [[nodiscard]] QLineEdit* storePassphrase() const noexcept { return m_storePass; }
    [[nodiscard]] QPushButton* applyConnection() const noexcept { return m_apply; }
    [[nodiscard]] QLabel* connectionResult() const noexcept { return m_connectionResult; }
    [[nodiscard]] QLineEdit* oldPassphrase() const noexcept { return m_oldPass; }
    [[nodiscard]] QLineEdit* newPassphrase() const noexcept { return m_newPass; }
    [[nodiscard]] QLineEdit* repeatPassphrase() const noexcept { return m_repeatPass; }
    [[nodiscard]] QPushButton* changePassphraseButton() const noexcept { return m_change; }
    [[nodiscard]] QLabel* passphraseResult() const noexcept { return m_passResult; }

  signals:
    void languageChanged(const QString& lang);

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void retranslate();
    void loadStore();
    void switchLanguage(int index);
    void applyConnectionChanges();
    void changePassphrase();
    void showResult(QLabel* label, bool ok, const QString& text);

    AppSettings& m_settings;
    std::filesystem::path m_store;
    StoreChanger& m_changer;
    IdleWatcher* m_idleWatcher;

    QTabWidget* m_tabs;
    QWidget* m_general;
    QWidget* m_connection;
    QWidget* m_passphrase;
    QLabel* m_languageLabel;
    QComboBox* m_language;
    QLabel* m_idleLabel;
    QSpinBox* m_idle;
    QLabel* m_relaysLabel;
    QPlainTextEdit* m_relays;
    QLabel* m_anchorsLabel;
    QListWidget* m_anchors;
    QLabel* m_trustLabel;
    QLineEdit* m_trustFiles;
    QPushButton* m_browseTrust;
    QLabel* m_crlLabel;
    QLineEdit* m_crlFiles;
    QPushButton* m_browseCrls;
    QLabel* m_storePassLabel;
    QLineEdit* m_storePass;
    QPushButton* m_apply;
    QLabel* m_connectionResult;
    QLabel* m_oldLabel;
    QLineEdit* m_oldPass;
    QLabel* m_newLabel;
    QLineEdit* m_newPass;
    QLabel* m_repeatLabel;
    QLineEdit* m_repeatPass;
    QLabel* m_strength;
    QPushButton* m_change;
    QLabel* m_passResult;
    QDialogButtonBox* m_buttons;
};

} // namespace sandi::desktop
