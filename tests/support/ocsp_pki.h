// SPDX-License-Identifier: GPL-3.0-or-later
// A PKI made by the openssl command line, with OCSP responses made by `openssl ocsp`
// (the outside oracle for Sandi's OCSP judgement): a CA, leaves (good, revoked an hour
// ago, unknown to the responder), a time-stamp authority, delegated responders (with and without
// id-pkix-ocsp-nocheck, one without id-kp-OCSPSigning) and a responder of another CA.
#pragma once

#include "test_pki.h"

#include "sandi/pki/ocsp.h"

#include <filesystem>
#include <string>
#include <vector>

namespace sandi::test {

class OcspPki {
  public:
    OcspPki(); // runs openssl; fails the test when it cannot
    [[nodiscard]] const std::filesystem::path& dir() const noexcept { return m_dir.path(); }
    // Runs `command` in dir() with bash; true when it exits 0. Output goes to `log`.
    bool run(const std::string& command, std::string* log = nullptr) const;
    std::vector<std::byte> read(const std::string& file) const;
    Certificate cert(const std::string& name) const;  // NAME.pem
    ossl::PkeyPtr key(const std::string& name) const; // NAME.key (unencrypted)
    // `openssl ocsp` answering for NAME.pem (a request with `reqFlags`, e.g. -sha256),
    // signed by SIGNER.pem/SIGNER.key with `respFlags` (-ndays N, -resp_no_certs,
    // -resp_key_id); the DER OCSPResponse is written to OUT and returned.
    std::vector<std::byte> respond(const std::string& name, const std::string& signer, const std::string& out,
                                   const std::string& respFlags = "-ndays 1", const std::string& reqFlags = "") const;
    // `openssl ocsp -respin FILE -CAfile ca.pem [more]` says "Response verify OK" (`more`
    // may name its own -CAfile: both-ca.pem holds both CAs).
    bool opensslVerifies(const std::string& file, const std::string& more = "") const;

    TimePoint revokedAt; // when "revoked" was revoked (keyCompromise)

  private:
    TempDir m_dir;
};

} // namespace sandi::test
