// SPDX-License-Identifier: GPL-3.0-or-later
// A small HTTP/1.1 endpoint on QTcpServer with explicit limits, for the services that
// answer one DER message with another: the RFC 3161 time-stamping service
// (tsa_http_server.h) and the OCSP responder (`sandi ca ocsp-serve`). One request per
// connection, then "Connection: close"; no chunked bodies; a connection idle longer than
// the timeout, or over the connection limit, is dropped.
#pragma once

#include "sandi/core/result.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

namespace sandi::server {

struct HttpLimits {
    qsizetype maxHeaderBytes = qsizetype{8} * 1024;
    qsizetype maxBodyBytes = qsizetype{64} * 1024;
    int maxConnections = 256;
    int idleTimeoutMs = 10'000;
};

struct HttpRequest {
    QByteArray method;      // "GET", "POST", ...
    QByteArray target;      // as sent: "/", "/tsa", "/MEow...%3D"
    QByteArray contentType; // lower-case, "" when absent
    QByteArray body;        // complete (Content-Length bytes)
};

struct HttpReply {
    int status = 200;
    QByteArray reason = "OK";
    QByteArray contentType = "text/plain";
    QByteArray body;
    QByteArray extraHeaders; // each "Name: value\r\n"
};

class HttpEndpoint final : public QObject {
    Q_OBJECT
  public:
    // Called once per well-framed request, with its whole body. The endpoint itself
    // answers 400 (malformed), 411 (POST without Content-Length, or chunked), 413
    // (Content-Length over the limit) and 431 (header over the limit).
    using Handler = std::function<HttpReply(const HttpRequest&)>;
    HttpEndpoint(Handler handler, HttpLimits limits, QObject* parent = nullptr);
    ~HttpEndpoint() override;

    // Listens on `address`:`port` (0: any free port). Returns the port, or an error.
    Result<quint16> listen(const QHostAddress& address, quint16 port);
    [[nodiscard]] const HttpLimits& limits() const noexcept { return m_limits; }

  private:
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    void respond(QTcpSocket* socket, const HttpReply& reply);

    Handler m_handler;
    HttpLimits m_limits;
    QTcpServer m_server;
    int m_open = 0;
};

// Text replies.
HttpReply httpText(int status, const QByteArray& reason, const QByteArray& text);

} // namespace sandi::server
