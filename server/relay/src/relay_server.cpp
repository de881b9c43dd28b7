// SPDX-License-Identifier: GPL-3.0-or-later
#include "relay_server.h"

#include "log.h"
#include "sqlite_storage.h"

#include "sandi/core/atomic_file.h"
#include "sandi/core/secure_buffer.h"
#include "sandi/pki/x509.h"

#include <QBuffer>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

#include <sys/socket.h>

#include <cstdlib>
#include <cstring>

namespace sandi::server {
namespace {

QString peerAddressOf(qintptr descriptor)
{
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (::getpeername(static_cast<int>(descriptor), reinterpret_cast<sockaddr*>(&ss), &len) != 0) return {};
    QHostAddress a(reinterpret_cast<sockaddr*>(&ss));
    bool v4 = false;
    const quint32 ip4 = a.toIPv4Address(&v4);
    return v4 ? QHostAddress(ip4).toString() : a.toString();
}

// The TLS key for Qt. With Qt's OpenSSL backend the decrypted key is handed over as the
// native handle Qt takes ownership of: no copy of the key in a QByteArray, and none of the
// two key derivations (600 000 PBKDF2 rounds each) that re-encrypting it for Qt and Qt
// decrypting it again cost at every start. Another backend gets an encrypted PKCS#8 PEM
// under the same passphrase (never the key in clear).
Result<QSslKey> qtPrivateKey(crypto::ossl::PkeyPtr key, const crypto::SecureBuffer& passphrase)
{
    if (QSslSocket::activeBackend() == QStringLiteral("openssl")) {
        QSslKey native(static_cast<Qt::HANDLE>(key.release()), QSsl::PrivateKey);
        if (native.isNull()) return fail(ErrorCode::Crypto, "the TLS key could not be loaded into Qt's TLS backend");
        return native;
    }
    SANDI_ASSIGN(keyPem, crypto::encryptPrivateKeyPem(key.get(), passphrase));
    QByteArray pass(passphrase.chars(), static_cast<qsizetype>(std::strlen(passphrase.chars())));
    const QSsl::KeyAlgorithm algorithm = EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_EC ? QSsl::Ec : QSsl::Rsa;
    QByteArray pem = QByteArray::fromStdString(keyPem);
    QSslKey qkey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey, pass);
    pem.fill(0);
    pass.fill(0);
    crypto::secureWipe(std::as_writable_bytes(std::span(keyPem.data(), keyPem.size())));
    if (qkey.isNull()) return fail(ErrorCode::Crypto, "the TLS key could not be loaded into Qt's TLS backend");
    return qkey;
}

} // namespace

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the two settings, named at each call
Result<crypto::SecureBuffer> readPassphrase(const QString& file, const QString& env)
{
    if (!env.isEmpty()) {
        const QByteArray name = env.toUtf8();
        char* v = std::getenv(name.constData());
        if (v == nullptr)
            return fail(ErrorCode::InvalidArgument, "environment variable " + name.toStdString() + " is not set");
        auto out = crypto::SecureBuffer::fromString(v);
        crypto::secureWipe(std::as_writable_bytes(std::span(v, std::strlen(v))));
        ::unsetenv(name.constData());
        return out;
    }
    SANDI_ASSIGN(text, crypto::readTextFile(file.toStdString(), 1024));
    std::string_view line = text;
    if (auto nl = line.find('\n'); nl != std::string_view::npos) line = line.substr(0, nl);
    auto out = crypto::SecureBuffer::fromString(line);
    crypto::secureWipe(std::as_writable_bytes(std::span(text.data(), text.size())));
    return out;
}

