// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/client/relay_client.h"

#include <QEventLoop>
#include <QNetworkRequest>

#include <algorithm>
#include <cstdio>

namespace sandi::client {
namespace {
// SANDI_TRACE=1: each frame's kind, id and operation on stderr (never a body).
const bool kTrace = qEnvironmentVariableIsSet("SANDI_TRACE");
void trace(const char* dir, const wire::Frame& f)
{
    if (kTrace)
        std::fprintf(stderr, "[relay %s] kind=%d id=%llu op=%s %s\n", dir, static_cast<int>(f.kind),
                     static_cast<unsigned long long>(f.id), f.op.toUtf8().constData(),
                     f.errorCode.toUtf8().constData());
}
} // namespace

Error relayError(const QString& code, const QString& text)
{
    ErrorCode c = ErrorCode::Policy;
    if (code == wire::error::kNotFound || code == wire::error::kUnknownDevice)
        c = ErrorCode::NotFound;
    else if (code == wire::error::kBadRequest || code == wire::error::kBadFrame)
        c = ErrorCode::InvalidInput;
    else if (code == wire::error::kStorage || code == wire::error::kInternal || code == wire::error::kShuttingDown ||
             code == wire::error::kIdle)
        c = ErrorCode::Io;
    return Error{c, (code + ": " + text).toStdString()};
}

QString relayErrorCode(const Error& error)
{
    const auto colon = error.message.find(": ");
    if (colon == std::string::npos) return {};
    QString code = QString::fromStdString(error.message.substr(0, colon));
    for (QChar ch : code)
        if (!(ch.isUpper() || ch == '_')) return {};
    return code;
}

RelayClient::RelayClient(const QSslConfiguration& tls, QStringList urls, QString agent, QObject* parent)
    : QObject(parent), m_tls(tls), m_urls(std::move(urls)), m_agent(std::move(agent))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &RelayClient::connectNext);
}

RelayClient::~RelayClient()
{
    stop();
}

QString RelayClient::currentUrl() const
{
    return m_urls.isEmpty() ? QString() : m_urls.value(m_urlIndex % static_cast<int>(m_urls.size()));
}

void RelayClient::start(bool reconnect)
{
    m_reconnect = reconnect;
    m_stopped = false;
    m_fatal = false;
    if (m_urls.isEmpty()) {
        m_lastError = Error{ErrorCode::InvalidArgument, "no relay address configured (sandi account init --relay URL)"};
        return;
    }
    connectNext();
}

void RelayClient::stop()
{
    m_stopped = true;
    m_retry.stop();
    if (m_socket != nullptr) {
        QWebSocket* s = m_socket;
        m_socket = nullptr;
        s->disconnect(this);
        s->abort();
        s->deleteLater();
    }
    m_ready = false;
    failAll(Error{ErrorCode::Io, "the connection to the relay was closed"});
    emit stopped();
}

void RelayClient::connectNext()
{
    if (m_stopped) return;
    if (m_socket != nullptr) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    ++m_attempts;
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setSslConfiguration(m_tls);
    m_socket->setMaxAllowedIncomingMessageSize(static_cast<quint64>(wire::kMaxFrameBytesLimit));
    connect(m_socket, &QWebSocket::connected, this, &RelayClient::onConnected);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &RelayClient::onBinary);
    connect(m_socket, &QWebSocket::disconnected, this, &RelayClient::onClosed);
    connect(m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError>& errors) {
        m_lastError = Error{ErrorCode::Policy, "the relay's certificate is not accepted: " +
                                                   (errors.isEmpty() ? std::string("TLS error")
                                                                     : errors.first().errorString().toStdString())};
    });
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) {
                if (m_lastError.message.empty() || m_lastError.code == ErrorCode::Io)
                    m_lastError = Error{ErrorCode::Io, "relay " + currentUrl().toStdString() +
                                                           " unreachable: " + m_socket->errorString().toStdString()};
            });
    QUrl url(currentUrl());
    if (url.path().isEmpty()) url.setPath("/v1");
    m_socket->open(QNetworkRequest(url));
}

void RelayClient::onConnected()
{
    wire::Hello h{{wire::kProtocolVersion}, m_agent};
    const quint64 id = m_nextId++;
    m_pending[id] = Pending{[this](Result<QCborMap> r) {
                                if (!r) {
                                    m_lastError = r.error();
                                    if (m_socket) m_socket->close();
                                    return;
                                }
                                auto ok = wire::HelloOk::fromCbor(*r);
                                if (!ok) {
                                    m_lastError = ok.error().context("the relay's hello");
                                    if (m_socket) m_socket->close();
                                    return;
                                }
                                m_hello = *ok;
                                m_ready = true;
                                m_backoffMs = kReconnectInitialMs;
                                m_lastError = Error{ErrorCode::Io, ""};
                                emit connected(m_hello);
                            },
                            nullptr};
    m_socket->sendBinaryMessage(wire::request(id, wire::op::kHello, h.toCbor()).encode());
}

