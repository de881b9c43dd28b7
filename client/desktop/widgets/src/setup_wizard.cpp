// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/setup_wizard.h"
#include "form_helpers.h"

#include "sandi/desktop/theme.h"

#include "sandi/client/account.h"
#include "sandi/core/atomic_file.h"
#include "sandi/core/random.h"
#include "sandi/desktop/secret_field.h"
#include "sandi/desktop/signer_store.h"
#include "sandi/desktop/store_stage.h"
#include "sandi/pki/x509.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QRegularExpression>
#include <QVBoxLayout>

#include <utility>

namespace sandi::desktop {
using form::besides;
using form::splitFiles;
namespace fs = std::filesystem;
namespace {

constexpr char kRequestFile[] = "request.csr.pem";
constexpr qsizetype kNipDigits = 18;

QLabel* errorLabel(const QString& objectName, QWidget* parent)
{
    auto* l = new QLabel(parent);
    l->setObjectName(objectName);
    l->setTextFormat(Qt::PlainText); // client/core's errors can quote certificates and file names
    l->setWordWrap(true);
    l->setStyleSheet(toneStyle(Tone::Danger));
    return l;
}

QLineEdit* lineEdit(const QString& objectName, QWidget* parent)
{
    auto* e = new QLineEdit(parent);
    e->setObjectName(objectName);
    return e;
}

QPushButton* button(const QString& objectName, QWidget* parent)
{
    auto* b = new QPushButton(parent);
    b->setObjectName(objectName);
    return b;
}

QString message(const Error& e)
{
    return QString::fromStdString(e.message);
}

} // namespace

// ---- 1. Identity

IdentityPage::IdentityPage(SetupWizard& wizard)
    : QWizardPage(&wizard), m_wizard(wizard), m_intro(new QLabel(this)), m_nameLabel(new QLabel(this)),
      m_nipLabel(new QLabel(this)), m_positionLabel(new QLabel(this)), m_passLabel(new QLabel(this)),
      m_repeatLabel(new QLabel(this)), m_name(lineEdit(QStringLiteral("setupName"), this)),
      m_nip(lineEdit(QStringLiteral("setupNip"), this)), m_position(lineEdit(QStringLiteral("setupPosition"), this)),
      m_pass(makeSecretField(QStringLiteral("setupPassphrase"), QString(), this)),
      m_repeat(makeSecretField(QStringLiteral("setupPassphraseRepeat"), QString(), this)), m_strength(new QLabel(this)),
      m_error(errorLabel(QStringLiteral("setupIdentityError"), this))
{
    setObjectName(QStringLiteral("setupIdentityPage"));
    m_intro->setWordWrap(true);
    m_strength->setObjectName(QStringLiteral("setupStrength"));
    m_nip->setInputMethodHints(Qt::ImhDigitsOnly);
    m_nip->setMaxLength(static_cast<int>(kNipDigits));
    auto* form = new QFormLayout;
    form->addRow(m_nameLabel, m_name);
    form->addRow(m_nipLabel, m_nip);
    form->addRow(m_positionLabel, m_position);
    form->addRow(m_passLabel, m_pass);
    form->addRow(m_repeatLabel, m_repeat);
    form->addRow(QString(), m_strength);
    m_nameLabel->setBuddy(m_name);
    m_nipLabel->setBuddy(m_nip);
    m_positionLabel->setBuddy(m_position);
    m_passLabel->setBuddy(m_pass);
    m_repeatLabel->setBuddy(m_repeat);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch();
    for (QLineEdit* e : {m_name, m_nip, m_position, m_pass, m_repeat})
        connect(e, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
    connect(m_pass, &QLineEdit::textChanged, this, &IdentityPage::showStrength);
    setCommitPage(true);
    retranslate();
}

void IdentityPage::retranslate()
{
    setTitle(tr("Who uses this device"));
    m_intro->setText(tr("Sandi makes this device's keys here; they never leave it. The office CA certifies them "
                        "from a certificate request made on the next page. The passphrase protects the keys and the "
                        "history on this device: there is no way to recover it."));
    m_nameLabel->setText(tr("&Name and device:"));
    m_name->setPlaceholderText(tr("e.g. Sri Wahyuni (laptop)"));
    m_name->setAccessibleName(tr("Name and device"));
    m_nipLabel->setText(tr("&NIP:"));
    m_nip->setAccessibleName(tr("NIP (18 digits)"));
    m_positionLabel->setText(tr("P&osition:"));
    m_position->setAccessibleName(tr("Position"));
    m_passLabel->setText(tr("New &passphrase:"));
    m_pass->setAccessibleName(tr("New passphrase"));
    m_repeatLabel->setText(tr("&Repeat the passphrase:"));
    m_repeat->setAccessibleName(tr("Repeat the passphrase"));
    setButtonText(QWizard::CommitButton, tr("&Create the request"));
    showStrength();
}

void IdentityPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWizardPage::changeEvent(event);
}

void IdentityPage::showStrength()
{
    m_strength->setText(m_pass->text().isEmpty() ? QString()
                                                 : passphraseStrengthText(passphraseStrength(m_pass->text())));
}

bool IdentityPage::isComplete() const
{
    return !m_name->text().trimmed().isEmpty() && !m_nip->text().trimmed().isEmpty() && !m_pass->text().isEmpty() &&
           !m_repeat->text().isEmpty();
}

bool IdentityPage::validatePage()
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]{18}$"));
    const QString nip = m_nip->text().trimmed();
    if (!digits.match(nip).hasMatch()) {
        m_error->setText(tr("The NIP has 18 digits."));
        m_nip->setFocus();
        return false;
    }
    if (passphraseStrength(m_pass->text()) == 0) {
        m_error->setText(passphraseStrengthText(0));
        m_pass->setFocus();
        return false;
    }
    crypto::SecureBuffer pass = readSecret(*m_pass);
    const crypto::SecureBuffer repeat = readSecret(*m_repeat);
    if (!crypto::constantTimeEqual(pass.bytes(), repeat.bytes())) {
        m_error->setText(tr("The two passphrases differ."));
        m_repeat->clear();
        m_repeat->setFocus();
        return false;
    }
    crypto::SystemRandom rng;
    client::RequestParams params{m_name->text().trimmed().toStdString(), nip.toStdString(),
                                 m_position->text().trimmed().toStdString()};
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const Status made = client::Account::request(m_wizard.store(), pass, params, m_wizard.store() / kRequestFile, rng);
    QApplication::restoreOverrideCursor();
    if (!made) {
        m_error->setText(tr("The store could not be created: %1").arg(message(made.error())));
        return false;
    }
    m_pass->clear();
    m_repeat->clear();
    m_error->clear();
    m_wizard.setPassphrase(std::move(pass));
    return true;
}

