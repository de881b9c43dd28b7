// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/unlock_dialog.h"

#include "sandi/desktop/theme.h"

#include "sandi/desktop/secret_field.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include <algorithm>

namespace sandi::desktop {

UnlockDialog::UnlockDialog(UnlockFunction unlock, QWidget* parent)
    : QDialog(parent), m_tryUnlock(std::move(unlock)), m_title(new QLabel(this)), m_account(new QLabel(this)),
      m_prompt(new QLabel(this)), m_pass(makeSecretField(QStringLiteral("unlockPassphrase"), QString(), this)),
      m_error(new QLabel(this)), m_unlock(new QPushButton(this)), m_quit(new QPushButton(this))
{
    setObjectName(QStringLiteral("unlockDialog"));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    m_account->setObjectName(QStringLiteral("unlockAccount"));
    m_account->setTextFormat(Qt::PlainText); // the official's name, from the certificate
    m_account->setVisible(false);
    m_prompt->setBuddy(m_pass);
    m_error->setObjectName(QStringLiteral("unlockError"));
    m_error->setTextFormat(Qt::PlainText); // client/core's errors: never markup
    m_error->setWordWrap(true);
    m_error->setStyleSheet(toneStyle(Tone::Danger));
    m_error->setAccessibleDescription(QString());
    m_unlock->setObjectName(QStringLiteral("unlockButton"));
    m_unlock->setDefault(true);
    m_quit->setObjectName(QStringLiteral("unlockQuit"));

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_quit);
    buttons->addWidget(m_unlock);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_account);
    layout->addWidget(m_prompt);
    layout->addWidget(m_pass);
    layout->addWidget(m_error);
    layout->addLayout(buttons);
    setTabOrder(m_pass, m_unlock);
    setTabOrder(m_unlock, m_quit);

    m_delay.setSingleShot(true);
    connect(&m_delay, &QTimer::timeout, this, &UnlockDialog::endDelay);
    connect(m_unlock, &QPushButton::clicked, this, &UnlockDialog::attempt);
    connect(m_quit, &QPushButton::clicked, this, &QDialog::reject);
    retranslate();
    m_pass->setFocus();
}

void UnlockDialog::setAccountText(const QString& text)
{
    m_account->setText(text);
    m_account->setVisible(!text.isEmpty());
}

void UnlockDialog::retranslate()
{
    setWindowTitle(tr("Unlock Sandi"));
    m_title->setText(tr("Sandi is locked"));
    m_prompt->setText(tr("&Passphrase of this device's store:"));
    m_pass->setAccessibleName(tr("Store passphrase"));
    m_unlock->setText(tr("&Unlock"));
    m_unlock->setAccessibleName(tr("Unlock"));
    m_quit->setText(tr("&Quit"));
    m_quit->setAccessibleName(tr("Quit Sandi"));
}

void UnlockDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) retranslate();
    QDialog::changeEvent(event);
}

void UnlockDialog::attempt()
{
    if (m_delay.isActive() || !m_unlock->isEnabled()) return;
    if (m_pass->text().isEmpty()) {
        m_error->setText(tr("Enter the passphrase."));
        return;
    }
    Status result;
    {
        const crypto::SecureBuffer pass = takeSecret(*m_pass);
        m_unlock->setEnabled(false);
        m_error->setText(tr("Opening the store…"));
        QApplication::setOverrideCursor(Qt::WaitCursor);
        result = m_tryUnlock(pass);
        QApplication::restoreOverrideCursor();
        m_unlock->setEnabled(true);
    }
    if (result) {
        m_failures = 0;
        m_error->clear();
        accept();
        return;
    }
    if (result.error().code != ErrorCode::WrongPassphrase) {
        // Not a guess gone wrong (the store is in use, a file is damaged): the message
        // names the problem and holds no secret.
        m_error->setText(tr("The store could not be opened: %1").arg(QString::fromStdString(result.error().message)));
        return;
    }
    ++m_failures;
    if (m_failures < kFreeUnlockAttempts) {
        m_error->setText(tr("The passphrase is not correct."));
        m_pass->setFocus();
        return;
    }
    const int doublings = std::min(m_failures - kFreeUnlockAttempts, 16);
    const auto delay = std::min(m_firstDelay * (std::chrono::milliseconds::rep{1} << doublings), kMaxUnlockDelay);
    m_error->setText(tr("The passphrase is not correct. Wait %n second(s) before the next attempt.", nullptr,
                        static_cast<int>((delay.count() + 999) / 1000)));
    m_pass->setEnabled(false);
    m_unlock->setEnabled(false);
    m_delay.start(delay);
}

void UnlockDialog::endDelay()
{
    m_pass->setEnabled(true);
    m_unlock->setEnabled(true);
    m_error->setText(tr("The passphrase is not correct. Try again."));
    m_pass->setFocus();
}

} // namespace sandi::desktop
