// SPDX-License-Identifier: GPL-3.0-or-later
// The RFC 3161 time-stamping service over HTTP (RFC 3161 §3.4): POST a DER
// TimeStampReq as application/timestamp-query, receive application/timestamp-reply.
// The HTTP framing and limits are http_endpoint.h's; the relay mounts the same
// handler. The cryptography is crypto::TimeStampAuthority.
#pragma once

#include "http_endpoint.h"
#include "sandi/core/random.h"
#include "sandi/sign/tsp.h"

#include <functional>
#include <memory>
#include <vector>

namespace sandi::server {

using TsaHttpLimits = HttpLimits; // a TimeStampReq is a few hundred bytes: 64 KiB is plenty

class TsaHttpServer final : public QObject {
    Q_OBJECT
  public:
    using Clock = std::function<crypto::TimePoint()>;
    TsaHttpServer(const crypto::TimeStampAuthority& tsa, crypto::Random& rng, Clock clock, TsaHttpLimits limits = {},
                  QObject* parent = nullptr);
    // Without a TSA: POST is answered 404 (the relay when no TSA key is configured).
    TsaHttpServer(const crypto::TimeStampAuthority* tsa, crypto::Random& rng, Clock clock, TsaHttpLimits limits = {},
                  QObject* parent = nullptr);
    // GET `path` answers 200 with what `body` returns (the relay's /health and /metrics).
    using GetHandler = std::function<QByteArray()>;
    void addGet(const QByteArray& path, const QByteArray& contentType, GetHandler body);
    ~TsaHttpServer() override;

    // Listens on `address`:`port` (0: any free port). Returns the port, or an error.
    Result<quint16> listen(const QHostAddress& address, quint16 port);
    [[nodiscard]] quint64 responsesServed() const noexcept { return m_served; }

  private:
    HttpReply handle(const HttpRequest& request);

    const crypto::TimeStampAuthority* m_tsa;
    struct Route {
        QByteArray path, contentType;
        GetHandler body;
    };
    std::vector<Route> m_routes;
    crypto::Random& m_rng;
    Clock m_clock;
    HttpEndpoint m_http;
    quint64 m_served = 0;
};

} // namespace sandi::server
