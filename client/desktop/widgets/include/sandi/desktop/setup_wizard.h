// SPDX-License-Identifier: GPL-3.0-or-later
// The first run: enrols this device the way `sandi account request` / `init` do
// (docs/messaging.md, "Enrolment"). Every device key is made here and never leaves it:
//   1. Identity: name, NIP, position and the new store passphrase → Account::request makes
//      the key store, the TLS key and the certificate request (CSR).
//   2. Certificate: the CSR to take to the office CA (copy, save as a file); the device
//      certificate it issues (`sandi ca issue --profile device --csr`), the trust anchors
//      and CRLs → Account::init. A later start resumes here while the store has a CSR and
//      no certificate (the passphrase is asked again on this page then).
//   3. Signer (may be skipped): the official's document-signing PKCS#12 from the office CA,
//      opened to check it and copied into the store as signer.p12 (still under its own
//      passphrase), or a PKCS#11 token (module, token label, key label, and the
//      certificate file for a token that holds only the key; the PIN is tried and never kept).
//   4. Relay: wss://HOST:PORT addresses, a Test that connects with the device certificate
//      → Account::init writes them into account.ini.
#pragma once

#include "sandi/core/secure_buffer.h"
#include "sandi/desktop/app_settings.h"
#include "sandi/desktop/relay_probe.h"

#include <QButtonGroup>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QWizard>
#include <QWizardPage>

#include <filesystem>

namespace sandi::desktop {

class SetupWizard;

class IdentityPage final : public QWizardPage {
    Q_OBJECT
  public:
    explicit IdentityPage(SetupWizard& wizard);
    bool isComplete() const override;
    bool validatePage() override;

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void retranslate();
    void showStrength();
    SetupWizard& m_wizard;
    QLabel* m_intro;
    QLabel* m_nameLabel;
    QLabel* m_nipLabel;
    QLabel* m_positionLabel;
    QLabel* m_passLabel;
    QLabel* m_repeatLabel;
    QLineEdit* m_name;
    QLineEdit* m_nip;
    QLineEdit* m_position;
    QLineEdit* m_pass;
    QLineEdit* m_repeat;
    QLabel* m_strength;
    QLabel* m_error;
};

class CertificatePage final : public QWizardPage {
    Q_OBJECT
  public:
    explicit CertificatePage(SetupWizard& wizard);
    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void retranslate();
    void copyCsr();
    void saveCsr();
    SetupWizard& m_wizard;
    QLabel* m_instruction;
    QPlainTextEdit* m_csr;
    QPushButton* m_copy;
    QPushButton* m_save;
    QLabel* m_passLabel;
    QLineEdit* m_pass; // only when resumed: the passphrase is not in memory then
    QLabel* m_certLabel;
    QLabel* m_trustLabel;
    QLabel* m_crlLabel;
    QLineEdit* m_cert;
    QLineEdit* m_trust; // files separated by ';'
    QLineEdit* m_crls;
    QPushButton* m_browseCert;
    QPushButton* m_browseTrust;
    QPushButton* m_browseCrls;
    QLabel* m_error;
};

class SignerPage final : public QWizardPage {
    Q_OBJECT
  public:
    explicit SignerPage(SetupWizard& wizard);
    bool validatePage() override;

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void retranslate();
    void updateEnabled();
    SetupWizard& m_wizard;
    QLabel* m_intro;
    QRadioButton* m_skip;
    QRadioButton* m_pkcs12;
    QRadioButton* m_pkcs11;
    QButtonGroup* m_kind;
    QLabel* m_fileLabel;
    QLineEdit* m_file;
    QPushButton* m_browseFile;
    QLabel* m_filePassLabel;
    QLineEdit* m_filePass;
    QLabel* m_moduleLabel;
    QLineEdit* m_module;
    QPushButton* m_browseModule;
    QLabel* m_tokenLabel;
    QLineEdit* m_token;
    QLabel* m_keyLabel;
    QLineEdit* m_key;
    QLabel* m_tokenCertLabel;
    QLineEdit* m_tokenCert; // only for a token that holds no certificate
    QPushButton* m_browseTokenCert;
    QLabel* m_pinLabel;
    QLineEdit* m_pin;
    QLabel* m_result;
};

class RelayPage final : public QWizardPage {
    Q_OBJECT
  public:
    explicit RelayPage(SetupWizard& wizard);
    bool isComplete() const override;
    bool validatePage() override;
    void cleanupPage() override;
    [[nodiscard]] RelayProbe& probe() noexcept { return m_probe; }

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void retranslate();
    void test();
    void showProbe(bool ok, const QString& detail);
    SetupWizard& m_wizard;
    QLabel* m_intro;
    QPlainTextEdit* m_relays;
    QPushButton* m_test;
    QLabel* m_result;
    RelayProbe m_probe;
};

class SetupWizard final : public QWizard {
    Q_OBJECT
  public:
    enum PageId { IdentityPageId, CertificatePageId, SignerPageId, RelayPageId };

    // Starts at the identity page for an empty store, at the certificate page for a store
    // waiting for its certificate. Signer settings go to `settings`.
    SetupWizard(AppSettings& settings, std::filesystem::path store, QWidget* parent = nullptr);
    ~SetupWizard() override;

    // Whether the store needs the wizard (storeStage() is not Ready).
    static bool needed(const std::filesystem::path& store);

    // After the wizard accepted: the store passphrase, so the app unlocks without asking
    // again (LockController::unlockWith). Empty before the certificate page is done.
    crypto::SecureBuffer takePassphrase();

    [[nodiscard]] const std::filesystem::path& store() const noexcept { return m_store; }
    [[nodiscard]] AppSettings& settings() noexcept { return m_settings; }
    [[nodiscard]] bool havePassphrase() const noexcept { return !m_pass.empty(); }
    [[nodiscard]] const crypto::SecureBuffer& passphrase() const noexcept { return m_pass; }
    void setPassphrase(crypto::SecureBuffer pass) { m_pass = std::move(pass); }
    [[nodiscard]] RelayPage* relayPage() const noexcept { return m_relayPage; }

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void retranslateButtons(); // the wizard's own buttons' accessible names
    AppSettings& m_settings;
    std::filesystem::path m_store;
    crypto::SecureBuffer m_pass;
    RelayPage* m_relayPage;
};

} // namespace sandi::desktop
