// SPDX-License-Identifier: GPL-3.0-or-later
#include "tsa_http_server.h"

namespace sandi::server {

TsaHttpServer::TsaHttpServer(const crypto::TimeStampAuthority& tsa, crypto::Random& rng, Clock clock,
                             TsaHttpLimits limits, QObject* parent)
    : TsaHttpServer(&tsa, rng, std::move(clock), limits, parent)
{
}

TsaHttpServer::TsaHttpServer(const crypto::TimeStampAuthority* tsa, crypto::Random& rng, Clock clock,
                             TsaHttpLimits limits, QObject* parent)
    : QObject(parent), m_tsa(tsa), m_rng(rng), m_clock(std::move(clock)),
      m_http([this](const HttpRequest& r) { return handle(r); }, limits)
{
}

void TsaHttpServer::addGet(const QByteArray& path, const QByteArray& contentType, GetHandler body)
{
    m_routes.push_back({path, contentType, std::move(body)});
}

TsaHttpServer::~TsaHttpServer() = default;

Result<quint16> TsaHttpServer::listen(const QHostAddress& address, quint16 port)
{
    return m_http.listen(address, port);
}

HttpReply TsaHttpServer::handle(const HttpRequest& request)
{
    if (request.method == "GET")
        for (const Route& r : m_routes)
            if (request.target == r.path) return HttpReply{200, "OK", r.contentType, r.body(), {}};
    if (request.method == "GET" && (request.target == "/health" || request.target == "/tsa/health"))
        return httpText(200, "OK", "ok\n");
    if (request.method != "POST") return httpText(405, "Method Not Allowed", "POST a TimeStampReq\n");
    if (m_tsa == nullptr) return httpText(404, "Not Found", "no time-stamping service here\n");
    if (!request.contentType.startsWith("application/timestamp-query"))
        return httpText(415, "Unsupported Media Type", "expected application/timestamp-query\n");
    const auto der = std::as_bytes(std::span(request.body.constData(), static_cast<std::size_t>(request.body.size())));
    auto response = m_tsa->respond(der, m_clock(), m_rng);
    if (!response) return httpText(500, "Internal Server Error", "the TSA could not answer\n");
    ++m_served;
    // A rejection (bad request) is still a TimeStampResp: 200 with its status inside (RFC 3161 §3.4).
    return HttpReply{
        200,
        "OK",
        "application/timestamp-reply",
        QByteArray(reinterpret_cast<const char*>(response->data()), static_cast<qsizetype>(response->size())),
        {}};
}

} // namespace sandi::server
