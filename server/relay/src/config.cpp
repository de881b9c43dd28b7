// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <QFileInfo>
#include <QSettings>

#include <array>
#include <cmath>
#include <map>

namespace sandi::server {
namespace {

constexpr std::array kSpecs{
    SettingSpec{"listen", false, "ADDR:PORT of the TLS WebSocket port (port 0 picks a free one)"},
    SettingSpec{"http", false, "ADDR:PORT of the HTTP listener: /health, /metrics, /tsa (off unless set)"},
    SettingSpec{"tls-p12", false, "PKCS#12 with the relay's TLS certificate (profile relay-tls), key and chain"},
    SettingSpec{"tls-pass-file", false, "file holding the PKCS#12 passphrase"},
    SettingSpec{"tls-pass-env", false, "environment variable holding the PKCS#12 passphrase"},
    SettingSpec{"trust", true, "PEM file of trust anchors for device certificates"},
    SettingSpec{"crl", true, "CRL file (PEM or DER), reloaded on a timer and on SIGHUP"},
    SettingSpec{"data", false, "data directory (database, blobs)"},
    SettingSpec{"tsa-p12", false, "PKCS#12 of the time-stamping authority (serves POST /tsa)"},
    SettingSpec{"tsa-pass-file", false, "file holding the TSA PKCS#12 passphrase"},
    SettingSpec{"tsa-pass-env", false, "environment variable holding the TSA PKCS#12 passphrase"},
    SettingSpec{"workers", false, "TLS worker threads (0: one per core)"},
    SettingSpec{"max-frame-bytes", false, "largest frame accepted (bytes)"},
    SettingSpec{"max-queue-per-device", false, "messages queued for one device before sends to it are refused"},
    SettingSpec{"rate-per-second", false, "send requests per second per device (token bucket rate)"},
    SettingSpec{"rate-burst", false, "token bucket size for sends"},
    SettingSpec{"max-connections-per-address", false, "connections from one IP address"},
    SettingSpec{"max-connections", false, "connections in all"},
    SettingSpec{"handshake-timeout-ms", false, "time for the TLS handshake and the WebSocket upgrade"},
    SettingSpec{"idle-timeout-ms", false,
                "a connection that sends no frame and answers none of the relay's pings this long is closed"},
    SettingSpec{"message-ttl-seconds", false, "undelivered messages expire after this long"},
    SettingSpec{"max-blob-bytes", false, "largest attachment blob"},
    SettingSpec{"blob-quota-bytes", false, "blob bytes one device may keep stored"},
    SettingSpec{"blob-chunk-bytes", false, "largest blob.put / blob.get chunk"},
    SettingSpec{"blob-ttl-seconds", false, "blobs are deleted this long after they were created"},
    SettingSpec{"crl-reload-seconds", false, "how often the CRL files are read again"},
    SettingSpec{"delivery-window", false, "messages pushed to a connection and not yet acknowledged"},
    SettingSpec{"low-prekey-threshold", false, "below this many one-time prekeys the device is told (prekeys.low)"},
};

Unexpected<Error> badValue(const QString& key, const QString& value, const char* why)
{
    return fail(ErrorCode::InvalidArgument,
                "setting " + key.toStdString() + " = '" + value.toStdString() + "': " + why);
}

Result<qint64> integer(const QString& key, const QString& value, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 v = value.trimmed().toLongLong(&ok);
    if (!ok) return badValue(key, value, "not an integer");
    if (v < min || v > max)
        return badValue(key, value, ("out of range " + std::to_string(min) + ".." + std::to_string(max)).c_str());
    return v;
}

Result<double> number(const QString& key, const QString& value, double min, double max)
{
    bool ok = false;
    const double v = value.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v)) return badValue(key, value, "not a number");
    if (v < min || v > max) return badValue(key, value, "out of range");
    return v;
}

} // namespace

QString Endpoint::toString() const
{
    const QString host =
        address.protocol() == QAbstractSocket::IPv6Protocol ? "[" + address.toString() + "]" : address.toString();
    return host + ":" + QString::number(port);
}