// ---- 2. Certificate

CertificatePage::CertificatePage(SetupWizard& wizard)
    : QWizardPage(&wizard), m_wizard(wizard), m_instruction(new QLabel(this)), m_csr(new QPlainTextEdit(this)),
      m_copy(button(QStringLiteral("setupCopyCsr"), this)), m_save(button(QStringLiteral("setupSaveCsr"), this)),
      m_passLabel(new QLabel(this)), m_pass(makeSecretField(QStringLiteral("setupResumePassphrase"), QString(), this)),
      m_certLabel(new QLabel(this)), m_trustLabel(new QLabel(this)), m_crlLabel(new QLabel(this)),
      m_cert(lineEdit(QStringLiteral("setupCertificateFile"), this)),
      m_trust(lineEdit(QStringLiteral("setupTrustFiles"), this)),
      m_crls(lineEdit(QStringLiteral("setupCrlFiles"), this)),
      m_browseCert(button(QStringLiteral("setupBrowseCertificate"), this)),
      m_browseTrust(button(QStringLiteral("setupBrowseTrust"), this)),
      m_browseCrls(button(QStringLiteral("setupBrowseCrls"), this)),
      m_error(errorLabel(QStringLiteral("setupCertificateError"), this))
{
    setObjectName(QStringLiteral("setupCertificatePage"));
    m_instruction->setWordWrap(true);
    m_csr->setObjectName(QStringLiteral("setupCsrText"));
    m_csr->setReadOnly(true);
    m_csr->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_csr->setMaximumHeight(m_csr->fontMetrics().lineSpacing() * 8);
    auto* csrButtons = new QHBoxLayout;
    csrButtons->addStretch();
    csrButtons->addWidget(m_copy);
    csrButtons->addWidget(m_save);
    auto* form = new QFormLayout;
    form->addRow(m_passLabel, m_pass);
    form->addRow(m_certLabel, besides(m_cert, m_browseCert));
    form->addRow(m_trustLabel, besides(m_trust, m_browseTrust));
    form->addRow(m_crlLabel, besides(m_crls, m_browseCrls));
    m_passLabel->setBuddy(m_pass);
    m_certLabel->setBuddy(m_cert);
    m_trustLabel->setBuddy(m_trust);
    m_crlLabel->setBuddy(m_crls);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_instruction);
    layout->addWidget(m_csr);
    layout->addLayout(csrButtons);
    layout->addLayout(form);
    layout->addWidget(m_error);
    for (QLineEdit* e : {m_pass, m_cert, m_trust})
        connect(e, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
    connect(m_copy, &QPushButton::clicked, this, &CertificatePage::copyCsr);
    connect(m_save, &QPushButton::clicked, this, &CertificatePage::saveCsr);
    connect(m_browseCert, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Device certificate"), QString(),
                                                       tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!f.isEmpty()) m_cert->setText(f);
    });
    connect(m_browseTrust, &QPushButton::clicked, this, [this] {
        const QStringList f = QFileDialog::getOpenFileNames(this, tr("Trust anchors"), QString(),
                                                            tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!f.isEmpty()) m_trust->setText(f.join(QLatin1Char(';')));
    });
    connect(m_browseCrls, &QPushButton::clicked, this, [this] {
        const QStringList f = QFileDialog::getOpenFileNames(this, tr("Certificate revocation lists"), QString(),
                                                            tr("CRLs (*.pem *.crl);;All files (*)"));
        if (!f.isEmpty()) m_crls->setText(f.join(QLatin1Char(';')));
    });
    setCommitPage(true);
    retranslate();
}

