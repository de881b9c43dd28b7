// SPDX-License-Identifier: GPL-3.0-or-later
// sandi-relay's settings: an INI file (QSettings) whose every key has a flag of the
// same name that overrides it (`listen = 0.0.0.0:8443` ↔ `--listen 0.0.0.0:8443`).
// docs/relay.md lists them; each limit has a name, a default and a test.
#pragma once

#include "sandi/core/result.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <optional>
#include <span>

namespace sandi::server {

struct Endpoint {
    QHostAddress address;
    quint16 port = 0;
    [[nodiscard]] QString toString() const;
};
Result<Endpoint> parseEndpoint(const QString& text); // "ADDR:PORT", "[v6]:PORT"

struct RelayConfig {
    Endpoint listen{QHostAddress(QHostAddress::LocalHost), 8443};
    std::optional<Endpoint> http; // health, metrics, time-stamping; off unless set
    QString tlsP12;
    QString tlsPassFile;
    QString tlsPassEnv;
    QStringList trust; // PEM files of trust anchors
    QStringList crls;  // PEM or DER CRL files, reloaded
    QString dataDir;
    QString tsaP12; // optional: the time-stamping service on the HTTP listener
    QString tsaPassFile;
    QString tsaPassEnv;
    int workers = 0; // TLS worker threads; 0: one per core

    // Limits (named settings).
    qint64 maxFrameBytes = qint64{1} << 20;
    qint64 maxQueuePerDevice = 10'000;
    double ratePerSecond = 200; // messages (send requests) per second per device, sustained
    double rateBurst = 400;     // token bucket size
    int maxConnectionsPerAddress = 500;
    int maxConnections = 20'000;
    int handshakeTimeoutMs = 10'000;
    int idleTimeoutMs = 120'000;
    qint64 messageTtlSeconds = qint64{30} * 24 * 3600;
    qint64 maxBlobBytes = qint64{256} << 20;
    qint64 blobQuotaBytes = qint64{2} << 30;
    qint64 blobChunkBytes = qint64{512} << 10;
    qint64 blobTtlSeconds = qint64{30} * 24 * 3600;
    int crlReloadSeconds = 300;
    int deliveryWindow = 256; // pushed, unacknowledged messages per connection
    int lowPreKeyThreshold = 10;
};

// What each setting is: its key (= flag), whether it takes a list, a one-line help.
struct SettingSpec {
    const char* key;
    bool repeatable;
    const char* help;
};
std::span<const SettingSpec> settingSpecs();

// Reads `configFile` (if not empty) and then applies the flags; checks every value.
// `flags` are the command line without the program name and subcommand.
Result<RelayConfig> loadConfig(const QString& configFile, const QList<std::pair<QString, QString>>& flags);

} // namespace sandi::server