Result<Endpoint> parseEndpoint(const QString& text)
{
    const qsizetype colon = text.lastIndexOf(':');
    if (colon <= 0) return fail(ErrorCode::InvalidArgument, "'" + text.toStdString() + "' is not ADDR:PORT");
    QString host = text.left(colon);
    if (host.startsWith('[') && host.endsWith(']')) host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535) return fail(ErrorCode::InvalidArgument, "'" + text.toStdString() + "': bad port");
    Endpoint e;
    if (host == "localhost")
        e.address = QHostAddress(QHostAddress::LocalHost);
    else if (host == "*")
        e.address = QHostAddress(QHostAddress::Any);
    else
        e.address = QHostAddress(host);
    if (e.address.isNull()) return fail(ErrorCode::InvalidArgument, "'" + text.toStdString() + "': not an IP address");
    e.port = static_cast<quint16>(port);
    return e;
}

std::span<const SettingSpec> settingSpecs()
{
    return kSpecs;
}

Result<RelayConfig> loadConfig(const QString& configFile, const QList<std::pair<QString, QString>>& flags)
{
    std::map<QString, QStringList> values;
    auto spec = [](const QString& key) -> const SettingSpec* {
        for (const auto& s : kSpecs)
            if (key == QLatin1String(s.key)) return &s;
        return nullptr;
    };
    if (!configFile.isEmpty()) {
        if (!QFileInfo(configFile).isReadable())
            return fail(ErrorCode::NotFound, "configuration file " + configFile.toStdString() + " cannot be read");
        QSettings ini(configFile, QSettings::IniFormat);
        if (ini.status() != QSettings::NoError)
            return fail(ErrorCode::InvalidInput, "configuration file " + configFile.toStdString() + " is malformed");
        for (const QString& key : ini.allKeys()) {
            const QString bare = key.startsWith("General/") ? key.mid(8) : key;
            if (spec(bare) == nullptr)
                return fail(ErrorCode::InvalidArgument, "configuration file " + configFile.toStdString() +
                                                            ": unknown setting " + bare.toStdString());
            const QVariant v = ini.value(key);
            QStringList list = v.typeId() == QMetaType::QStringList ? v.toStringList() : QStringList{v.toString()};
            for (auto& s : list)
                s = s.trimmed();
            values[bare] = list;
        }
    }
    std::map<QString, QStringList> fromFlags;
    for (const auto& [key, value] : flags) {
        const SettingSpec* s = spec(key);
        if (s == nullptr) return fail(ErrorCode::InvalidArgument, "unknown option --" + key.toStdString());
        if (s->repeatable)
            fromFlags[key].append(value);
        else
            fromFlags[key] = QStringList{value};
    }
    for (auto& [key, list] : fromFlags)
        values[key] = list; // a flag replaces the file's value

    RelayConfig c;
    for (const auto& [key, list] : values) {
        const QString v = list.value(0);
        if (key == "listen") {
            SANDI_ASSIGN(e, parseEndpoint(v));
            c.listen = e;
        } else if (key == "http") {
            SANDI_ASSIGN(e, parseEndpoint(v));
            c.http = e;
        } else if (key == "tls-p12")
            c.tlsP12 = v;
        else if (key == "tls-pass-file")
            c.tlsPassFile = v;
        else if (key == "tls-pass-env")
            c.tlsPassEnv = v;
        else if (key == "trust")
            c.trust = list;
        else if (key == "crl")
            c.crls = list;
        else if (key == "data")
            c.dataDir = v;
        else if (key == "tsa-p12")
            c.tsaP12 = v;
        else if (key == "tsa-pass-file")
            c.tsaPassFile = v;
        else if (key == "tsa-pass-env")
            c.tsaPassEnv = v;
        else if (key == "workers") {
            SANDI_ASSIGN(n, integer(key, v, 0, 64));
            c.workers = static_cast<int>(n);
        } else if (key == "max-frame-bytes") {
            SANDI_ASSIGN(n, integer(key, v, 4096, qint64{16} << 20));
            c.maxFrameBytes = n;
        } else if (key == "max-queue-per-device") {
            SANDI_ASSIGN(n, integer(key, v, 1, 100'000'000));
            c.maxQueuePerDevice = n;
        } else if (key == "rate-per-second") {
            SANDI_ASSIGN(n, number(key, v, 0.01, 1e6));
            c.ratePerSecond = n;
        } else if (key == "rate-burst") {
            SANDI_ASSIGN(n, number(key, v, 1, 1e7));
            c.rateBurst = n;
        } else if (key == "max-connections-per-address") {
            SANDI_ASSIGN(n, integer(key, v, 1, 1'000'000));
            c.maxConnectionsPerAddress = static_cast<int>(n);
        } else if (key == "max-connections") {
            SANDI_ASSIGN(n, integer(key, v, 1, 1'000'000));
            c.maxConnections = static_cast<int>(n);
        } else if (key == "handshake-timeout-ms") {
            SANDI_ASSIGN(n, integer(key, v, 100, 600'000));
            c.handshakeTimeoutMs = static_cast<int>(n);
        } else if (key == "idle-timeout-ms") {
            SANDI_ASSIGN(n, integer(key, v, 100, 86'400'000));
            c.idleTimeoutMs = static_cast<int>(n);
        } else if (key == "message-ttl-seconds") {
            SANDI_ASSIGN(n, integer(key, v, 1, qint64{3650} * 86400));
            c.messageTtlSeconds = n;
        } else if (key == "max-blob-bytes") {
            SANDI_ASSIGN(n, integer(key, v, 1, qint64{1} << 40));
            c.maxBlobBytes = n;
        } else if (key == "blob-quota-bytes") {
            SANDI_ASSIGN(n, integer(key, v, 1, qint64{1} << 50));
            c.blobQuotaBytes = n;
        } else if (key == "blob-chunk-bytes") {
            SANDI_ASSIGN(n, integer(key, v, 1024, qint64{8} << 20));
            c.blobChunkBytes = n;
        } else if (key == "blob-ttl-seconds") {
            SANDI_ASSIGN(n, integer(key, v, 1, qint64{3650} * 86400));
            c.blobTtlSeconds = n;
        } else if (key == "crl-reload-seconds") {
            SANDI_ASSIGN(n, integer(key, v, 1, qint64{86400} * 7));
            c.crlReloadSeconds = static_cast<int>(n);
        } else if (key == "delivery-window") {
            SANDI_ASSIGN(n, integer(key, v, 1, 10'000));
            c.deliveryWindow = static_cast<int>(n);
        } else if (key == "low-prekey-threshold") {
            SANDI_ASSIGN(n, integer(key, v, 0, 100'000));
            c.lowPreKeyThreshold = static_cast<int>(n);
        }
    }
    if (c.blobChunkBytes + 4096 > c.maxFrameBytes)
        return fail(ErrorCode::InvalidArgument, "blob-chunk-bytes must be at least 4096 bytes below max-frame-bytes");
    if (c.tlsP12.isEmpty()) return fail(ErrorCode::InvalidArgument, "tls-p12 is not set (--tls-p12 FILE)");
    if (c.tlsPassFile.isEmpty() && c.tlsPassEnv.isEmpty())
        return fail(ErrorCode::InvalidArgument,
                    "give the TLS key's passphrase (--tls-pass-file F or --tls-pass-env VAR)");
    if (c.trust.isEmpty()) return fail(ErrorCode::InvalidArgument, "no trust anchors (--trust ROOT.pem)");
    if (c.dataDir.isEmpty()) return fail(ErrorCode::InvalidArgument, "no data directory (--data DIR)");
    if (!c.tsaP12.isEmpty() && c.tsaPassFile.isEmpty() && c.tsaPassEnv.isEmpty())
        return fail(ErrorCode::InvalidArgument, "give the TSA key's passphrase (--tsa-pass-file or --tsa-pass-env)");
    return c;
}

} // namespace sandi::server