void CertificatePage::retranslate()
{
    setTitle(tr("The device certificate"));
    m_instruction->setText(tr("Take this certificate request to the office CA (as a file, or copied into a message "
                              "to the CA's operator). The CA issues the device certificate from it; then choose that "
                              "file here with the CA's trust anchor (the root certificate) and its CRLs. You can "
                              "close Sandi now and come back to this page later."));
    m_csr->setAccessibleName(tr("Certificate request"));
    m_copy->setText(tr("&Copy"));
    m_copy->setAccessibleName(tr("Copy the certificate request"));
    m_save->setText(tr("&Save as…"));
    m_save->setAccessibleName(tr("Save the certificate request as a file"));
    m_passLabel->setText(tr("Store &passphrase:"));
    m_pass->setAccessibleName(tr("Store passphrase"));
    m_certLabel->setText(tr("Device &certificate:"));
    m_cert->setAccessibleName(tr("Device certificate file"));
    m_trustLabel->setText(tr("&Trust anchors:"));
    m_trust->setAccessibleName(tr("Trust anchor files, separated by semicolons"));
    m_crlLabel->setText(tr("C&RLs:"));
    m_crls->setAccessibleName(tr("CRL files, separated by semicolons"));
    for (QPushButton* b : {m_browseCert, m_browseTrust, m_browseCrls}) {
        b->setText(tr("Browse…"));
        b->setAccessibleName(tr("Choose a file"));
    }
    setButtonText(QWizard::CommitButton, tr("&Complete the account"));
}

void CertificatePage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWizardPage::changeEvent(event);
}

void CertificatePage::initializePage()
{
    auto csr = crypto::readTextFile(m_wizard.store() / kRequestFile, std::size_t{1} << 20);
    m_csr->setPlainText(csr ? QString::fromStdString(*csr) : QString());
    if (!csr) m_error->setText(tr("The certificate request cannot be read: %1").arg(message(csr.error())));
    const bool resumed = !m_wizard.havePassphrase();
    m_passLabel->setVisible(resumed);
    m_pass->setVisible(resumed);
}

