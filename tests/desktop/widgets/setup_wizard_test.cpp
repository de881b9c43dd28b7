// SPDX-License-Identifier: GPL-3.0-or-later
// The first-run wizard driven like a person would: the identity page makes the store and
// the CSR, the office CA issues the device certificate from it, the certificate page
// completes the account, the signer page imports a PKCS#12, the relay page tests and saves
// the relay; the store then opens with Account::open.
#include "enrolled_store.h"
#include "relay_process.h"
#include "sandi/desktop/setup_wizard.h"
#include "sandi/desktop/signer_store.h"
#include "sandi/desktop/store_stage.h"

#include <QAbstractButton>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QTcpServer>
#include <QTest>

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::crypto;
using namespace sandi::desktop;
namespace fs = std::filesystem;

namespace sandi::test {
quint16 closedPort()
{
    QTcpServer s;
    if (!s.listen(QHostAddress::LocalHost)) return 1;
    return s.serverPort();
}
} // namespace sandi::test

namespace {

template <class T> T* child(QWidget& parent, const char* name)
{
    T* w = parent.findChild<T*>(QString::fromLatin1(name));
    EXPECT_NE(w, nullptr) << name;
    return w;
}

void type(QWidget& parent, const char* name, const QString& text)
{
    auto* e = child<QLineEdit>(parent, name);
    ASSERT_NE(e, nullptr);
    e->clear();
    QTest::keyClicks(e, text);
}

void click(QWizard& w, QWizard::WizardButton which)
{
    QAbstractButton* b = w.button(which);
    ASSERT_TRUE(b->isVisible()) << which;
    ASSERT_TRUE(b->isEnabled()) << which;
    QTest::mouseClick(b, Qt::LeftButton);
}

QString text(QWidget& parent, const char* name)
{
    auto* l = child<QLabel>(parent, name);
    return l ? l->text() : QString();
}

} // namespace

