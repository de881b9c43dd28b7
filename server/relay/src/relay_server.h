// SPDX-License-Identifier: GPL-3.0-or-later
// sandi-relay's parts wired together: storage (with group commit), trust, the TLS
// acceptor and its workers, the HTTP listener (health, metrics, time-stamping), and
// the timers (expiry, blob collection, CRL reload, queue-depth sampling).
#pragma once

#include "config.h"
#include "relay_context.h"
#include "worker.h"

#include "sandi/core/random.h"
#include "sandi/sign/tsp.h"
#include "tsa_http_server.h"

#include <QTcpServer>
#include <QThread>
#include <QTimer>

#include <memory>
#include <vector>

namespace sandi::server {

class RelayServer final : public QTcpServer {
    Q_OBJECT
  public:
    static Result<std::unique_ptr<RelayServer>> start(RelayConfig config);
    ~RelayServer() override;

    [[nodiscard]] Endpoint listening() const;
    [[nodiscard]] std::optional<Endpoint> httpListening() const;
    // Reads the CRLs again, disconnects revoked devices and forgets them (SIGHUP, timer).
    void reloadCrls();
    // Deletes expired messages and blobs.
    void collectGarbage();

  protected:
    void incomingConnection(qintptr descriptor) override;

  private:
    RelayServer() = default;

    RelayConfig m_config;
    std::unique_ptr<DeviceTrust> m_trust;
    std::unique_ptr<StorageExecutor> m_storage;
    std::unique_ptr<RelayContext> m_ctx;
    std::vector<std::unique_ptr<QThread>> m_threads;
    std::vector<Worker*> m_workers;
    std::size_t m_next = 0;
    crypto::SystemRandom m_rng;
    std::optional<crypto::TimeStampAuthority> m_tsa;
    std::unique_ptr<TsaHttpServer> m_http;
    std::optional<Endpoint> m_httpEndpoint;
    QTimer m_expiry, m_crlTimer, m_depth;
};

// The relay's TLS configuration: TLS 1.3 only, the relay-tls certificate and chain from
// the PKCS#12, client certificates required and checked against the anchors.
Result<QSslConfiguration> serverTlsConfiguration(const QString& p12File, const crypto::SecureBuffer& passphrase,
                                                 const std::vector<crypto::Certificate>& anchors);

// --tls-pass-file / --tls-pass-env (and the TSA's): the first line of the file, or the
// variable (removed from the environment once read).
Result<crypto::SecureBuffer> readPassphrase(const QString& file, const QString& env);

} // namespace sandi::server