void RelayClient::onBinary(const QByteArray& message)
{
    auto frame = wire::Frame::decode(message, wire::kMaxFrameBytesLimit);
    if (!frame) {
        m_lastError = frame.error().context("from the relay");
        if (m_socket) m_socket->close(QWebSocketProtocol::CloseCodeProtocolError);
        return;
    }
    trace("<-", *frame);
    switch (frame->kind) {
    case wire::FrameKind::Response: {
        auto it = m_pending.find(frame->id);
        if (it == m_pending.end()) return;
        Pending p = std::move(it->second);
        m_pending.erase(it);
        if (p.timer) p.timer->deleteLater();
        if (frame->failed())
            p.done(fail(relayError(frame->errorCode, frame->errorText)));
        else
            p.done(frame->body);
        return;
    }
    case wire::FrameKind::Push:
        emit pushReceived(*frame);
        return;
    case wire::FrameKind::ConnectionError:
        m_lastError = relayError(frame->errorCode, frame->errorText);
        if (frame->errorCode == wire::error::kRevoked || frame->errorCode == wire::error::kUnsupportedVersion)
            m_fatal = true;
        return;
    case wire::FrameKind::Request:
        return; // the relay sends none
    }
}

void RelayClient::onClosed()
{
    const bool wasReady = m_ready;
    m_ready = false;
    if (m_socket != nullptr && m_lastError.message.empty()) {
        const QString reason = m_socket->closeReason();
        m_lastError = Error{ErrorCode::Io, "the relay closed the connection" +
                                               (reason.isEmpty() ? std::string() : ": " + reason.toStdString())};
    }
    if (!wasReady &&
        (m_lastError.message.empty() || m_lastError.message.find("remote host closed") != std::string::npos))
        m_lastError =
            Error{ErrorCode::Io, "relay " + currentUrl().toStdString() +
                                     " closed the connection before the WebSocket upgrade: the TLS handshake "
                                     "failed or the relay refused this device's certificate (revoked, expired "
                                     "or not trusted there; its audit log says which)"};
    failAll(m_lastError.message.empty() ? Error{ErrorCode::Io, "connection lost"} : m_lastError);
    emit connectionLost(QString::fromStdString(m_lastError.message));
    if (!m_stopped && m_reconnect && !m_fatal) scheduleReconnect();
}

void RelayClient::scheduleReconnect()
{
    ++m_urlIndex; // the next relay, if there are several
    m_retry.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, kReconnectMaxMs);
}

void RelayClient::failAll(const Error& error)
{
    auto pending = std::move(m_pending);
    m_pending.clear();
    for (auto& [id, p] : pending) {
        if (p.timer) p.timer->deleteLater();
        p.done(fail(error));
    }
}

void RelayClient::call(const QString& op, const QCborMap& body, Done done, int timeoutMs)
{
    if (!m_ready || m_socket == nullptr) {
        done(fail(m_lastError.message.empty() ? Error{ErrorCode::Io, "not connected to the relay"} : m_lastError));
        return;
    }
    const quint64 id = m_nextId++;
    auto* timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, id] {
        auto it = m_pending.find(id);
        if (it == m_pending.end()) return;
        Pending p = std::move(it->second);
        m_pending.erase(it);
        p.timer->deleteLater();
        p.done(fail(ErrorCode::Io, "the relay did not answer in time"));
    });
    timer->start(timeoutMs);
    m_pending[id] = Pending{std::move(done), timer};
    const wire::Frame f = wire::request(id, op, body);
    trace("->", f);
    m_socket->sendBinaryMessage(f.encode());
}

Status RelayClient::waitReady(int timeoutMs)
{
    if (m_ready) return {};
    if (m_stopped) return fail(ErrorCode::Io, "the connection to the relay was closed");
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(this, &RelayClient::connected, &loop, &QEventLoop::quit);
    connect(this, &RelayClient::stopped, &loop, &QEventLoop::quit);
    auto lost = connect(this, &RelayClient::connectionLost, &loop, [this, &loop] {
        if (!m_reconnect || m_fatal) loop.quit();
    });
    timeout.start(timeoutMs);
    if (m_urls.isEmpty()) return fail(m_lastError);
    loop.exec();
    disconnect(lost);
    if (m_ready) return {};
    if (!m_lastError.message.empty()) return fail(m_lastError);
    return fail(ErrorCode::Io, "relay " + currentUrl().toStdString() + " did not answer in time");
}

Result<QCborMap> RelayClient::callSync(const QString& op, const QCborMap& body, int timeoutMs)
{
    std::optional<Result<QCborMap>> result;
    QEventLoop loop;
    call(
        op, body,
        [&](Result<QCborMap> r) {
            result.emplace(std::move(r));
            loop.quit();
        },
        timeoutMs);
    if (!result) loop.exec();
    // The loop also ends when the thread is told to quit (a client shutting down).
    if (!result) return fail(ErrorCode::Io, "the connection to the relay was closed");
    return std::move(*result);
}

} // namespace sandi::client
