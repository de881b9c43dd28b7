// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/client/trust_store.h"

#include "sandi/core/atomic_file.h"
#include "sandi/pki/x509.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace sandi::client {
namespace {

std::string environment(const char* name)
{
    const char* v = std::getenv(name); // NOLINT(concurrency-mt-unsafe): read once, at start
    return v != nullptr ? std::string(v) : std::string();
}

void loadDirectory(const std::string& dir, TrustAnchors& out)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(dir, ec)) return; // nothing installed
    std::vector<fs::path> files;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        out.warnings.push_back("trust directory " + dir + " cannot be read: " + ec.message());
        return;
    }
    for (const auto& entry : it) {
        if (entry.path().extension() != ".pem") continue;
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& p : files) {
        const std::string name = p.string();
        if (!fs::is_regular_file(p, ec)) {
            out.warnings.push_back("trust file " + name + " is not a regular file: ignored");
            continue;
        }
        auto bytes = crypto::readFile(name, crypto::kMaxX509InputBytes);
        if (!bytes) {
            out.warnings.push_back("trust file " + name + " cannot be read: " + bytes.error().message + ": ignored");
            continue;
        }
        auto certs = crypto::Certificate::parseAll(*bytes);
        if (!certs || certs->empty()) {
            out.warnings.push_back("trust file " + name + " holds no certificate" +
                                   (certs ? std::string() : ": " + certs.error().message) + ": ignored");
            continue;
        }
        out.files.push_back(name);
        for (auto& c : *certs)
            out.anchors.push_back(std::move(c));
    }
}

} // namespace

TrustDirectories defaultTrustDirectories()
{
    TrustDirectories d;
    d.system = environment(kSystemTrustDirVariable);
    if (d.system.empty()) d.system = kSystemTrustDir;
    const std::string xdg = environment("XDG_CONFIG_HOME");
    const std::string home = environment("HOME");
    if (!xdg.empty())
        d.user = xdg + "/sandi/trust.d";
    else if (!home.empty())
        d.user = home + "/.config/sandi/trust.d";
    return d;
}

TrustAnchors loadTrustDirectories(const std::vector<std::string>& directories)
{
    TrustAnchors out;
    for (const auto& d : directories)
        if (!d.empty()) loadDirectory(d, out);
    return out;
}

TrustAnchors defaultTrustAnchors()
{
    const TrustDirectories d = defaultTrustDirectories();
    return loadTrustDirectories({d.system, d.user});
}

} // namespace sandi::client
