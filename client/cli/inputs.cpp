// SPDX-License-Identifier: GPL-3.0-or-later
#include "inputs.h"

#include "commands.h"

#include "sandi/core/atomic_file.h"
#include "sandi/pki/x509.h"

#include <string_view>

namespace sandi::client::cli {

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

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the usage text and the command name, named at each call
int runCommand(std::span<char* const> argv, std::FILE* out, std::FILE* err, const char* usage, const char* name,
               const std::function<Result<int>(std::span<char* const>)>& body)
{
    for (char* a : argv)
        if (std::string_view(a) == "--help") {
            std::fputs(usage, out);
            return kExitOk;
        }
    if (argv.empty()) {
        std::fputs(usage, err);
        return kExitError;
    }
    auto r = body(argv);
    if (!r) {
        std::fprintf(err, "sandi %s: error: %s\n", name, r.error().message.c_str());
        return kExitError;
    }
    return *r;
}

} // namespace sandi::client::cli
