// SPDX-License-Identifier: GPL-3.0-or-later
// Builds and signs one certificate from a profile. No storage, no policy about
// who may issue what: that is the CA layer's job (ca.h).
#pragma once

#include "sandi/pki/cert_profile.h"
#include "sandi/core/ossl.h"
#include "sandi/core/random.h"
#include "sandi/core/result.h"
#include "sandi/pki/x509.h"

#include <optional>
#include <string>
#include <vector>

namespace sandi::crypto {

// Limits on what one certificate may carry.
inline constexpr std::size_t kMaxSubjectAltNames = 32;
inline constexpr std::size_t kMaxNameAttributeBytes = 64; // X.520 ub-common-name

// Random 128-bit positive serial number, never zero (RFC 5280 §4.1.2.2: ≤ 20 octets).
inline constexpr std::size_t kSerialBytes = 16;
Result<ossl::Asn1IntegerPtr> randomSerial(Random& rng);

struct DistinguishedName {
    std::string country;      // C (two letters)
    std::string organization; // O
    std::string unit;         // OU (the office)
    std::string commonName;   // CN
    std::string serialNumber; // serialNumber (an official's NIP), optional
    std::string title;        // title (position), optional
};
Result<ossl::X509NamePtr> makeName(const DistinguishedName& dn);
// The C, O and OU of an existing name (used to place leaves under their office).
DistinguishedName officePart(const X509_NAME* name);

struct CertificateTemplate {
    Profile profile = Profile::Signing;
    DistinguishedName subject;
    EVP_PKEY* subjectKey = nullptr;       // public part is used
    std::vector<std::string> emails;      // rfc822Name
    std::vector<std::string> dnsNames;    // dNSName
    std::vector<std::string> ipAddresses; // iPAddress
    EVP_PKEY* e2eIdentityKey = nullptr;   // Ed25519, device profile only
    // Office CAs: permitted subtrees. The directory subtree is the office's C/O/OU.
    bool constrainDirectoryToOffice = false;
    std::vector<std::string> permittedDns;
    std::vector<std::string> permittedEmail;
    TimePoint notBefore;
    TimePoint notAfter;
    // Where the issuer publishes revocation status (empty: not said): authorityInfoAccess
    // id-ad-ocsp and cRLDistributionPoints, each one http:// URI (checkPublicationUrl).
    std::string ocspUrl;
    std::string crlUrl;
};

// Signs with `issuerKey`; `issuer` null means self-signed (root). The digest follows the
// issuer key: SHA-384 for P-384, SHA-256 otherwise, none for Ed25519.
Result<ossl::X509Ptr> signCertificate(const CertificateTemplate& tmpl, const ASN1_INTEGER* serial, X509* issuer,
                                      EVP_PKEY* issuerKey);

// A URL a certificate may name for OCSP or a CRL: http:// (the answers are signed, and a
// client must not need TLS to check a TLS certificate), printable ASCII without spaces or
// commas, at most kMaxPublicationUrlBytes.
inline constexpr std::size_t kMaxPublicationUrlBytes = 256;
Status checkPublicationUrl(std::string_view url);

// Syntax checks for SAN values (outside input from the command line or a CSR).
Status checkDnsName(std::string_view name);
Status checkEmail(std::string_view email);

// The Ed25519 identity key bound by a device certificate, if it has one.
Result<ossl::PkeyPtr> e2eIdentityKeyOf(X509* cert);

// A device's certificate request (`sandi account request`): the TLS key's public part,
// the subject's CN, serialNumber (NIP) and title, and the Ed25519 messaging identity key
// in an extension request (the same extension the device certificate carries), signed
// with the TLS key.
Result<ossl::X509ReqPtr> makeDeviceRequest(EVP_PKEY* tlsKey, const DistinguishedName& subject, EVP_PKEY* identityKey);
// The identity key a request asks to be certified (NotFound when it asks for none).
Result<ossl::PkeyPtr> e2eIdentityKeyOfRequest(X509_REQ* request);
// A subject attribute of a request ("" when absent), UTF-8.
std::string requestSubjectAttribute(X509_REQ* request, int nid);

// Digest that goes with a signing key (nullptr for Ed25519).
const EVP_MD* digestForKey(EVP_PKEY* key);

} // namespace sandi::crypto
