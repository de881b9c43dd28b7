// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/client/http_timestamper.h"

#include <openssl/http.h>

#include <array>

namespace sandi::client {
namespace {
void opensslFree(char* p)
{
    OPENSSL_free(p);
}
} // namespace

Result<std::vector<std::byte>> HttpTimeStamper::stamp(std::span<const std::byte> digest, crypto::Digest md)
{
    SANDI_ASSIGN(request, crypto::makeTimeStampRequest(digest, md, m_rng));
    char* host = nullptr;
    char* port = nullptr;
    char* path = nullptr;
    int useTls = 0;
    crypto::ossl::clearErrors();
    if (OSSL_HTTP_parse_url(m_url.c_str(), &useTls, nullptr, &host, &port, nullptr, &path, nullptr, nullptr) != 1) {
        crypto::ossl::clearErrors();
        return fail(ErrorCode::InvalidArgument, "invalid TSA URL '" + m_url + "'");
    }
    std::unique_ptr<char, crypto::ossl::Deleter<char, opensslFree>> h(host), po(port), pa(path);
    if (useTls != 0)
        return fail(ErrorCode::Unsupported,
                    "https TSA URLs are not supported; RFC 3161 tokens are signed, use http://");
    auto body = crypto::ossl::memoryBio(request.der);
    crypto::ossl::BioPtr response(OSSL_HTTP_transfer(nullptr, host, port, path, 0, nullptr, nullptr, nullptr, nullptr,
                                                     nullptr, nullptr, 0, nullptr, "application/timestamp-query",
                                                     body.get(), "application/timestamp-reply", 0, kMaxTsaResponseBytes,
                                                     kTsaTimeoutSeconds, 0));
    if (!response) return fail(crypto::ossl::lastError("no answer from the TSA at " + m_url, ErrorCode::Io));
    std::vector<std::byte> der;
    std::array<char, 4096> chunk{};
    for (;;) {
        const int n = BIO_read(response.get(), chunk.data(), static_cast<int>(chunk.size()));
        if (n <= 0) break;
        const auto* p = reinterpret_cast<const std::byte*>(chunk.data());
        der.insert(der.end(), p, p + n);
        if (der.size() > kMaxTsaResponseBytes) return fail(ErrorCode::InvalidInput, "the TSA's answer is too large");
    }
    auto token = crypto::timeStampTokenFromResponse(der, request);
    if (!token) return fail(token.error().context("TSA " + m_url));
    return token;
}

} // namespace sandi::client
