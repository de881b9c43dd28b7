// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/relay_probe.h"

#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::desktop;

TEST(RelayUrls, OnlyWssHostPort)
{
    auto ok = parseRelayUrls(QStringLiteral(" wss://relay.sultraprov.go.id:8443 \n\nwss://10.0.0.2:9443\n"));
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(
        *ok, (QStringList{QStringLiteral("wss://relay.sultraprov.go.id:8443"), QStringLiteral("wss://10.0.0.2:9443")}));
    EXPECT_TRUE(parseRelayUrls(QString())->isEmpty());
    for (const char* bad : {"ws://relay:8443", "wss://relay", "https://relay:443", "relay:8443", "wss://:8443"}) {
        auto r = parseRelayUrls(QString::fromLatin1(bad));
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
        EXPECT_NE(r.error().message.find(bad), std::string::npos);
    }
}

TEST(RelayProbe, ReportsAnUnreachableRelay)
{
    quint16 port = 0;
    {
        QTcpServer s;
        ASSERT_TRUE(s.listen(QHostAddress::LocalHost));
        port = s.serverPort();
    } // closed again: nothing listens there
    RelayProbe probe;
    QSignalSpy spy(&probe, &RelayProbe::finished);
    probe.probe(QSslConfiguration::defaultConfiguration(), {QStringLiteral("wss://127.0.0.1:%1").arg(port)}, 10'000);
    EXPECT_TRUE(probe.running());
    ASSERT_TRUE(spy.wait(10'000));
    ASSERT_EQ(spy.count(), 1);
    EXPECT_FALSE(spy.at(0).at(0).toBool());
    EXPECT_FALSE(spy.at(0).at(1).toString().isEmpty());
    EXPECT_FALSE(probe.running());
}

TEST(RelayProbe, TimesOutOnARelayThatNeverAnswers)
{
    QTcpServer silent; // accepts, never says a word (no TLS handshake)
    ASSERT_TRUE(silent.listen(QHostAddress::LocalHost));
    RelayProbe probe;
    QSignalSpy spy(&probe, &RelayProbe::finished);
    probe.probe(QSslConfiguration::defaultConfiguration(),
                {QStringLiteral("wss://127.0.0.1:%1").arg(silent.serverPort())}, 300);
    ASSERT_TRUE(spy.wait(5'000));
    EXPECT_FALSE(spy.at(0).at(0).toBool());
    EXPECT_TRUE(spy.at(0).at(1).toString().contains(QStringLiteral("in time")));
    QTest::qWait(200);
    EXPECT_EQ(spy.count(), 1);
}

TEST(RelayProbe, NoAddressNoProbe)
{
    RelayProbe probe;
    QSignalSpy spy(&probe, &RelayProbe::finished);
    probe.probe(QSslConfiguration::defaultConfiguration(), {});
    ASSERT_EQ(spy.count(), 1);
    EXPECT_FALSE(spy.at(0).at(0).toBool());
}
