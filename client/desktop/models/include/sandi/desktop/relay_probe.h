// SPDX-License-Identifier: GPL-3.0-or-later
// "Test the relay": connects to relay URLs with the device's TLS configuration, says hello
// and reports whether the relay accepted this device, without blocking the caller's event
// loop (RelayClient's signals, and a timeout of its own). One probe at a time.
#pragma once

#include "sandi/client/relay_client.h"

#include <QObject>
#include <QSslConfiguration>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace sandi::desktop {

inline constexpr int kRelayProbeTimeoutMs = 15'000;

// Relay URLs as an account takes them: wss://HOST:PORT, one per line (blank lines skipped).
// The first that is not of that form → InvalidArgument naming it.
Result<QStringList> parseRelayUrls(const QString& text);

class RelayProbe final : public QObject {
    Q_OBJECT
  public:
    explicit RelayProbe(QObject* parent = nullptr);
    ~RelayProbe() override;

    // Starts a probe (cancelling one under way): finished() follows, once.
    void probe(const QSslConfiguration& tls, const QStringList& urls, int timeoutMs = kRelayProbeTimeoutMs);
    void cancel(); // no finished() for the probe under way
    [[nodiscard]] bool running() const noexcept { return m_client != nullptr; }

  signals:
    // ok: the relay took the hello (`detail`: the URL); otherwise why not (never secret).
    void finished(bool ok, const QString& detail);

  private:
    void finish(bool ok, const QString& detail);
    std::unique_ptr<client::RelayClient> m_client;
    QTimer m_timeout;
};

} // namespace sandi::desktop
