// SPDX-License-Identifier: GPL-3.0-or-later
// sandi-relay's settings (an INI file, each key overridden by its flag, each value
// checked) and the token bucket behind rate-per-second / rate-burst.
#include "config.h"
#include "relay_context.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::server;

namespace {

using Flags = QList<std::pair<QString, QString>>;

const Flags kRequired{{"tls-p12", "relay.p12"}, {"tls-pass-file", "pass"}, {"trust", "root.pem"}, {"data", "d"}};

Flags with(Flags extra)
{
    Flags f = kRequired;
    for (auto& e : extra)
        f.append(e);
    return f;
}

QString writeIni(QTemporaryDir& dir, const QByteArray& text)
{
    const QString path = dir.filePath("relay.ini");
    QFile f(path);
    EXPECT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(text);
    return path;
}

} // namespace

TEST(RelayConfig, DefaultsAreTheDocumentedOnes)
{
    auto c = loadConfig({}, kRequired);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->maxFrameBytes, qint64{1} << 20);
    EXPECT_EQ(c->maxQueuePerDevice, 10'000);
    EXPECT_EQ(c->messageTtlSeconds, qint64{30} * 24 * 3600);
    EXPECT_EQ(c->listen.toString(), "127.0.0.1:8443");
    EXPECT_FALSE(c->http.has_value());
}

TEST(RelayConfig, FlagsOverrideTheFileAndListsAreReplaced)
{
    QTemporaryDir dir;
    const QString ini = writeIni(dir, "listen = 0.0.0.0:9000\nmax-queue-per-device = 50\ncrl = a.pem, b.pem\n"
                                      "tls-p12 = r.p12\ntls-pass-file = p\ntrust = root.pem\ndata = d\n");
    auto fromFile = loadConfig(ini, {});
    ASSERT_TRUE(fromFile) << fromFile.error().message;
    EXPECT_EQ(fromFile->listen.toString(), "0.0.0.0:9000");
    EXPECT_EQ(fromFile->maxQueuePerDevice, 50);
    EXPECT_EQ(fromFile->crls, (QStringList{"a.pem", "b.pem"}));
    auto overridden = loadConfig(ini, {{"listen", "127.0.0.1:0"}, {"max-queue-per-device", "7"}, {"crl", "c.pem"}});
    ASSERT_TRUE(overridden) << overridden.error().message;
    EXPECT_EQ(overridden->listen.port, 0);
    EXPECT_EQ(overridden->maxQueuePerDevice, 7);
    EXPECT_EQ(overridden->crls, QStringList{"c.pem"});
}

TEST(RelayConfig, EveryLimitIsCheckedAndNamed)
{
    for (const char* key :
         {"max-frame-bytes", "max-queue-per-device", "rate-per-second", "rate-burst", "max-connections-per-address",
          "max-connections", "handshake-timeout-ms", "idle-timeout-ms", "message-ttl-seconds", "max-blob-bytes",
          "blob-quota-bytes", "blob-chunk-bytes", "blob-ttl-seconds", "crl-reload-seconds", "delivery-window"}) {
        auto bad = loadConfig({}, with({{key, "-1"}}));
        ASSERT_FALSE(bad) << key;
        EXPECT_NE(bad.error().message.find(key), std::string::npos) << bad.error().message;
        auto word = loadConfig({}, with({{key, "many"}}));
        EXPECT_FALSE(word) << key;
    }
    EXPECT_FALSE(loadConfig({}, with({{"max-frame-bytes", "100000000"}}))); // beyond the protocol's 16 MiB
    EXPECT_FALSE(loadConfig({}, with({{"blob-chunk-bytes", "1048576"}})));  // must leave room in a frame
}

TEST(RelayConfig, UnknownSettingsAndMissingEssentialsAreRefused)
{
    QTemporaryDir dir;
    const QString ini = writeIni(dir, "listen = 127.0.0.1:1\nmax-queue = 5\n");
    auto unknown = loadConfig(ini, {});
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("max-queue"), std::string::npos);
    EXPECT_FALSE(loadConfig({}, with({{"no-such-flag", "1"}})));
    EXPECT_FALSE(loadConfig({}, {{"trust", "r.pem"}, {"data", "d"}, {"tls-pass-file", "p"}})); // no tls-p12
    EXPECT_FALSE(loadConfig({}, {{"tls-p12", "r"}, {"trust", "r.pem"}, {"data", "d"}}));       // no passphrase
    EXPECT_FALSE(loadConfig({}, {{"tls-p12", "r"}, {"tls-pass-file", "p"}, {"data", "d"}}));   // no anchors
    EXPECT_FALSE(loadConfig({}, with({{"listen", "localhost"}})));                             // no port
    EXPECT_FALSE(loadConfig({}, with({{"listen", "256.1.1.1:80"}})));
    EXPECT_FALSE(loadConfig(dir.filePath("absent.ini"), {}));
}

TEST(RelayConfig, EndpointsParse)
{
    auto v6 = parseEndpoint("[::1]:8443");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->toString(), "[::1]:8443");
    EXPECT_FALSE(parseEndpoint("127.0.0.1:65536"));
    EXPECT_FALSE(parseEndpoint(":80"));
}

TEST(TokenBucket, BurstThenRateThenRefill)
{
    TokenBucket bucket(10.0, 3.0); // 10 per second, 3 at once
    const auto t0 = std::chrono::steady_clock::time_point(std::chrono::seconds(100));
    qint64 retry = 0;
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(bucket.take(t0, retry)) << i;
    EXPECT_FALSE(bucket.take(t0, retry));
    EXPECT_EQ(retry, 100); // one token every 100 ms
    EXPECT_FALSE(bucket.take(t0 + std::chrono::milliseconds(50), retry));
    EXPECT_TRUE(bucket.take(t0 + std::chrono::milliseconds(160), retry));
    // A long pause refills only up to the burst.
    const auto later = t0 + std::chrono::seconds(60);
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(bucket.take(later, retry)) << i;
    EXPECT_FALSE(bucket.take(later, retry));
}

TEST(Metrics, PrometheusTextHasCountersAndACumulativeHistogram)
{
    Metrics m;
    m.accepted = 5;
    m.observeCommit(80, 3);        // ≤ 100 µs
    m.observeCommit(3000, 10);     // ≤ 5 ms
    m.observeCommit(2'000'000, 1); // beyond the last bucket
    const QByteArray text = m.prometheus();
    EXPECT_TRUE(text.contains("sandi_relay_messages_accepted_total 5\n"));
    EXPECT_TRUE(text.contains("sandi_relay_commit_seconds_bucket{le=\"0.0001\"} 1\n"));
    EXPECT_TRUE(text.contains("sandi_relay_commit_seconds_bucket{le=\"0.005\"} 2\n"));
    EXPECT_TRUE(text.contains("sandi_relay_commit_seconds_bucket{le=\"+Inf\"} 3\n"));
    EXPECT_TRUE(text.contains("sandi_relay_commit_seconds_count 3\n"));
    EXPECT_TRUE(text.contains("sandi_relay_commit_jobs_total 14\n"));
}
