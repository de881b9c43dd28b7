// SPDX-License-Identifier: GPL-3.0-or-later
#include "worker.h"

#include "connection.h"
#include "log.h"

#include <QSslSocket>
#include <QTimer>
#include <QWebSocket>

namespace sandi::server {

Worker::Worker(RelayContext& context, const QSslConfiguration& tls)
    : m_ctx(context), m_tls(tls), m_ws(QStringLiteral("sandi-relay"), QWebSocketServer::NonSecureMode, this)
{
    m_ws.setHandshakeTimeout(std::chrono::milliseconds(m_ctx.config().handshakeTimeoutMs));
    connect(&m_ws, &QWebSocketServer::newConnection, this, &Worker::onWebSocket);
}

void Worker::adopt(qint64 descriptor, const QString& peerAddress)
{
    auto* socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(static_cast<qintptr>(descriptor))) {
        m_ctx.releaseAddress(peerAddress);
        delete socket;
        return;
    }
    // Small frames (responses, pushes) go out at once: with Nagle's algorithm a frame
    // written while the previous one is unacknowledged waits for the peer's delayed ACK.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    socket->setSslConfiguration(m_tls);
    socket->setProperty("sandi.address", peerAddress);
    auto* timer = new QTimer(socket);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, socket, [this, socket, peerAddress] {
        ++m_ctx.metrics().refusedHandshakes;
        m_ctx.audit("refused", {}, "handshake timeout from " + peerAddress);
        socket->abort();
    });
    timer->start(m_ctx.config().handshakeTimeoutMs);
    socket->setProperty("sandi.timer", QVariant::fromValue(static_cast<QObject*>(timer)));
    connect(socket, &QSslSocket::encrypted, this, [this, socket] { onEncrypted(socket); });
    connect(socket, &QSslSocket::sslErrors, this, [this, socket, peerAddress](const QList<QSslError>& errors) {
        ++m_ctx.metrics().refusedHandshakes;
        QString why = errors.isEmpty() ? QStringLiteral("TLS error") : errors.first().errorString();
        m_ctx.audit("refused", {}, "TLS handshake from " + peerAddress + ": " + why);
    });
    const std::pair<QString, quint16> key{socket->peerAddress().toString(), socket->peerPort()};
    connect(socket, &QSslSocket::disconnected, this, [this, socket, peerAddress, key] {
        // Until a Connection takes over, this worker owns the socket's count.
        const bool wasPending = m_pending.erase(key) > 0;
        const bool upgraded = socket->property("sandi.upgraded").toBool();
        if (upgraded && !wasPending) return; // the Connection's now
        m_ctx.releaseAddress(peerAddress);
        if (!upgraded) socket->deleteLater();
    });
    socket->startServerEncryption();
}

void Worker::onEncrypted(QSslSocket* socket)
{
    const QString address = socket->property("sandi.address").toString();
    std::vector<QByteArray> chain;
    const QSslCertificate leaf = socket->peerCertificate();
    if (!leaf.isNull()) chain.push_back(leaf.toDer());
    for (const QSslCertificate& c : socket->peerCertificateChain()) {
        const QByteArray der = c.toDer();
        if (!chain.empty() && der == chain.front()) continue;
        chain.push_back(der);
    }
    auto device = m_ctx.trust().authenticate(chain, m_ctx.now());
    if (!device) {
        ++m_ctx.metrics().refusedHandshakes;
        m_ctx.audit("refused", chain.empty() ? QString() : wire::deviceIdOf(chain.front()),
                    "from " + address + ": " + QString::fromStdString(device.error().message));
        socket->abort();
        return;
    }
    m_pending[{socket->peerAddress().toString(), socket->peerPort()}] = Pending{std::move(*device), address, socket};
    socket->setProperty("sandi.upgraded", true);
    m_ws.handleConnection(socket);
}

void Worker::onWebSocket()
{
    while (QWebSocket* ws = m_ws.nextPendingConnection()) {
        auto it = m_pending.find({ws->peerAddress().toString(), ws->peerPort()});
        if (it == m_pending.end()) {
            ws->abort();
            ws->deleteLater();
            continue;
        }
        Pending p = std::move(it->second);
        m_pending.erase(it);
        if (auto* timer = p.socket->property("sandi.timer").value<QObject*>()) timer->deleteLater();
        new Connection(ws, std::move(p.device), p.address, m_ctx, this);
    }
}

} // namespace sandi::server
