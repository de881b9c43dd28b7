// SPDX-License-Identifier: GPL-3.0-or-later
// The connection to the relay: a WebSocket over TLS 1.3 with the device certificate,
// the hello, requests matched to their responses by id, pushes as a signal, and
// reconnection with exponential backoff across the configured relay URLs
// (docs/protocol.md, "Relay protocol"). Runs on the thread that owns it.
#pragma once

#include "sandi/core/result.h"
#include "sandi/wire/messages.h"

#include <QObject>
#include <QSslConfiguration>
#include <QStringList>
#include <QTimer>
#include <QWebSocket>

#include <functional>
#include <map>

namespace sandi::client {

inline constexpr int kReconnectInitialMs = 500;
inline constexpr int kReconnectMaxMs = 30'000;
inline constexpr int kDefaultCallTimeoutMs = 30'000;

// A relay's refusal as an Error: the wire code first ("QUEUE_FULL: …"), and an
// ErrorCode a caller can branch on (Io: unreachable or connection lost).
Error relayError(const QString& code, const QString& text);
// The wire code of an error made by relayError ("" for others).
QString relayErrorCode(const Error& error);

class RelayClient final : public QObject {
    Q_OBJECT
  public:
    RelayClient(const QSslConfiguration& tls, QStringList urls, QString agent, QObject* parent = nullptr);
    ~RelayClient() override;

    // Connects (and keeps reconnecting while `reconnect` is set) and says hello.
    void start(bool reconnect = true);
    void stop();
    [[nodiscard]] bool ready() const noexcept { return m_ready; }
    [[nodiscard]] const wire::HelloOk& hello() const noexcept { return m_hello; }
    [[nodiscard]] QString currentUrl() const;

    using Done = std::function<void(Result<QCborMap>)>;
    // Sends a request; `done` runs once, with the response, a refusal, or Io when the
    // connection is lost or the timeout passes first.
    void call(const QString& op, const QCborMap& body, Done done, int timeoutMs = kDefaultCallTimeoutMs);

    // For scripts: run the event loop until ready (or the first failure when not
    // reconnecting, or the timeout), or until the response arrives.
    Status waitReady(int timeoutMs);
    Result<QCborMap> callSync(const QString& op, const QCborMap& body, int timeoutMs = kDefaultCallTimeoutMs);
    // The last reason the connection failed or closed ("" if none).
    [[nodiscard]] const Error& lastError() const noexcept { return m_lastError; }

  signals:
    void connected(const sandi::wire::HelloOk& hello);
    void pushReceived(const sandi::wire::Frame& frame);
    void connectionLost(const QString& reason);
    void stopped(); // stop() was called: waits end, calls fail

  private:
    void connectNext();
    void onConnected();
    void onBinary(const QByteArray& message);
    void onClosed();
    void failAll(const Error& error);
    void scheduleReconnect();

    QSslConfiguration m_tls;
    QStringList m_urls;
    QString m_agent;
    int m_urlIndex = 0;
    QWebSocket* m_socket = nullptr;
    bool m_reconnect = true;
    bool m_stopped = true;
    bool m_ready = false;
    bool m_fatal = false; // the relay refused this device (revoked, unsupported version)
    int m_backoffMs = kReconnectInitialMs;
    QTimer m_retry;
    quint64 m_nextId = 1;
    struct Pending {
        Done done;
        QTimer* timer = nullptr;
    };
    std::map<quint64, Pending> m_pending;
    wire::HelloOk m_hello;
    Error m_lastError{ErrorCode::Io, ""};
    int m_attempts = 0;
};

} // namespace sandi::client
