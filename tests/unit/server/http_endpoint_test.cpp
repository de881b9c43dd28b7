// SPDX-License-Identifier: GPL-3.0-or-later
// The HTTP endpoint the TSA and the OCSP responder share (server/http/http_endpoint.h):
// framing, every limit with its status, the idle time-out, the connection limit.
#include "http_endpoint.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>

#include <gtest/gtest.h>

#include <memory>

namespace sandi::test {
namespace {

class HttpEndpointTest : public ::testing::Test {
  protected:
    void start(server::HttpLimits l)
    {
        limits = l;
        endpoint = std::make_unique<server::HttpEndpoint>(
            [this](const server::HttpRequest& r) {
                ++handled;
                last = r;
                return server::HttpReply{200, "OK", "application/test",
                                         "got " + r.method + " " + r.target + " " + QByteArray::number(r.body.size()),
                                         "X-Test: 1\r\n"};
            },
            limits);
        auto bound = endpoint->listen(QHostAddress::LocalHost, 0);
        ASSERT_TRUE(bound);
        port = *bound;
    }

    // Sends `request` (then nothing), returns what came back before the server closed (or `waitMs`).
    QByteArray exchange(const QByteArray& request, int waitMs = 5000, bool* closed = nullptr)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        QByteArray reply;
        QElapsedTimer timer;
        timer.start();
        bool sent = false;
        while (timer.elapsed() < waitMs) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            if (!sent && socket.state() == QAbstractSocket::ConnectedState) {
                socket.write(request);
                sent = true;
            }
            reply += socket.readAll();
            if (sent && socket.state() == QAbstractSocket::UnconnectedState) {
                if (closed != nullptr) *closed = true;
                break;
            }
        }
        return reply;
    }

    int argc = 1;
    char name[16] = "server_tests";
    char* argv[1] = {name};
    QCoreApplication app{argc, argv};
    server::HttpLimits limits;
    std::unique_ptr<server::HttpEndpoint> endpoint;
    quint16 port = 0;
    int handled = 0;
    server::HttpRequest last;
};

TEST_F(HttpEndpointTest, HandsOverWholeRequestsAndAnswersWithTheHandlersReply)
{
    start({});
    const QByteArray reply =
        exchange("POST /x HTTP/1.1\r\nContent-Type: Application/OCSP-Request\r\nContent-Length: 5\r\n\r\nhello");
    EXPECT_TRUE(reply.startsWith("HTTP/1.1 200 OK\r\n")) << reply.toStdString();
    EXPECT_TRUE(reply.contains("Content-Type: application/test\r\n"));
    EXPECT_TRUE(reply.contains("Content-Length: 13\r\n"));
    EXPECT_TRUE(reply.contains("Connection: close\r\n"));
    EXPECT_TRUE(reply.contains("X-Test: 1\r\n"));
    EXPECT_TRUE(reply.contains("Cache-Control: no-store\r\n"));
    EXPECT_TRUE(reply.endsWith("\r\n\r\ngot POST /x 5"));
    EXPECT_EQ(last.contentType, "application/ocsp-request"); // lower-cased
    EXPECT_EQ(last.body, "hello");
    // A GET needs no Content-Length.
    EXPECT_TRUE(exchange("GET /MEow%2F HTTP/1.0\r\n\r\n").endsWith("got GET /MEow%2F 0"));
    EXPECT_EQ(handled, 2);
}

TEST_F(HttpEndpointTest, EveryLimitHasItsStatusAndTheHandlerIsNotCalled)
{
    server::HttpLimits l;
    l.maxBodyBytes = 100;
    l.maxHeaderBytes = 256;
    start(l);
    EXPECT_TRUE(exchange("POST / HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 411"));
    EXPECT_TRUE(exchange("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                    .startsWith("HTTP/1.1 411"));
    EXPECT_TRUE(exchange("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n").startsWith("HTTP/1.1 413"));
    EXPECT_TRUE(
        exchange("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + QByteArray(100, 'a')).startsWith("HTTP/1.1 200"));
    EXPECT_TRUE(
        exchange("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd").startsWith("HTTP/1.1 400"));
    EXPECT_TRUE(exchange("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n").startsWith("HTTP/1.1 400"));
    EXPECT_TRUE(exchange("GET / HTTP/1.1\r\nX: " + QByteArray(300, 'a') + "\r\n\r\n").startsWith("HTTP/1.1 431"));
    EXPECT_TRUE(exchange("GET / HTTP/1.1\r\nX: " + QByteArray(300, 'a')).startsWith("HTTP/1.1 431")); // unfinished
    EXPECT_TRUE(exchange("GET /\r\n\r\n").startsWith("HTTP/1.1 400"));
    EXPECT_TRUE(exchange("GET / HTTP/1.1\r\nno colon\r\n\r\n").startsWith("HTTP/1.1 400"));
    EXPECT_EQ(handled, 1);
}

TEST_F(HttpEndpointTest, DropsIdleConnectionsAndConnectionsOverTheLimit)
{
    server::HttpLimits l;
    l.idleTimeoutMs = 300;
    l.maxConnections = 1;
    start(l);
    // A request that never finishes: dropped without an answer after the idle time-out.
    bool closed = false;
    QElapsedTimer timer;
    timer.start();
    const QByteArray none = exchange("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", 5000, &closed);
    EXPECT_TRUE(closed);
    EXPECT_TRUE(none.isEmpty()) << none.toStdString();
    EXPECT_LT(timer.elapsed(), 3000);

    // One connection held open: a second is refused while it lasts, served after.
    QTcpSocket holder;
    holder.connectToHost(QHostAddress::LocalHost, port);
    QElapsedTimer wait;
    wait.start();
    while (holder.state() != QAbstractSocket::ConnectedState && wait.elapsed() < 2000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    for (int i = 0; i < 5; ++i) // let the endpoint accept it
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    EXPECT_TRUE(exchange("GET / HTTP/1.1\r\n\r\n", 1000).isEmpty());
    holder.abort();
    for (int i = 0; i < 10; ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    EXPECT_TRUE(exchange("GET / HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 200"));
}

} // namespace
} // namespace sandi::test
