// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/pki/certificate.h"

#include "sandi/pki/x509.h"

#include <cstdlib>

namespace sandi::crypto {

Result<Certificate> Certificate::parse(std::span<const std::byte> pemOrDer)
{
    SANDI_ASSIGN(cert, parseCertificate(pemOrDer));
    return Certificate(std::move(cert));
}

Result<std::vector<Certificate>> Certificate::parseAll(std::span<const std::byte> pemOrDer)
{
    SANDI_ASSIGN(certs, parseCertificates(pemOrDer));
    std::vector<Certificate> out;
    out.reserve(certs.size());
    for (auto& c : certs)
        out.emplace_back(std::move(c));
    return out;
}

Certificate::Certificate(ossl::X509Ptr cert) : m_cert(std::move(cert))
{
    if (!m_cert) std::abort(); // programmer error: a Certificate is never empty
}

Certificate::Certificate(const Certificate& other) : m_cert(ossl::upRef(other.m_cert.get())) {}

Certificate& Certificate::operator=(const Certificate& other)
{
    if (this != &other) m_cert = ossl::upRef(other.m_cert.get());
    return *this;
}

std::vector<std::byte> Certificate::der() const
{
    return certificateDer(m_cert.get());
}
std::string Certificate::subject() const
{
    return subjectString(m_cert.get());
}
std::string Certificate::issuer() const
{
    return issuerString(m_cert.get());
}
std::string Certificate::serialHex() const
{
    return crypto::serialHex(m_cert.get());
}

bool operator==(const Certificate& a, const Certificate& b) noexcept
{
    return X509_cmp(a.native(), b.native()) == 0;
}

Result<Crl> Crl::parse(std::span<const std::byte> pemOrDer)
{
    SANDI_ASSIGN(crl, parseCrl(pemOrDer));
    return Crl(std::move(crl));
}

Result<std::vector<Crl>> Crl::parseAll(std::span<const std::byte> pemOrDer)
{
    SANDI_ASSIGN(crls, parseCrls(pemOrDer));
    std::vector<Crl> out;
    out.reserve(crls.size());
    for (auto& c : crls)
        out.emplace_back(std::move(c));
    return out;
}

Crl::Crl(ossl::X509CrlPtr crl) : m_crl(std::move(crl))
{
    if (!m_crl) std::abort();
}

Crl::Crl(const Crl& other) : m_crl(ossl::upRef(other.m_crl.get())) {}

Crl& Crl::operator=(const Crl& other)
{
    if (this != &other) m_crl = ossl::upRef(other.m_crl.get());
    return *this;
}

std::vector<std::byte> Crl::der() const
{
    unsigned char* der = nullptr;
    const int n = i2d_X509_CRL(m_crl.get(), &der);
    std::vector<std::byte> out;
    if (n > 0) out.assign(reinterpret_cast<std::byte*>(der), reinterpret_cast<std::byte*>(der) + n);
    OPENSSL_free(der);
    return out;
}

std::string Crl::issuer() const
{
    return nameString(X509_CRL_get_issuer(m_crl.get()));
}

std::vector<X509*> nativePointers(std::span<const Certificate> values)
{
    std::vector<X509*> out;
    out.reserve(values.size());
    for (const auto& v : values)
        out.push_back(v.native());
    return out;
}

std::vector<X509_CRL*> nativePointers(std::span<const Crl> values)
{
    std::vector<X509_CRL*> out;
    out.reserve(values.size());
    for (const auto& v : values)
        out.push_back(v.native());
    return out;
}

} // namespace sandi::crypto