void CertificatePage::copyCsr()
{
    QGuiApplication::clipboard()->setText(m_csr->toPlainText());
}

void CertificatePage::saveCsr()
{
    const QString f =
        QFileDialog::getSaveFileName(this, tr("Save the certificate request"), QStringLiteral("sandi-request.csr"),
                                     tr("Certificate requests (*.csr *.pem)"));
    if (f.isEmpty()) return;
    const Status s = crypto::writeFileAtomically(fs::path(f.toStdString()), m_csr->toPlainText().toStdString(),
                                                 crypto::FileMode::Public);
    m_error->setText(s ? QString() : tr("The request could not be saved: %1").arg(message(s.error())));
}

bool CertificatePage::isComplete() const
{
    if (!m_wizard.havePassphrase() && m_pass->text().isEmpty()) return false;
    return !m_cert->text().trimmed().isEmpty() && !m_trust->text().trimmed().isEmpty();
}

bool CertificatePage::validatePage()
{
    crypto::SecureBuffer resumed;
    if (!m_wizard.havePassphrase()) resumed = takeSecret(*m_pass);
    const crypto::SecureBuffer& pass = m_wizard.havePassphrase() ? m_wizard.passphrase() : resumed;
    client::InitParams params;
    params.certificate = fs::path(m_cert->text().trimmed().toStdString());
    params.trust = splitFiles(m_trust->text());
    params.crls = splitFiles(m_crls->text());
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const Status done = client::Account::init(m_wizard.store(), pass, params);
    QApplication::restoreOverrideCursor();
    if (!done) {
        if (done.error().code == ErrorCode::WrongPassphrase)
            m_error->setText(tr("The passphrase is not correct."));
        else
            m_error->setText(tr("The certificate was not accepted: %1").arg(message(done.error())));
        return false;
    }
    m_error->clear();
    if (!m_wizard.havePassphrase()) m_wizard.setPassphrase(std::move(resumed));
    return true;
}

// ---- 3. Signer

SignerPage::SignerPage(SetupWizard& wizard)
    : QWizardPage(&wizard), m_wizard(wizard), m_intro(new QLabel(this)), m_skip(new QRadioButton(this)),
      m_pkcs12(new QRadioButton(this)), m_pkcs11(new QRadioButton(this)), m_kind(new QButtonGroup(this)),
      m_fileLabel(new QLabel(this)), m_file(lineEdit(QStringLiteral("setupPkcs12File"), this)),
      m_browseFile(button(QStringLiteral("setupBrowsePkcs12"), this)), m_filePassLabel(new QLabel(this)),
      m_filePass(makeSecretField(QStringLiteral("setupPkcs12Passphrase"), QString(), this)),
      m_moduleLabel(new QLabel(this)), m_module(lineEdit(QStringLiteral("setupPkcs11Module"), this)),
      m_browseModule(button(QStringLiteral("setupBrowsePkcs11Module"), this)), m_tokenLabel(new QLabel(this)),
      m_token(lineEdit(QStringLiteral("setupPkcs11Token"), this)), m_keyLabel(new QLabel(this)),
      m_key(lineEdit(QStringLiteral("setupPkcs11Key"), this)), m_tokenCertLabel(new QLabel(this)),
      m_tokenCert(lineEdit(QStringLiteral("setupPkcs11Certificate"), this)),
      m_browseTokenCert(button(QStringLiteral("setupBrowsePkcs11Certificate"), this)), m_pinLabel(new QLabel(this)),
      m_pin(makeSecretField(QStringLiteral("setupPkcs11Pin"), QString(), this)),
      m_result(errorLabel(QStringLiteral("setupSignerResult"), this))
{
    setObjectName(QStringLiteral("setupSignerPage"));
    m_intro->setWordWrap(true);
    m_skip->setObjectName(QStringLiteral("setupSignerSkip"));
    m_pkcs12->setObjectName(QStringLiteral("setupSignerPkcs12"));
    m_pkcs11->setObjectName(QStringLiteral("setupSignerPkcs11"));
    m_kind->addButton(m_skip);
    m_kind->addButton(m_pkcs12);
    m_kind->addButton(m_pkcs11);
    m_skip->setChecked(true);
    auto* form = new QFormLayout;
    form->addRow(m_pkcs12);
    form->addRow(m_fileLabel, besides(m_file, m_browseFile));
    form->addRow(m_filePassLabel, m_filePass);
    form->addRow(m_pkcs11);
    form->addRow(m_moduleLabel, besides(m_module, m_browseModule));
    form->addRow(m_tokenLabel, m_token);
    form->addRow(m_keyLabel, m_key);
    form->addRow(m_tokenCertLabel, besides(m_tokenCert, m_browseTokenCert));
    form->addRow(m_pinLabel, m_pin);
    m_tokenCertLabel->setBuddy(m_tokenCert);
    m_fileLabel->setBuddy(m_file);
    m_filePassLabel->setBuddy(m_filePass);
    m_moduleLabel->setBuddy(m_module);
    m_tokenLabel->setBuddy(m_token);
    m_keyLabel->setBuddy(m_key);
    m_pinLabel->setBuddy(m_pin);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_skip);
    layout->addLayout(form);
    layout->addWidget(m_result);
    layout->addStretch();
    connect(m_kind, &QButtonGroup::buttonToggled, this, &SignerPage::updateEnabled);
    connect(m_browseFile, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Signing key"), QString(),
                                                       tr("PKCS#12 files (*.p12 *.pfx);;All files (*)"));
        if (!f.isEmpty()) m_file->setText(f);
    });
    connect(m_browseModule, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("PKCS#11 module"), QStringLiteral("/usr/lib"),
                                                       tr("Libraries (*.so*);;All files (*)"));
        if (!f.isEmpty()) m_module->setText(f);
    });
    connect(m_browseTokenCert, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("The token's certificate"), QString(),
                                                       tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!f.isEmpty()) m_tokenCert->setText(f);
    });
    updateEnabled();
    retranslate();
}