Result<QSslConfiguration> serverTlsConfiguration(const QString& p12File, const crypto::SecureBuffer& passphrase,
                                                 const std::vector<crypto::Certificate>& anchors)
{
    SANDI_ASSIGN(bytes, crypto::readFile(p12File.toStdString(), crypto::kMaxX509InputBytes));
    auto contents = crypto::parsePkcs12(bytes, passphrase);
    if (!contents) return fail(contents.error().context("TLS key " + p12File.toStdString()));
    auto toQt = [](X509* cert) {
        const auto der = crypto::certificateDer(cert);
        return QSslCertificate(
            QByteArray(reinterpret_cast<const char*>(der.data()), static_cast<qsizetype>(der.size())), QSsl::Der);
    };
    SANDI_ASSIGN(key, qtPrivateKey(std::move(contents->key), passphrase));
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setProtocol(QSsl::TlsV1_3OrLater);
    c.setLocalCertificate(toQt(contents->certificate.get()));
    QList<QSslCertificate> chain{toQt(contents->certificate.get())};
    for (const auto& x : contents->chain)
        chain.append(toQt(x.get()));
    c.setLocalCertificateChain(chain);
    c.setPrivateKey(key);
    QList<QSslCertificate> cas;
    for (const auto& a : anchors) {
        const auto der = a.der();
        cas.append(QSslCertificate(
            QByteArray(reinterpret_cast<const char*>(der.data()), static_cast<qsizetype>(der.size())), QSsl::Der));
    }
    c.setCaCertificates(cas);
    c.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return c;
}

