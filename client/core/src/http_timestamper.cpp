// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/client/http_timestamper.h"

#include "sandi/client/revocation_fetch.h"

namespace sandi::client {

Result<std::vector<std::byte>> HttpTimeStamper::stamp(std::span<const std::byte> digest, crypto::Digest md)
{
    SANDI_ASSIGN(request, crypto::makeTimeStampRequest(digest, md, m_rng));
    auto der = httpPost(m_url, "application/timestamp-query", request.der, "application/timestamp-reply",
                        kMaxTsaResponseBytes, std::chrono::seconds(kTsaTimeoutSeconds));
    if (!der) return fail(der.error().context("TSA"));
    auto token = crypto::timeStampTokenFromResponse(*der, request);
    if (!token) return fail(token.error().context("TSA " + m_url));
    return token;
}

} // namespace sandi::client
