// SPDX-License-Identifier: GPL-3.0-or-later
// sandi-tsa's HTTP endpoint (server/tsa): a real TimeStampAuthority behind a real
// QTcpServer on loopback, driven by a client socket in the same event loop.
#include "tsa_http_server.h"

#include "../../support/test_pki.h"

#include "sandi/sign/tsp.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>

#include <gtest/gtest.h>

namespace sandi::test {
namespace {

using namespace sandi::crypto;

class TsaHttpServerTest : public ::testing::Test {
  protected:
    void SetUp() override
    {
        IssueParams p;
        p.profile = Profile::Tsa;
        p.commonName = "Sandi TSA";
        auto issued = must(pki.buton->issue(p, pki.rng, pki.now));
        tsa.emplace(must(TimeStampAuthority::create(std::move(issued.certificate), std::move(issued.key),
                                                    std::move(issued.chain), std::string(kOidSandiTsaPolicy))));
        server = std::make_unique<server::TsaHttpServer>(
            *tsa, pki.rng, [this] { return pki.now; }, limits);
        port = must(server->listen(QHostAddress::LocalHost, 0));
    }

    // Sends raw bytes, returns everything the server answered before closing (or 5 s).
    QByteArray exchange(const QByteArray& request)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        QByteArray reply;
        QElapsedTimer timer;
        timer.start();
        bool sent = false;
        while (timer.elapsed() < 5000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            if (!sent && socket.state() == QAbstractSocket::ConnectedState) {
                socket.write(request);
                sent = true;
            }
            reply += socket.readAll();
            if (sent && socket.state() == QAbstractSocket::UnconnectedState) break;
            if (reply.contains("\r\n\r\n") && reply.size() >= headerEnd(reply) + contentLength(reply)) break;
        }
        return reply;
    }

    static qsizetype headerEnd(const QByteArray& r) { return r.indexOf("\r\n\r\n") + 4; }
    static qsizetype contentLength(const QByteArray& r)
    {
        const auto at = r.toLower().indexOf("content-length:");
        if (at < 0) return 0;
        return r.mid(at + 15, r.indexOf("\r\n", at) - at - 15).trimmed().toLongLong();
    }

    static QByteArray post(const std::vector<std::byte>& body)
    {
        QByteArray b(reinterpret_cast<const char*>(body.data()), static_cast<qsizetype>(body.size()));
        return "POST /tsa HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
               "application/timestamp-query\r\nContent-Length: " +
               QByteArray::number(b.size()) + "\r\n\r\n" + b;
    }

    int argc = 1;
    char name[16] = "server_tests";
    char* argv[1] = {name};
    QCoreApplication app{argc, argv};
    TestPki pki;
    server::TsaHttpLimits limits;
    std::optional<TimeStampAuthority> tsa;
    std::unique_ptr<server::TsaHttpServer> server;
    quint16 port = 0;
};

TEST_F(TsaHttpServerTest, AnswersATimeStampRequestWithAVerifiableToken)
{
    const std::string data = "surat edaran";
    const auto digest = digestOf(Digest::Sha256, std::as_bytes(std::span(data)));
    auto request = must(makeTimeStampRequest(digest, Digest::Sha256, pki.rng));
    const QByteArray reply = exchange(post(request.der));
    ASSERT_TRUE(reply.startsWith("HTTP/1.1 200")) << reply.left(200).toStdString();
    EXPECT_TRUE(reply.toLower().contains("content-type: application/timestamp-reply"));
    const QByteArray body = reply.mid(headerEnd(reply));
    const std::span<const std::byte> der(reinterpret_cast<const std::byte*>(body.data()),
                                         static_cast<std::size_t>(body.size()));
    auto token = must(timeStampTokenFromResponse(der, request));
    auto info = must(verifyTimeStampToken(token, std::as_bytes(std::span(data))));
    EXPECT_EQ(unixSeconds(info.genTime), unixSeconds(pki.now)); // the clock the server was given
    EXPECT_EQ(server->responsesServed(), 1U);
}

TEST_F(TsaHttpServerTest, RefusesWrongMethodsOversizedBodiesAndGarbageWithAStatus)
{
    EXPECT_TRUE(exchange("GET /tsa HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 405"));
    const QByteArray big =
        "POST /tsa HTTP/1.1\r\nContent-Length: " + QByteArray::number(limits.maxBodyBytes + 1) + "\r\n\r\n";
    EXPECT_TRUE(exchange(big).startsWith("HTTP/1.1 413"));
    EXPECT_TRUE(exchange("garbage\r\n\r\n").startsWith("HTTP/1.1 400"));
    // A well-formed HTTP request whose body is not a TimeStampReq: a TSA answers with a
    // rejection inside a TimeStampResp (RFC 3161 §2.4.2), not an HTTP error.
    const QByteArray junk = exchange(post(std::vector<std::byte>(20, std::byte{0x30})));
    EXPECT_TRUE(junk.startsWith("HTTP/1.1 200")) << junk.left(100).toStdString();
    // The server still serves after all that.
    auto request = must(makeTimeStampRequest(std::vector<std::byte>(32, std::byte{1}), Digest::Sha256, pki.rng));
    EXPECT_TRUE(exchange(post(request.der)).startsWith("HTTP/1.1 200"));
}

} // namespace
} // namespace sandi::test
