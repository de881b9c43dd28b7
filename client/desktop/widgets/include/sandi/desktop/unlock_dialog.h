// SPDX-License-Identifier: GPL-3.0-or-later
// "Sandi is locked": asks for the store passphrase and tries it with the function given
// (LockController opens the Session with it). A wrong passphrase says only that; after
// kFreeUnlockAttempts wrong ones in a row, each further attempt waits longer (doubling, at
// most kMaxUnlockDelay) before the field takes input again.
#pragma once

#include "sandi/core/result.h"
#include "sandi/core/secure_buffer.h"

#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>

#include <chrono>
#include <functional>

namespace sandi::desktop {

inline constexpr int kFreeUnlockAttempts = 3;
inline constexpr std::chrono::milliseconds kFirstUnlockDelay{2'000};
inline constexpr std::chrono::milliseconds kMaxUnlockDelay{30'000};

class UnlockDialog final : public QDialog {
    Q_OBJECT
  public:
    // `unlock` gets the passphrase (wiped afterwards); ok → the dialog accepts.
    using UnlockFunction = std::function<Status(const crypto::SecureBuffer& passphrase)>;
    explicit UnlockDialog(UnlockFunction unlock, QWidget* parent = nullptr);

    void setAccountText(const QString& text); // e.g. the store directory or the official's name
    // The delay after kFreeUnlockAttempts failures; tests shorten it.
    void setFirstDelay(std::chrono::milliseconds delay) { m_firstDelay = delay; }

    [[nodiscard]] QLineEdit* passphraseField() const noexcept { return m_pass; }
    [[nodiscard]] QPushButton* unlockButton() const noexcept { return m_unlock; }
    [[nodiscard]] QLabel* errorLabel() const noexcept { return m_error; }
    [[nodiscard]] int failures() const noexcept { return m_failures; }
    [[nodiscard]] bool waiting() const noexcept { return m_delay.isActive(); }

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void attempt();
    void retranslate();
    void endDelay();

    UnlockFunction m_tryUnlock;
    QLabel* m_title;
    QLabel* m_account;
    QLabel* m_prompt;
    QLineEdit* m_pass;
    QLabel* m_error;
    QPushButton* m_unlock;
    QPushButton* m_quit;
    QTimer m_delay;
    int m_failures = 0;
    std::chrono::milliseconds m_firstDelay = kFirstUnlockDelay;
};

} // namespace sandi::desktop
