// SPDX-License-Identifier: GPL-3.0-or-later
// A TLS worker: its own thread, its own sockets. It completes the TLS 1.3 handshake of
// the connections the acceptor hands it (mutual authentication: Qt checks the chain to
// the anchors during the handshake, then DeviceTrust validates it the way Sandi does —
// purpose, device profile, CRLs), upgrades them to WebSocket and runs a Connection for
// each. Several workers let every core carry TLS.
#pragma once

#include "relay_context.h"

#include <QSslConfiguration>
#include <QWebSocketServer>

#include <map>

class QSslSocket;

namespace sandi::server {

class Worker final : public QObject {
    Q_OBJECT
  public:
    Worker(RelayContext& context, const QSslConfiguration& tls);
    // Takes over an accepted socket (called through the event loop, on this thread).
    Q_INVOKABLE void adopt(qint64 descriptor, const QString& peerAddress);

  private:
    void onEncrypted(QSslSocket* socket);
    void onWebSocket();

    RelayContext& m_ctx;
    QSslConfiguration m_tls;
    QWebSocketServer m_ws;
    struct Pending {
        AuthenticatedDevice device;
        QString address;
        QSslSocket* socket = nullptr;
    };
    std::map<std::pair<QString, quint16>, Pending> m_pending; // by peer address and port
};

} // namespace sandi::server