TEST(SetupWizard, EndToEnd)
{
    test::TestPki pki;
    test::TempDir tmp;
    AppSettings settings(QString::fromStdString((tmp.path() / "desktop.ini").string()));
    const fs::path store = tmp.path() / "sandi";
    ASSERT_TRUE(SetupWizard::needed(store));
    SetupWizard w(settings, store);
    w.show();
    ASSERT_EQ(w.currentId(), SetupWizard::IdentityPageId);

    // 1. Identity: mistakes are caught on the page, nothing is created.
    type(w, "setupName", QStringLiteral("Sri Wahyuni (laptop)"));
    type(w, "setupNip", QStringLiteral("1987"));
    type(w, "setupPosition", QStringLiteral("Kepala Bidang Persandian"));
    type(w, "setupPassphrase", QStringLiteral("kopi tubruk pagi hari"));
    type(w, "setupPassphraseRepeat", QStringLiteral("kopi tubruk pagi hari"));
    EXPECT_FALSE(text(w, "setupStrength").isEmpty());
    click(w, QWizard::CommitButton);
    EXPECT_EQ(w.currentId(), SetupWizard::IdentityPageId);
    EXPECT_EQ(text(w, "setupIdentityError"), "The NIP has 18 digits.");
    type(w, "setupNip", QStringLiteral("198707212011012006"));
    type(w, "setupPassphraseRepeat", QStringLiteral("kopi tubruk sore hari"));
    click(w, QWizard::CommitButton);
    EXPECT_EQ(w.currentId(), SetupWizard::IdentityPageId);
    EXPECT_EQ(text(w, "setupIdentityError"), "The two passphrases differ.");
    EXPECT_EQ(storeStage(store), StoreStage::Empty);
    type(w, "setupPassphraseRepeat", QStringLiteral("kopi tubruk pagi hari"));
    click(w, QWizard::CommitButton);
    ASSERT_EQ(w.currentId(), SetupWizard::CertificatePageId) << text(w, "setupIdentityError").toStdString();
    EXPECT_EQ(storeStage(store), StoreStage::AwaitingCertificate);
    ASSERT_TRUE(fs::exists(store / "request.csr.pem"));
    EXPECT_TRUE(child<QLineEdit>(w, "setupPassphrase")->text().isEmpty()); // cleared
    auto* csr = child<QPlainTextEdit>(w, "setupCsrText");
    EXPECT_TRUE(csr->toPlainText().startsWith(QStringLiteral("-----BEGIN CERTIFICATE REQUEST-----")));
    EXPECT_FALSE(child<QLineEdit>(w, "setupResumePassphrase")->isVisible()); // the passphrase is at hand

    // 2. The office CA issues the device certificate from the CSR.
    const test::IssuedDevice issued = test::issueDeviceFromCsr(pki, store / "request.csr.pem", tmp.path());
    // The wrong file first: a certificate for someone else's key.
    type(w, "setupCertificateFile", QString::fromStdString(issued.trust.string()));
    type(w, "setupTrustFiles", QString::fromStdString(issued.trust.string()));
    type(w, "setupCrlFiles", QString::fromStdString(issued.crls.string()));
    click(w, QWizard::CommitButton);
    EXPECT_EQ(w.currentId(), SetupWizard::CertificatePageId);
    EXPECT_TRUE(text(w, "setupCertificateError").startsWith(QStringLiteral("The certificate was not accepted")));
    type(w, "setupCertificateFile", QString::fromStdString(issued.chain.string()));
    click(w, QWizard::CommitButton);
    ASSERT_EQ(w.currentId(), SetupWizard::SignerPageId) << text(w, "setupCertificateError").toStdString();
    EXPECT_EQ(storeStage(store), StoreStage::Ready);
    EXPECT_FALSE(SetupWizard::needed(store));

    // 3. The signing key: a PKCS#12 from the office CA, its passphrase checked.
    const auto p12Pass = SecureBuffer::fromString("kunci tanda tangan");
    const fs::path p12 = test::makeSignerP12(pki, tmp.path(), p12Pass);
    auto* pkcs12 = child<QRadioButton>(w, "setupSignerPkcs12");
    QTest::mouseClick(pkcs12, Qt::LeftButton, {}, QPoint(6, pkcs12->height() / 2)); // on the indicator
    EXPECT_TRUE(pkcs12->isChecked());
    ASSERT_TRUE(child<QLineEdit>(w, "setupPkcs12File")->isEnabled());
    type(w, "setupPkcs12File", QString::fromStdString(p12.string()));
    type(w, "setupPkcs12Passphrase", QStringLiteral("salah"));
    click(w, QWizard::NextButton);
    EXPECT_EQ(w.currentId(), SetupWizard::SignerPageId);
    EXPECT_EQ(text(w, "setupSignerResult"), "The passphrase of the PKCS#12 file is not correct.");
    EXPECT_FALSE(fs::exists(storedPkcs12Path(store)));
    type(w, "setupPkcs12Passphrase", QStringLiteral("kunci tanda tangan"));
    click(w, QWizard::NextButton);
    ASSERT_EQ(w.currentId(), SetupWizard::RelayPageId) << text(w, "setupSignerResult").toStdString();
    EXPECT_TRUE(fs::exists(storedPkcs12Path(store)));
    EXPECT_EQ(settings.signerKind(), SignerKind::Pkcs12);
    EXPECT_TRUE(child<QLineEdit>(w, "setupPkcs12Passphrase")->text().isEmpty());

    // 4. The relay: a bad address is refused; the test of an unreachable relay says so
    // without blocking (the event loop runs while it connects).
    auto* relays = child<QPlainTextEdit>(w, "setupRelays");
    relays->setPlainText(QStringLiteral("http://relay:80"));
    QTest::mouseClick(child<QAbstractButton>(w, "setupTestRelay"), Qt::LeftButton);
    EXPECT_TRUE(text(w, "setupRelayResult").contains(QStringLiteral("not wss://HOST:PORT")));
    const QString url = QStringLiteral("wss://127.0.0.1:%1").arg(test::closedPort());
    relays->setPlainText(url);
    QTest::mouseClick(child<QAbstractButton>(w, "setupTestRelay"), Qt::LeftButton);
    EXPECT_EQ(text(w, "setupRelayResult"), "Connecting…");
    EXPECT_TRUE(
        QTest::qWaitFor([&] { return text(w, "setupRelayResult").startsWith("The relay test failed"); }, 20'000))
        << text(w, "setupRelayResult").toStdString();
    // The real relay, trusting the office's PKI: the test connects with the device
    // certificate and the relay takes the hello.
    test::RelayProcess relay(pki, issued, tmp.path());
    ASSERT_FALSE(relay.url().isEmpty()) << "sandi-relay did not start";
    relays->setPlainText(relay.url());
    QTest::mouseClick(child<QAbstractButton>(w, "setupTestRelay"), Qt::LeftButton);
    EXPECT_TRUE(
        QTest::qWaitFor([&] { return !text(w, "setupRelayResult").startsWith(QStringLiteral("Connecting")); }, 20'000));
    EXPECT_EQ(text(w, "setupRelayResult"),
              QStringLiteral("Connected to %1: the relay accepts this device.").arg(relay.url()));
    relays->setPlainText(url + QLatin1Char('\n') + relay.url());
    click(w, QWizard::FinishButton);
    EXPECT_EQ(w.result(), QDialog::Accepted);

    const SecureBuffer pass = w.takePassphrase();
    ASSERT_FALSE(pass.empty());
    EXPECT_TRUE(w.takePassphrase().empty()); // taken once
    auto account = client::Account::open(store, pass);
    ASSERT_TRUE(account) << account.error().message;
    EXPECT_EQ((*account)->relays(), (QStringList{url, relay.url()}));
    EXPECT_EQ((*account)->self().name, "Sri Wahyuni (laptop)");
    EXPECT_EQ((*account)->self().identity.nip, "198707212011012006");
    EXPECT_EQ((*account)->self().position, "Kepala Bidang Persandian");
    EXPECT_FALSE(client::Account::open(store, SecureBuffer::fromString("kopi tubruk sore hari")));
}

TEST(SetupWizard, ResumesAtTheCertificatePage)
{
    test::TestPki pki;
    test::TempDir tmp;
    AppSettings settings(QString::fromStdString((tmp.path() / "desktop.ini").string()));
    const fs::path store = tmp.path() / "sandi";
    const auto pass = SecureBuffer::fromString("nasi goreng kampung");
    SystemRandom rng;
    test::must(client::Account::request(store, pass, {"Sri Wahyuni (PC)", "198707212011012006", ""},
                                        tmp.path() / "pc.csr", rng));
    const test::IssuedDevice issued = test::issueDeviceFromCsr(pki, tmp.path() / "pc.csr", tmp.path());

    SetupWizard w(settings, store); // a later start: the request was made before
    w.show();
    ASSERT_EQ(w.currentId(), SetupWizard::CertificatePageId);
    EXPECT_FALSE(child<QPlainTextEdit>(w, "setupCsrText")->toPlainText().isEmpty());
    ASSERT_TRUE(child<QLineEdit>(w, "setupResumePassphrase")->isVisible());
    type(w, "setupCertificateFile", QString::fromStdString(issued.chain.string()));
    type(w, "setupTrustFiles", QString::fromStdString(issued.trust.string()));
    type(w, "setupCrlFiles", QString::fromStdString(issued.crls.string()));
    EXPECT_FALSE(w.button(QWizard::CommitButton)->isEnabled()); // no passphrase yet
    type(w, "setupResumePassphrase", QStringLiteral("nasi goreng kota"));
    click(w, QWizard::CommitButton);
    EXPECT_EQ(w.currentId(), SetupWizard::CertificatePageId);
    EXPECT_EQ(text(w, "setupCertificateError"), "The passphrase is not correct.");
    EXPECT_TRUE(child<QLineEdit>(w, "setupResumePassphrase")->text().isEmpty());
    type(w, "setupResumePassphrase", QStringLiteral("nasi goreng kampung"));
    click(w, QWizard::CommitButton);
    ASSERT_EQ(w.currentId(), SetupWizard::SignerPageId) << text(w, "setupCertificateError").toStdString();
    // The signer is skipped (the default).
    click(w, QWizard::NextButton);
    ASSERT_EQ(w.currentId(), SetupWizard::RelayPageId);
    EXPECT_EQ(settings.signerKind(), SignerKind::None);
    child<QPlainTextEdit>(w, "setupRelays")->setPlainText(QStringLiteral("wss://relay.example:8443"));
    click(w, QWizard::FinishButton);
    EXPECT_EQ(w.result(), QDialog::Accepted);
    const SecureBuffer got = w.takePassphrase();
    auto account = client::Account::open(store, got);
    ASSERT_TRUE(account) << account.error().message;
    EXPECT_EQ((*account)->relays(), QStringList{QStringLiteral("wss://relay.example:8443")});
}