void SignerPage::retranslate()
{
    setTitle(tr("The signing key"));
    m_intro->setText(tr("Documents and memos are signed with the official's signing certificate from the office "
                        "CA: a PKCS#12 file (kept in the store under its own passphrase, asked for when signing) "
                        "or a USB token (its PIN is asked for when signing, never kept)."));
    m_skip->setText(tr("&Later (no signing key now)"));
    m_skip->setAccessibleName(tr("Set up the signing key later"));
    m_pkcs12->setText(tr("PKCS#12 &file from the office CA"));
    m_pkcs12->setAccessibleName(tr("Signing key from a PKCS#12 file"));
    m_pkcs11->setText(tr("PKCS#11 &token"));
    m_pkcs11->setAccessibleName(tr("Signing key on a PKCS#11 token"));
    m_fileLabel->setText(tr("File:"));
    m_file->setAccessibleName(tr("PKCS#12 file"));
    m_filePassLabel->setText(tr("Its passphrase:"));
    m_filePass->setAccessibleName(tr("Passphrase of the PKCS#12 file"));
    m_moduleLabel->setText(tr("Module:"));
    m_module->setAccessibleName(tr("PKCS#11 module library"));
    m_tokenLabel->setText(tr("Token label:"));
    m_token->setAccessibleName(tr("Token label"));
    m_keyLabel->setText(tr("Key label:"));
    m_key->setAccessibleName(tr("Key label on the token"));
    m_tokenCertLabel->setText(tr("Certificate file:"));
    m_tokenCert->setPlaceholderText(tr("only if the token holds no certificate"));
    m_tokenCert->setAccessibleName(tr("Signing certificate file, for a token that holds only the key"));
    m_pinLabel->setText(tr("PIN (to test):"));
    m_pin->setAccessibleName(tr("Token PIN, to test the token"));
    for (QPushButton* b : {m_browseFile, m_browseModule, m_browseTokenCert}) {
        b->setText(tr("Browse…"));
        b->setAccessibleName(tr("Choose a file"));
    }
}

void SignerPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWizardPage::changeEvent(event);
}

