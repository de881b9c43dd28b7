// SPDX-License-Identifier: GPL-3.0-or-later
// A SoftHSM2 token made at test time in a temporary directory (SOFTHSM2_CONF points at
// it for the rest of the process), with keys imported and then deleted from disk, as
// tests/interop/pkcs11_softhsm.sh sets one up.
#pragma once

#include "test_pki.h"

#include <openssl/evp.h>

#include <filesystem>
#include <optional>
#include <string>

namespace sandi::test {

class SoftHsmToken final {
  public:
    static constexpr const char* kModule = "/usr/lib/softhsm/libsofthsm2.so";
    // Nothing when SoftHSM2 is not installed (the test then skips).
    static std::optional<SoftHsmToken> create(const std::filesystem::path& dir, const std::string& label,
                                              const std::string& pin);
    // Puts `key` on the token under `keyLabel` / `id` (hex); false (with a test failure) if
    // softhsm2-util refuses.
    bool importKey(EVP_PKEY* key, const std::string& keyLabel, const std::string& id);
    [[nodiscard]] const std::string& label() const noexcept { return m_label; }

  private:
    SoftHsmToken(std::filesystem::path dir, std::string label, std::string pin);
    std::filesystem::path m_dir;
    std::string m_label;
    std::string m_pin;
};

} // namespace sandi::test
