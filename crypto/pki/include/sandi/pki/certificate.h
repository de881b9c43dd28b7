// SPDX-License-Identifier: GPL-3.0-or-later
// Certificates and CRLs as value types: what public APIs take and return instead of
// X509* / X509_CRL* or spans of raw pointers. A copy shares the same OpenSSL object
// (an up-reference, as OpenSSL's objects are immutable once parsed); never null.
#pragma once

#include "sandi/core/ossl.h"
#include "sandi/core/result.h"
#include "sandi/core/time.h"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace sandi::crypto {

class Certificate final {
  public:
    // One certificate, PEM or DER, from outside input (size-checked, strict DER).
    static Result<Certificate> parse(std::span<const std::byte> pemOrDer);
    // Every certificate of a PEM bundle (or the one of a DER file).
    static Result<std::vector<Certificate>> parseAll(std::span<const std::byte> pemOrDer);
    // Adopts an OpenSSL certificate (programmer error if null).
    explicit Certificate(ossl::X509Ptr cert);

    Certificate(const Certificate& other);
    Certificate& operator=(const Certificate& other);
    Certificate(Certificate&&) noexcept = default;
    Certificate& operator=(Certificate&&) noexcept = default;
    ~Certificate() = default;

    // For code that calls OpenSSL; the object lives as long as this value.
    [[nodiscard]] X509* native() const noexcept { return m_cert.get(); }
    [[nodiscard]] std::vector<std::byte> der() const;
    [[nodiscard]] std::string subject() const; // RFC 2253, UTF-8
    [[nodiscard]] std::string issuer() const;
    [[nodiscard]] std::string serialHex() const;

    friend bool operator==(const Certificate& a, const Certificate& b) noexcept; // same DER

  private:
    ossl::X509Ptr m_cert;
};

class Crl final {
  public:
    static Result<Crl> parse(std::span<const std::byte> pemOrDer);
    static Result<std::vector<Crl>> parseAll(std::span<const std::byte> pemOrDer);
    explicit Crl(ossl::X509CrlPtr crl);

    Crl(const Crl& other);
    Crl& operator=(const Crl& other);
    Crl(Crl&&) noexcept = default;
    Crl& operator=(Crl&&) noexcept = default;
    ~Crl() = default;

    [[nodiscard]] X509_CRL* native() const noexcept { return m_crl.get(); }
    [[nodiscard]] std::vector<std::byte> der() const;
    [[nodiscard]] std::string issuer() const;

  private:
    ossl::X509CrlPtr m_crl;
};

// For the OpenSSL calls underneath: pointers valid as long as `values` lives.
std::vector<X509*> nativePointers(std::span<const Certificate> values);
std::vector<X509_CRL*> nativePointers(std::span<const Crl> values);

} // namespace sandi::crypto