void SignerPage::updateEnabled()
{
    const bool file = m_pkcs12->isChecked();
    const bool token = m_pkcs11->isChecked();
    for (QWidget* w : std::initializer_list<QWidget*>{m_file, m_browseFile, m_filePass})
        w->setEnabled(file);
    for (QWidget* w : std::initializer_list<QWidget*>{m_module, m_browseModule, m_token, m_key, m_tokenCert,
                                                      m_browseTokenCert, m_pin})
        w->setEnabled(token);
}

bool SignerPage::validatePage()
{
    if (m_skip->isChecked()) {
        m_wizard.settings().setSignerKind(SignerKind::None);
        return true;
    }
    Result<std::shared_ptr<crypto::Signer>> opened = fail(ErrorCode::InvalidArgument, "");
    QApplication::setOverrideCursor(Qt::WaitCursor);
    if (m_pkcs12->isChecked()) {
        const crypto::SecureBuffer pass = takeSecret(*m_filePass);
        opened = importPkcs12Signer(m_wizard.store(), fs::path(m_file->text().trimmed().toStdString()), pass);
    } else {
        crypto::Pkcs11Options token;
        token.module = m_module->text().trimmed().toStdString();
        token.tokenLabel = m_token->text().trimmed().toStdString();
        token.keyLabel = m_key->text().trimmed().toStdString();
        const crypto::SecureBuffer pin = takeSecret(*m_pin);
        opened = setUpTokenSigner(m_wizard.store(), token, pin, fs::path(m_tokenCert->text().trimmed().toStdString()));
        if (opened) m_wizard.settings().setPkcs11(token);
    }
    QApplication::restoreOverrideCursor();
    if (!opened) {
        if (opened.error().code == ErrorCode::WrongPassphrase)
            m_result->setText(m_pkcs12->isChecked() ? tr("The passphrase of the PKCS#12 file is not correct.")
                                                    : tr("The PIN is not correct."));
        else
            m_result->setText(tr("The signing key could not be opened: %1").arg(message(opened.error())));
        return false;
    }
    m_wizard.settings().setSignerKind(m_pkcs12->isChecked() ? SignerKind::Pkcs12 : SignerKind::Pkcs11);
    m_result->clear();
    return true;
}

// ---- 4. Relay

RelayPage::RelayPage(SetupWizard& wizard)
    : QWizardPage(&wizard), m_wizard(wizard), m_intro(new QLabel(this)), m_relays(new QPlainTextEdit(this)),
      m_test(button(QStringLiteral("setupTestRelay"), this)), m_result(new QLabel(this))
{
    setObjectName(QStringLiteral("setupRelayPage"));
    m_intro->setWordWrap(true);
    m_relays->setObjectName(QStringLiteral("setupRelays"));
    m_relays->setTabChangesFocus(true);
    m_relays->setMaximumHeight(m_relays->fontMetrics().lineSpacing() * 5);
    m_result->setObjectName(QStringLiteral("setupRelayResult"));
    m_result->setTextFormat(Qt::PlainText); // the relay's and client/core's words: never markup
    m_result->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_relays);
    layout->addWidget(m_test, 0, Qt::AlignLeft);
    layout->addWidget(m_result);
    layout->addStretch();
    connect(m_relays, &QPlainTextEdit::textChanged, this, &QWizardPage::completeChanged);
    connect(m_test, &QPushButton::clicked, this, &RelayPage::test);
    connect(&m_probe, &RelayProbe::finished, this, &RelayPage::showProbe);
    setFinalPage(true);
    retranslate();
}

void RelayPage::retranslate()
{
    setTitle(tr("The relay"));
    m_intro->setText(tr("The province's relay carries the encrypted memos. Enter its address as wss://HOST:PORT "
                        "(one per line if there are several), and test it: Sandi connects with this device's "
                        "certificate."));
    m_relays->setAccessibleName(tr("Relay addresses, one per line"));
    m_relays->setPlaceholderText(QStringLiteral("wss://relay.example.go.id:8443"));
    m_test->setText(tr("&Test"));
    m_test->setAccessibleName(tr("Test the connection to the relay"));
}

void RelayPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWizardPage::changeEvent(event);
}

bool RelayPage::isComplete() const
{
    return !m_relays->toPlainText().trimmed().isEmpty();
}

