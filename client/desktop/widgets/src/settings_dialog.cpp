// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/settings_dialog.h"
#include "form_helpers.h"

#include "sandi/desktop/theme.h"

#include "sandi/client/account.h"
#include "sandi/core/atomic_file.h"
#include "sandi/desktop/relay_probe.h"
#include "sandi/desktop/secret_field.h"
#include "sandi/desktop/translations.h"
#include "sandi/pki/x509.h"

#include <QApplication>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace sandi::desktop {
using form::besides;
using form::splitFiles;
namespace fs = std::filesystem;
namespace {

QLabel* resultLabel(const QString& objectName, QWidget* parent)
{
    auto* l = new QLabel(parent);
    l->setObjectName(objectName);
    l->setTextFormat(Qt::PlainText); // client/core's errors can quote certificates and file names
    l->setWordWrap(true);
    return l;
}

// The store passphrase checked on the TLS key (encrypted under the same passphrase), which
// needs no lock: a wrong one is told before the session is closed for a change.
Status checkStorePassphrase(const fs::path& store, const crypto::SecureBuffer& pass)
{
    SANDI_ASSIGN(pem, crypto::readFile(store / "device.key.pem", std::size_t{1} << 20));
    SANDI_TRY(crypto::decryptPrivateKeyPem(pem, pass));
    return {};
}

} // namespace

SettingsDialog::SettingsDialog(AppSettings& settings, fs::path store, StoreChanger& changer, IdleWatcher* idle,
                               QWidget* parent)
    : QDialog(parent), m_settings(settings), m_store(std::move(store)), m_changer(changer), m_idleWatcher(idle),
      m_tabs(new QTabWidget(this)), m_general(new QWidget), m_connection(new QWidget), m_passphrase(new QWidget),
      m_languageLabel(new QLabel), m_language(new QComboBox), m_idleLabel(new QLabel), m_idle(new QSpinBox),
      m_relaysLabel(new QLabel), m_relays(new QPlainTextEdit), m_anchorsLabel(new QLabel), m_anchors(new QListWidget),
      m_trustLabel(new QLabel), m_trustFiles(new QLineEdit), m_browseTrust(new QPushButton), m_crlLabel(new QLabel),
      m_crlFiles(new QLineEdit), m_browseCrls(new QPushButton), m_storePassLabel(new QLabel),
      m_storePass(makeSecretField(QStringLiteral("settingsStorePassphrase"), QString(), nullptr)),
      m_apply(new QPushButton), m_connectionResult(resultLabel(QStringLiteral("settingsConnectionResult"), nullptr)),
      m_oldLabel(new QLabel), m_oldPass(makeSecretField(QStringLiteral("settingsOldPassphrase"), QString(), nullptr)),
      m_newLabel(new QLabel), m_newPass(makeSecretField(QStringLiteral("settingsNewPassphrase"), QString(), nullptr)),
      m_repeatLabel(new QLabel),
      m_repeatPass(makeSecretField(QStringLiteral("settingsRepeatPassphrase"), QString(), nullptr)),
      m_strength(new QLabel), m_change(new QPushButton),
      m_passResult(resultLabel(QStringLiteral("settingsPassphraseResult"), nullptr)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Close, this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    m_tabs->setObjectName(QStringLiteral("settingsTabs"));
    m_language->setObjectName(QStringLiteral("settingsLanguage"));
    m_idle->setObjectName(QStringLiteral("settingsIdleMinutes"));
    m_relays->setObjectName(QStringLiteral("settingsRelays"));
    m_anchors->setObjectName(QStringLiteral("settingsAnchors"));
    m_trustFiles->setObjectName(QStringLiteral("settingsAddTrust"));
    m_browseTrust->setObjectName(QStringLiteral("settingsBrowseTrust"));
    m_crlFiles->setObjectName(QStringLiteral("settingsAddCrls"));
    m_browseCrls->setObjectName(QStringLiteral("settingsBrowseCrls"));
    m_apply->setObjectName(QStringLiteral("settingsApplyConnection"));
    m_change->setObjectName(QStringLiteral("settingsChangePassphrase"));
    m_strength->setObjectName(QStringLiteral("settingsStrength"));

    // General
    m_language->addItem(QStringLiteral("Bahasa Indonesia"), QStringLiteral("id")); // i18n: not UI (own language)
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));          // i18n: not UI
    m_language->setCurrentIndex(std::max(0, m_language->findData(m_settings.language())));
    m_idle->setRange(0, kMaxIdleLockMinutes);
    m_idle->setValue(m_settings.idleLockMinutes());
    auto* general = new QFormLayout(m_general);
    general->addRow(m_languageLabel, m_language);
    general->addRow(m_idleLabel, m_idle);
    m_languageLabel->setBuddy(m_language);
    m_idleLabel->setBuddy(m_idle);

    // Connection
    m_relays->setTabChangesFocus(true);
    m_relays->setMaximumHeight(m_relays->fontMetrics().lineSpacing() * 5);
    m_anchors->setMaximumHeight(m_anchors->fontMetrics().lineSpacing() * 5);
    auto* connection = new QFormLayout(m_connection);
    connection->addRow(m_relaysLabel, m_relays);
    connection->addRow(m_anchorsLabel, m_anchors);
    connection->addRow(m_trustLabel, besides(m_trustFiles, m_browseTrust));
    connection->addRow(m_crlLabel, besides(m_crlFiles, m_browseCrls));
    connection->addRow(m_storePassLabel, m_storePass);
    connection->addRow(QString(), m_apply);
    connection->addRow(m_connectionResult);
    m_relaysLabel->setBuddy(m_relays);
    m_anchorsLabel->setBuddy(m_anchors);
    m_trustLabel->setBuddy(m_trustFiles);
    m_crlLabel->setBuddy(m_crlFiles);
    m_storePassLabel->setBuddy(m_storePass);

    // Passphrase
    auto* pass = new QFormLayout(m_passphrase);
    pass->addRow(m_oldLabel, m_oldPass);
    pass->addRow(m_newLabel, m_newPass);
    pass->addRow(m_repeatLabel, m_repeatPass);
    pass->addRow(QString(), m_strength);
    pass->addRow(QString(), m_change);
    pass->addRow(m_passResult);
    m_oldLabel->setBuddy(m_oldPass);
    m_newLabel->setBuddy(m_newPass);
    m_repeatLabel->setBuddy(m_repeatPass);

    m_tabs->addTab(m_general, QString());
    m_tabs->addTab(m_connection, QString());
    m_tabs->addTab(m_passphrase, QString());
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_buttons);

    connect(m_language, qOverload<int>(&QComboBox::currentIndexChanged), this, &SettingsDialog::switchLanguage);
    connect(m_idle, qOverload<int>(&QSpinBox::valueChanged), this, [this](int minutes) {
        m_settings.setIdleLockMinutes(minutes);
        m_settings.sync();
        if (m_idleWatcher != nullptr) m_idleWatcher->setIdleMinutes(minutes);
    });
    connect(m_browseTrust, &QPushButton::clicked, this, [this] {
        const QStringList f = QFileDialog::getOpenFileNames(this, tr("Trust anchors"), QString(),
                                                            tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!f.isEmpty()) m_trustFiles->setText(f.join(QLatin1Char(';')));
    });
    connect(m_browseCrls, &QPushButton::clicked, this, [this] {
        const QStringList f = QFileDialog::getOpenFileNames(this, tr("Certificate revocation lists"), QString(),
                                                            tr("CRLs (*.pem *.crl);;All files (*)"));
        if (!f.isEmpty()) m_crlFiles->setText(f.join(QLatin1Char(';')));
    });
    connect(m_apply, &QPushButton::clicked, this, &SettingsDialog::applyConnectionChanges);
    connect(m_change, &QPushButton::clicked, this, &SettingsDialog::changePassphrase);
    connect(m_newPass, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_strength->setText(text.isEmpty() ? QString() : passphraseStrengthText(passphraseStrength(text)));
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    retranslate();
    loadStore();
}

