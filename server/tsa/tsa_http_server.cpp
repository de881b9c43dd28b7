// SPDX-License-Identifier: GPL-3.0-or-later
#include "tsa_http_server.h"

#include <QTcpSocket>
#include <QTimer>

namespace sandi::server {

namespace {
constexpr auto kBuffer = "sandi.buffer";
} // namespace

TsaHttpServer::TsaHttpServer(const crypto::TimeStampAuthority& tsa, crypto::Random& rng, Clock clock,
                             TsaHttpLimits limits, QObject* parent)
    : TsaHttpServer(&tsa, rng, std::move(clock), limits, parent)
{
}

TsaHttpServer::TsaHttpServer(const crypto::TimeStampAuthority* tsa, crypto::Random& rng, Clock clock,
                             TsaHttpLimits limits, QObject* parent)
    : QObject(parent), m_tsa(tsa), m_rng(rng), m_clock(std::move(clock)), m_limits(limits)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TsaHttpServer::onNewConnection);
}

void TsaHttpServer::addGet(const QByteArray& path, const QByteArray& contentType, GetHandler body)
{
    m_routes.push_back({path, contentType, std::move(body)});
}

TsaHttpServer::~TsaHttpServer() = default;

Result<quint16> TsaHttpServer::listen(const QHostAddress& address, quint16 port)
{
    if (!m_server.listen(address, port))
        return fail(ErrorCode::Io, "cannot listen on " + address.toString().toStdString() + ":" + std::to_string(port) +
                                       ": " + m_server.errorString().toStdString());
    return m_server.serverPort();
}

void TsaHttpServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        if (m_open >= m_limits.maxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_open;
        socket->setProperty(kBuffer, QByteArray());
        auto* timer = new QTimer(socket);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, socket, [socket] { socket->abort(); });
        timer->start(m_limits.idleTimeoutMs);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            --m_open;
            socket->deleteLater();
        });
    }
}

void TsaHttpServer::respond(QTcpSocket* socket, int status, const QByteArray& reason, const QByteArray& contentType,
                            const QByteArray& body)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + " " + reason + "\r\nContent-Type: " + contentType +
                      "\r\nContent-Length: " + QByteArray::number(body.size()) +
                      "\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n";
    socket->write(head + body);
    socket->disconnectFromHost();
}

void TsaHttpServer::onReadyRead(QTcpSocket* socket)
{
    QByteArray buffer = socket->property(kBuffer).toByteArray() + socket->readAll();
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (buffer.size() > m_limits.maxHeaderBytes)
            return respond(socket, 431, "Request Header Fields Too Large", "text/plain", "header too large\n");
        socket->setProperty(kBuffer, buffer);
        return;
    }
    if (headerEnd > m_limits.maxHeaderBytes)
        return respond(socket, 431, "Request Header Fields Too Large", "text/plain", "header too large\n");
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1."))
        return respond(socket, 400, "Bad Request", "text/plain", "malformed request line\n");
    const QByteArray& method = requestLine[0];
    const QByteArray& path = requestLine[1];
    qsizetype contentLength = -1;
    QByteArray contentType;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) return respond(socket, 400, "Bad Request", "text/plain", "malformed header\n");
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            contentLength = value.toLongLong(&ok);
            if (!ok || contentLength < 0)
                return respond(socket, 400, "Bad Request", "text/plain", "bad Content-Length\n");
        } else if (name == "content-type") {
            contentType = value.toLower();
        } else if (name == "transfer-encoding") {
            return respond(socket, 411, "Length Required", "text/plain", "chunked bodies are not accepted\n");
        }
    }
    if (method == "GET")
        for (const Route& r : m_routes)
            if (path == r.path) return respond(socket, 200, "OK", r.contentType, r.body());
    if (method == "GET" && (path == "/health" || path == "/tsa/health"))
        return respond(socket, 200, "OK", "text/plain", "ok\n");
    if (method != "POST") return respond(socket, 405, "Method Not Allowed", "text/plain", "POST a TimeStampReq\n");
    if (contentLength < 0) return respond(socket, 411, "Length Required", "text/plain", "Content-Length required\n");
    if (contentLength > m_limits.maxBodyBytes)
        return respond(socket, 413, "Payload Too Large", "text/plain", "time-stamp request too large\n");
    if (m_tsa == nullptr) return respond(socket, 404, "Not Found", "text/plain", "no time-stamping service here\n");
    if (!contentType.startsWith("application/timestamp-query"))
        return respond(socket, 415, "Unsupported Media Type", "text/plain", "expected application/timestamp-query\n");
    const QByteArray body = buffer.mid(headerEnd + 4);
    if (body.size() < contentLength) {
        socket->setProperty(kBuffer, buffer);
        return;
    }
    const auto request = std::as_bytes(std::span(body.constData(), static_cast<std::size_t>(contentLength)));
    auto response = m_tsa->respond(request, m_clock(), m_rng);
    if (!response) return respond(socket, 500, "Internal Server Error", "text/plain", "the TSA could not answer\n");
    ++m_served;
    // A rejection (bad request) is still a TimeStampResp: 200 with its status inside (RFC 3161 §3.4).
    respond(socket, 200, "OK", "application/timestamp-reply",
            QByteArray(reinterpret_cast<const char*>(response->data()), static_cast<qsizetype>(response->size())));
}

} // namespace sandi::server
