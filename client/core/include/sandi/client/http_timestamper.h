// SPDX-License-Identifier: GPL-3.0-or-later
// Time-stamp tokens from an RFC 3161 TSA over HTTP (RFC 3161 §3.4), with OpenSSL's
// HTTP client: POST application/timestamp-query, expect application/timestamp-reply.
#pragma once

#include "sandi/core/random.h"
#include "sandi/sign/tsp.h"

#include <string>

namespace sandi::client {

inline constexpr std::size_t kMaxTsaResponseBytes = std::size_t{1024} * 1024;
inline constexpr int kTsaTimeoutSeconds = 30;

class HttpTimeStamper final : public crypto::TimeStamper {
  public:
    HttpTimeStamper(std::string url, crypto::Random& rng) : m_url(std::move(url)), m_rng(rng) {}
    Result<std::vector<std::byte>> stamp(std::span<const std::byte> digest, crypto::Digest md) override;

  private:
    std::string m_url;
    crypto::Random& m_rng;
};

} // namespace sandi::client
