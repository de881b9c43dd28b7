// SPDX-License-Identifier: GPL-3.0-or-later
#include "softhsm_token.h"

#include <openssl/pem.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <vector>

namespace sandi::test {
namespace fs = std::filesystem;
namespace {

std::string quoted(const std::string& s)
{
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

bool run(const std::vector<std::string>& args)
{
    std::string command = "softhsm2-util";
    for (const auto& a : args)
        command += " " + quoted(a);
    command += " >/dev/null";
    const int status = std::system(command.c_str()); // NOLINT(cert-env33-c): a test tool, fixed arguments
    EXPECT_EQ(status, 0) << command;
    return status == 0;
}

} // namespace

SoftHsmToken::SoftHsmToken(fs::path dir, std::string label, std::string pin)
    : m_dir(std::move(dir)), m_label(std::move(label)), m_pin(std::move(pin))
{
}

std::optional<SoftHsmToken> SoftHsmToken::create(const fs::path& dir, const std::string& label, const std::string& pin)
{
    if (!fs::exists(kModule) || std::system("command -v softhsm2-util >/dev/null") != 0) // NOLINT(cert-env33-c)
        return std::nullopt;
    fs::create_directories(dir / "tokens");
    {
        std::ofstream conf(dir / "softhsm2.conf");
        conf << "directories.tokendir = " << (dir / "tokens").string() << "\nobjectstore.backend = file\n"
             << "log.level = ERROR\n";
    }
    ::setenv("SOFTHSM2_CONF", (dir / "softhsm2.conf").c_str(), 1); // NOLINT(concurrency-mt-unsafe): test set-up
    if (!run({"--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "65432100"})) return std::nullopt;
    return SoftHsmToken(dir, label, pin);
}

bool SoftHsmToken::importKey(EVP_PKEY* key, const std::string& keyLabel, const std::string& id)
{
    const fs::path file = m_dir / "key.pem";
    {
        std::FILE* f = std::fopen(file.c_str(), "w");
        if (f == nullptr) return false;
        const int ok = PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
        std::fclose(f);
        if (ok != 1) return false;
    }
    const bool imported =
        run({"--import", file.string(), "--token", m_label, "--label", keyLabel, "--id", id, "--pin", m_pin});
    fs::remove(file); // from here on the key exists only on the token
    return imported;
}

} // namespace sandi::test