void RelayPage::test()
{
    auto urls = parseRelayUrls(m_relays->toPlainText());
    if (!urls) {
        showProbe(false, message(urls.error()));
        return;
    }
    // The TLS configuration (device certificate and key) of the account, opened only for
    // as long as it takes to copy it: the key store's lock is not held while testing.
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto account = client::Account::open(m_wizard.store(), m_wizard.passphrase());
    QApplication::restoreOverrideCursor();
    if (!account) {
        showProbe(false, message(account.error()));
        return;
    }
    const QSslConfiguration tls = (*account)->tls();
    account->reset();
    m_result->setText(tr("Connecting…"));
    m_test->setEnabled(false);
    m_probe.probe(tls, *urls);
}

void RelayPage::showProbe(bool ok, const QString& detail)
{
    m_test->setEnabled(true);
    if (ok) {
        m_result->setStyleSheet(QString());
        m_result->setText(tr("Connected to %1: the relay accepts this device.").arg(detail));
    } else {
        m_result->setStyleSheet(toneStyle(Tone::Danger));
        m_result->setText(tr("The relay test failed: %1").arg(detail));
    }
}

void RelayPage::cleanupPage()
{
    m_probe.cancel();
    m_test->setEnabled(true);
}

bool RelayPage::validatePage()
{
    m_probe.cancel();
    m_test->setEnabled(true);
    auto urls = parseRelayUrls(m_relays->toPlainText());
    if (!urls || urls->isEmpty()) {
        showProbe(false, urls ? tr("No relay address given.") : message(urls.error()));
        return false;
    }
    client::InitParams params;
    params.relays = *urls;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const Status done = client::Account::init(m_wizard.store(), m_wizard.passphrase(), params);
    QApplication::restoreOverrideCursor();
    if (!done) {
        showProbe(false, message(done.error()));
        return false;
    }
    return m_wizard.settings().sync();
}

// ---- The wizard

SetupWizard::SetupWizard(AppSettings& settings, fs::path store, QWidget* parent)
    : QWizard(parent), m_settings(settings), m_store(std::move(store)), m_relayPage(nullptr)
{
    setObjectName(QStringLiteral("setupWizard"));
    setOption(QWizard::NoBackButtonOnStartPage);
    setPage(IdentityPageId, new IdentityPage(*this));
    setPage(CertificatePageId, new CertificatePage(*this));
    setPage(SignerPageId, new SignerPage(*this));
    m_relayPage = new RelayPage(*this);
    setPage(RelayPageId, m_relayPage);
    setStartId(storeStage(m_store) == StoreStage::AwaitingCertificate ? CertificatePageId : IdentityPageId);
    retranslateButtons();
    // The commit button's text is the page's ("Create the request", ...): its name follows.
    connect(this, &QWizard::currentIdChanged, this, &SetupWizard::retranslateButtons);
    setWindowTitle(tr("Set up Sandi"));
}

void SetupWizard::retranslateButtons()
{
    const std::pair<QWizard::WizardButton, QString> names[] = {
        {QWizard::BackButton, tr("Back")},     {QWizard::NextButton, tr("Next")},
        {QWizard::FinishButton, tr("Finish")}, {QWizard::CancelButton, tr("Cancel the setup")},
        {QWizard::HelpButton, tr("Help")},
    };
    for (const auto& [which, name] : names)
        if (QAbstractButton* b = button(which)) b->setAccessibleName(name);
    if (QAbstractButton* commit = button(QWizard::CommitButton)) {
        QString text = commit->text();
        text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
        commit->setAccessibleName(text.isEmpty() ? tr("Continue") : text);
    }
}

SetupWizard::~SetupWizard() = default;

void SetupWizard::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        setWindowTitle(tr("Set up Sandi"));
        retranslateButtons();
    }
    QWizard::changeEvent(event);
}

bool SetupWizard::needed(const fs::path& store)
{
    return storeStage(store) != StoreStage::Ready;
}

crypto::SecureBuffer SetupWizard::takePassphrase()
{
    return std::exchange(m_pass, crypto::SecureBuffer());
}

} // namespace sandi::desktop
