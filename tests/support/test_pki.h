// SPDX-License-Identifier: GPL-3.0-or-later
// A small PKI made at test time through the library (no committed keys): a root,
// two office CAs and helpers to issue leaves, with injected time and serials.
#pragma once

#include "sandi/pki/ca.h"
#include "sandi/pki/chain.h"
#include "seeded_random.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sandi::test {

using namespace sandi::crypto;

// A fresh directory under the system temp dir, removed on destruction.
class TempDir final {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_path; }

  private:
    std::filesystem::path m_path;
};

inline SecureBuffer passphrase(std::string_view s = "correct horse battery")
{
    return SecureBuffer::fromString(s);
}

// Unwraps a Result in a test, failing with its message.
template <class T> T must(Result<T> r)
{
    if (!r) {
        ADD_FAILURE() << r.error().message;
        std::abort();
    }
    return std::move(*r);
}
inline void must(Status s)
{
    if (!s) {
        ADD_FAILURE() << s.error().message;
        std::abort();
    }
}

// Value types (up-references) of OpenSSL objects the tests hold.
std::vector<Certificate> values(std::initializer_list<X509*> certs);
std::vector<Crl> values(const std::vector<ossl::X509CrlPtr>& crls);

struct TestPki {
    TempDir dir;
    SeededRandom rng{42};
    TimePoint now;
    std::unique_ptr<CertificateAuthority> root;
    std::unique_ptr<CertificateAuthority> baubau; // "Kota Baubau", e-mail constrained to baubaukota.go.id
    std::unique_ptr<CertificateAuthority> buton;  // "Kabupaten Buton"

    explicit TestPki(TimePoint at = std::chrono::system_clock::now());

    Issued issue(CertificateAuthority& ca, Profile profile, const std::string& cn, std::vector<std::string> emails = {},
                 std::vector<std::string> dns = {}, std::vector<std::string> ips = {});
    // Fresh CRLs of all three CAs, signed at `at`.
    std::vector<ossl::X509CrlPtr> crls(TimePoint at);
    Verdict validate(X509* leaf, Purpose purpose, TimePoint at, const std::vector<ossl::X509CrlPtr>& crlList,
                     std::vector<X509*> extraIntermediates = {});
};

} // namespace sandi::test
