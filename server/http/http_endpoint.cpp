// SPDX-License-Identifier: GPL-3.0-or-later
#include "http_endpoint.h"

#include <QTcpSocket>
#include <QTimer>

namespace sandi::server {

namespace {
constexpr auto kBuffer = "sandi.buffer";
} // namespace

HttpReply httpText(int status, const QByteArray& reason, const QByteArray& text)
{
    return HttpReply{status, reason, "text/plain", text, {}};
}

HttpEndpoint::HttpEndpoint(Handler handler, HttpLimits limits, QObject* parent)
    : QObject(parent), m_handler(std::move(handler)), m_limits(limits)
{
    connect(&m_server, &QTcpServer::newConnection, this, &HttpEndpoint::onNewConnection);
}

HttpEndpoint::~HttpEndpoint() = default;

Result<quint16> HttpEndpoint::listen(const QHostAddress& address, quint16 port)
{
    if (!m_server.listen(address, port))
        return fail(ErrorCode::Io, "cannot listen on " + address.toString().toStdString() + ":" + std::to_string(port) +
                                       ": " + m_server.errorString().toStdString());
    return m_server.serverPort();
}

void HttpEndpoint::onNewConnection()
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

void HttpEndpoint::respond(QTcpSocket* socket, const HttpReply& reply)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + " " + reply.reason +
                      "\r\nContent-Type: " + reply.contentType +
                      "\r\nContent-Length: " + QByteArray::number(reply.body.size()) + "\r\nConnection: close\r\n" +
                      reply.extraHeaders;
    if (!reply.extraHeaders.contains("Cache-Control:")) head += "Cache-Control: no-store\r\n";
    socket->write(head + "\r\n" + reply.body);
    socket->disconnectFromHost();
}

void HttpEndpoint::onReadyRead(QTcpSocket* socket)
{
    QByteArray buffer = socket->property(kBuffer).toByteArray() + socket->readAll();
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (buffer.size() > m_limits.maxHeaderBytes)
            return respond(socket, httpText(431, "Request Header Fields Too Large", "header too large\n"));
        socket->setProperty(kBuffer, buffer);
        return;
    }
    if (headerEnd > m_limits.maxHeaderBytes)
        return respond(socket, httpText(431, "Request Header Fields Too Large", "header too large\n"));
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1."))
        return respond(socket, httpText(400, "Bad Request", "malformed request line\n"));
    HttpRequest request;
    request.method = requestLine[0];
    request.target = requestLine[1];
    qsizetype contentLength = -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) return respond(socket, httpText(400, "Bad Request", "malformed header\n"));
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qsizetype n = value.toLongLong(&ok);
            if (!ok || n < 0 || (contentLength >= 0 && n != contentLength))
                return respond(socket, httpText(400, "Bad Request", "bad Content-Length\n"));
            contentLength = n;
        } else if (name == "content-type") {
            request.contentType = value.toLower();
        } else if (name == "transfer-encoding") {
            return respond(socket, httpText(411, "Length Required", "chunked bodies are not accepted\n"));
        }
    }
    if (request.method == "POST" && contentLength < 0)
        return respond(socket, httpText(411, "Length Required", "Content-Length required\n"));
    if (contentLength > m_limits.maxBodyBytes)
        return respond(socket, httpText(413, "Payload Too Large", "request too large\n"));
    const qsizetype length = contentLength < 0 ? 0 : contentLength;
    if (buffer.size() - (headerEnd + 4) < length) {
        socket->setProperty(kBuffer, buffer);
        return;
    }
    request.body = buffer.mid(headerEnd + 4, length);
    respond(socket, m_handler(request));
}

} // namespace sandi::server