Result<std::unique_ptr<RelayServer>> RelayServer::start(RelayConfig config)
{
    std::unique_ptr<RelayServer> s(new RelayServer);
    s->m_config = std::move(config);
    const RelayConfig& c = s->m_config;
    SANDI_ASSIGN(trust, DeviceTrust::load(c.trust, c.crls));
    s->m_trust = std::move(trust);
    SANDI_ASSIGN(pass, readPassphrase(c.tlsPassFile, c.tlsPassEnv));
    SANDI_ASSIGN(tls, serverTlsConfiguration(c.tlsP12, pass, s->m_trust->anchors()));

    const QString dataDir = c.dataDir;
    auto* raw = s.get();
    SANDI_ASSIGN(storage, StorageExecutor::start(
                              [dataDir]() -> Result<std::unique_ptr<Storage>> {
                                  SANDI_ASSIGN(db, SqliteStorage::open(dataDir));
                                  return std::unique_ptr<Storage>(std::move(db));
                              },
                              [raw](qint64 micros, std::size_t jobs) {
                                  if (raw->m_ctx) raw->m_ctx->metrics().observeCommit(micros, jobs);
                              }));
    s->m_storage = std::move(storage);
    s->m_ctx =
        std::make_unique<RelayContext>(c, *s->m_storage, *s->m_trust, [] { return std::chrono::system_clock::now(); });

    int workers = c.workers > 0 ? c.workers : std::max(1, QThread::idealThreadCount());
    for (int i = 0; i < workers; ++i) {
        auto thread = std::make_unique<QThread>();
        thread->setObjectName("tls-worker-" + QString::number(i));
        auto* w = new Worker(*s->m_ctx, tls);
        w->moveToThread(thread.get());
        connect(thread.get(), &QThread::finished, w, &QObject::deleteLater);
        thread->start();
        s->m_workers.push_back(w);
        s->m_threads.push_back(std::move(thread));
    }

    if (!s->listen(c.listen.address, c.listen.port))
        return fail(ErrorCode::Io,
                    "cannot listen on " + c.listen.toString().toStdString() + ": " + s->errorString().toStdString());

    if (!c.tsaP12.isEmpty()) {
        SANDI_ASSIGN(tsaPass, readPassphrase(c.tsaPassFile, c.tsaPassEnv));
        SANDI_ASSIGN(p12, crypto::readFile(c.tsaP12.toStdString(), crypto::kMaxX509InputBytes));
        auto contents = crypto::parsePkcs12(p12, tsaPass);
        if (!contents) return fail(contents.error().context("TSA key " + c.tsaP12.toStdString()));
        auto tsa =
            crypto::TimeStampAuthority::create(std::move(contents->certificate), std::move(contents->key),
                                               std::move(contents->chain), std::string(crypto::kOidSandiTsaPolicy));
        if (!tsa) return fail(tsa.error().context("TSA key"));
        s->m_tsa.emplace(std::move(*tsa));
    }
    if (c.http) {
        s->m_http = std::make_unique<TsaHttpServer>(s->m_tsa ? &*s->m_tsa : nullptr, s->m_rng,
                                                    [] { return std::chrono::system_clock::now(); });
        s->m_http->addGet("/metrics", "text/plain; version=0.0.4",
                          [raw] { return raw->m_ctx->metrics().prometheus(); });
        s->m_http->addGet("/health", "text/plain", [raw] {
            return QByteArray("ok\nconnections ") + QByteArray::number(raw->m_ctx->metrics().connections.load()) + "\n";
        });
        SANDI_ASSIGN(port, s->m_http->listen(c.http->address, c.http->port));
        s->m_httpEndpoint = Endpoint{c.http->address, port};
    }

    connect(&s->m_expiry, &QTimer::timeout, s.get(), &RelayServer::collectGarbage);
    s->m_expiry.start(60'000);
    connect(&s->m_crlTimer, &QTimer::timeout, s.get(), &RelayServer::reloadCrls);
    s->m_crlTimer.start(c.crlReloadSeconds * 1000);
    auto sampleDepth = [raw] {
        raw->m_storage->submit<qint64>([](Storage& st) { return st.messages().totalQueued(); },
                                       [raw](Result<qint64> r) {
                                           if (r) raw->m_ctx->metrics().queueDepth = *r;
                                       });
    };
    connect(&s->m_depth, &QTimer::timeout, s.get(), sampleDepth);
    s->m_depth.start(5000);
    sampleDepth();
    s->collectGarbage();
    return s;
}

RelayServer::~RelayServer()
{
    close();
    for (auto& t : m_threads) {
        t->quit();
        t->wait();
    }
    m_storage.reset(); // runs what is queued, then stops
}

Endpoint RelayServer::listening() const
{
    return Endpoint{serverAddress(), serverPort()};
}

std::optional<Endpoint> RelayServer::httpListening() const
{
    return m_httpEndpoint;
}

void RelayServer::incomingConnection(qintptr descriptor)
{
    const QString address = peerAddressOf(descriptor);
    if (!m_ctx->admitAddress(address)) {
        ++m_ctx->metrics().limitHits;
        m_ctx->audit("limit", {}, "max-connections-per-address: refused " + address);
        ::shutdown(static_cast<int>(descriptor), SHUT_RDWR);
        ::close(static_cast<int>(descriptor));
        return;
    }
    Worker* w = m_workers[m_next++ % m_workers.size()];
    QMetaObject::invokeMethod(w, "adopt", Qt::QueuedConnection, Q_ARG(qint64, static_cast<qint64>(descriptor)),
                              Q_ARG(QString, address));
}

void RelayServer::reloadCrls()
{
    if (auto st = m_trust->reloadCrls(); !st) {
        logEvent(LogLevel::Error, "crl-reload", {{"error", QString::fromStdString(st.error().message)}});
        return;
    }
    logEvent(LogLevel::Info, "crl-reload", {{"crls", QString::number(m_trust->crlCount())}});
    m_ctx->recheckAll();
    // Devices not connected now: forget the revoked ones (their prekeys and queue too).
    auto* trust = m_trust.get();
    auto* ctx = m_ctx.get();
    m_storage->submit<std::vector<QString>>(
        [trust, ctx](Storage& s) -> Result<std::vector<QString>> {
            SANDI_ASSIGN(all, s.directory().all());
            std::vector<QString> removed;
            for (const auto& d : all) {
                if (trust->authenticate(d.chain, ctx->now())) continue;
                SANDI_TRY(s.directory().remove(d.device));
                removed.push_back(d.device);
            }
            return removed;
        },
        [ctx](Result<std::vector<QString>> r) {
            if (!r) return;
            for (const auto& d : *r)
                ctx->audit("revoked", d, "removed from the directory");
        });
}

void RelayServer::collectGarbage()
{
    const qint64 now = m_ctx->nowMs();
    auto* ctx = m_ctx.get();
    m_storage->submit<int>(
        [now](Storage& s) -> Result<int> {
            SANDI_ASSIGN(n, s.messages().expire(now));
            SANDI_TRY(s.blobs().collect(now, now - qint64{24} * 3600 * 1000));
            return n;
        },
        [ctx](Result<int> r) {
            if (r && *r > 0) ctx->metrics().expired += static_cast<quint64>(*r);
        });
}

} // namespace sandi::server
