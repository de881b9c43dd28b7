// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/client/pki_files.h"

#include "sandi/core/atomic_file.h"
#include "sandi/pki/x509.h"

namespace sandi::client {

Result<std::vector<crypto::Certificate>> loadCertificates(const std::vector<std::string>& paths)
{
    std::vector<crypto::Certificate> out;
    for (const auto& p : paths) {
        SANDI_ASSIGN(bytes, crypto::readFile(p, crypto::kMaxX509InputBytes));
        auto certs = crypto::Certificate::parseAll(bytes);
        if (!certs) return fail(certs.error().context(p));
        for (auto& c : *certs)
            out.push_back(std::move(c));
    }
    return out;
}

Result<std::vector<crypto::Crl>> loadCrls(const std::vector<std::string>& paths)
{
    std::vector<crypto::Crl> out;
    for (const auto& p : paths) {
        SANDI_ASSIGN(bytes, crypto::readFile(p, crypto::kMaxX509InputBytes));
        auto crls = crypto::Crl::parseAll(bytes);
        if (!crls) return fail(crls.error().context(p));
        for (auto& c : *crls)
            out.push_back(std::move(c));
    }
    return out;
}

Result<std::vector<crypto::OcspResponse>> loadOcspResponses(const std::vector<std::string>& paths)
{
    std::vector<crypto::OcspResponse> out;
    for (const auto& p : paths) {
        SANDI_ASSIGN(bytes, crypto::readFile(p, crypto::kMaxOcspResponseBytes));
        auto response = crypto::OcspResponse::parse(bytes);
        if (!response) return fail(response.error().context(p));
        out.push_back(std::move(*response));
    }
    return out;
}

} // namespace sandi::client