void SettingsDialog::retranslate()
{
    setWindowTitle(tr("Settings"));
    m_tabs->setTabText(0, tr("&General"));
    m_tabs->setTabText(1, tr("&Connection"));
    m_tabs->setTabText(2, tr("&Passphrase"));
    m_languageLabel->setText(tr("&Language:"));
    m_language->setAccessibleName(tr("Language"));
    m_idleLabel->setText(tr("Lock after &idle time:"));
    m_idle->setAccessibleName(tr("Lock after this many idle minutes (0: never)"));
    m_idle->setSuffix(tr(" min"));
    m_idle->setSpecialValueText(tr("Never"));
    m_relaysLabel->setText(tr("&Relays:"));
    m_relays->setAccessibleName(tr("Relay addresses, one per line"));
    m_anchorsLabel->setText(tr("Trust &anchors:"));
    m_anchors->setAccessibleName(tr("Trust anchors of this store"));
    m_trustLabel->setText(tr("Add &trust anchors:"));
    m_trustFiles->setAccessibleName(tr("Trust anchor files to add, separated by semicolons"));
    m_crlLabel->setText(tr("New C&RLs:"));
    m_crlFiles->setAccessibleName(tr("CRL files that replace the stored ones, separated by semicolons"));
    for (QPushButton* b : {m_browseTrust, m_browseCrls}) {
        b->setText(tr("Browse…"));
        b->setAccessibleName(tr("Choose files"));
    }
    m_storePassLabel->setText(tr("Store pa&ssphrase:"));
    m_storePass->setAccessibleName(tr("Store passphrase, to apply the changes"));
    m_apply->setText(tr("&Apply"));
    m_apply->setAccessibleName(tr("Apply the connection changes"));
    m_oldLabel->setText(tr("C&urrent passphrase:"));
    m_oldPass->setAccessibleName(tr("Current passphrase"));
    m_newLabel->setText(tr("&New passphrase:"));
    m_newPass->setAccessibleName(tr("New passphrase"));
    m_repeatLabel->setText(tr("R&epeat the new passphrase:"));
    m_repeatPass->setAccessibleName(tr("Repeat the new passphrase"));
    m_change->setText(tr("C&hange the passphrase"));
    m_change->setAccessibleName(tr("Change the passphrase"));
    m_tabs->setAccessibleName(tr("Settings pages"));
    if (QPushButton* close = m_buttons->button(QDialogButtonBox::Close)) close->setAccessibleName(tr("Close settings"));
}

void SettingsDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) retranslate();
    QDialog::changeEvent(event);
}

void SettingsDialog::loadStore()
{
    QSettings account(QString::fromStdString((m_store / "account.ini").string()), QSettings::IniFormat);
    m_relays->setPlainText(account.value(QStringLiteral("relays")).toStringList().join(QLatin1Char('\n')));
    m_anchors->clear();
    if (auto bytes = crypto::readFile(m_store / "trust.pem", std::size_t{4} << 20)) {
        if (auto certs = crypto::parseCertificates(*bytes)) {
            for (const auto& c : *certs)
                m_anchors->addItem(QString::fromStdString(crypto::subjectString(c.get())));
        }
    }
}

void SettingsDialog::switchLanguage(int index)
{
    const QString lang = m_language->itemData(index).toString();
    if (lang.isEmpty()) return;
    m_settings.setLanguage(lang);
    m_settings.sync();
    if (auto* app = QCoreApplication::instance()) installLanguage(*app, lang);
    emit languageChanged(lang);
}

void SettingsDialog::showResult(QLabel* label, bool ok, const QString& text)
{
    label->setStyleSheet(ok ? QString() : toneStyle(Tone::Danger));
    label->setText(text);
}

void SettingsDialog::applyConnectionChanges()
{
    auto urls = parseRelayUrls(m_relays->toPlainText());
    if (!urls) {
        showResult(m_connectionResult, false, QString::fromStdString(urls.error().message));
        return;
    }
    if (urls->isEmpty()) {
        showResult(m_connectionResult, false, tr("At least one relay address is needed."));
        return;
    }
    if (m_storePass->text().isEmpty()) {
        showResult(m_connectionResult, false, tr("Enter the store passphrase to apply the changes."));
        m_storePass->setFocus();
        return;
    }
    client::InitParams params;
    params.relays = *urls;
    const auto added = splitFiles(m_trustFiles->text());
    if (!added.empty()) {
        params.trust.push_back(m_store / "trust.pem"); // the anchors so far, and the new ones
        params.trust.insert(params.trust.end(), added.begin(), added.end());
    }
    params.crls = splitFiles(m_crlFiles->text());
    const crypto::SecureBuffer pass = takeSecret(*m_storePass);
    QApplication::setOverrideCursor(Qt::WaitCursor);
    Status done = checkStorePassphrase(m_store, pass);
    if (done)
        done =
            m_changer.changeStore([&]() -> Status { return client::Account::init(m_store, pass, params); }, pass, pass);
    QApplication::restoreOverrideCursor();
    if (!done) {
        showResult(m_connectionResult, false,
                   done.error().code == ErrorCode::WrongPassphrase
                       ? tr("The store passphrase is not correct.")
                       : tr("The changes were not applied: %1").arg(QString::fromStdString(done.error().message)));
        return;
    }
    m_trustFiles->clear();
    m_crlFiles->clear();
    loadStore();
    showResult(m_connectionResult, true, tr("Saved. Sandi reconnected with the new settings."));
}

void SettingsDialog::changePassphrase()
{
    if (m_oldPass->text().isEmpty() || m_newPass->text().isEmpty()) {
        showResult(m_passResult, false, tr("Enter the current and the new passphrase."));
        return;
    }
    if (passphraseStrength(m_newPass->text()) == 0) {
        showResult(m_passResult, false, passphraseStrengthText(0));
        return;
    }
    crypto::SecureBuffer newPass = readSecret(*m_newPass);
    const crypto::SecureBuffer repeat = takeSecret(*m_repeatPass);
    if (!crypto::constantTimeEqual(newPass.bytes(), repeat.bytes())) {
        showResult(m_passResult, false, tr("The two new passphrases differ."));
        m_repeatPass->setFocus();
        return;
    }
    m_newPass->clear();
    const crypto::SecureBuffer oldPass = takeSecret(*m_oldPass);
    QApplication::setOverrideCursor(Qt::WaitCursor);
    Status done = checkStorePassphrase(m_store, oldPass);
    if (done)
        done = m_changer.changeStore(
            [&]() -> Status { return client::Account::changePassphrase(m_store, oldPass, newPass); }, newPass, oldPass);
    QApplication::restoreOverrideCursor();
    if (!done) {
        showResult(m_passResult, false,
                   done.error().code == ErrorCode::WrongPassphrase
                       ? tr("The current passphrase is not correct.")
                       : tr("The passphrase was not changed: %1").arg(QString::fromStdString(done.error().message)));
        return;
    }
    showResult(m_passResult, true, tr("The passphrase was changed."));
}

} // namespace sandi::desktop
