// SPDX-License-Identifier: GPL-3.0-or-later
// X.509 building blocks: keys, certificates, CSRs, CRLs and PKCS#12, loaded from
// outside input (PEM or DER) with a clear error, and encoded back.
#pragma once

#include "sandi/core/ossl.h"
#include "sandi/core/result.h"
#include "sandi/core/secure_buffer.h"
#include "sandi/core/time.h"

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sandi::crypto {

// Inputs larger than this are refused before parsing (a certificate bundle, a CRL).
inline constexpr std::size_t kMaxX509InputBytes = std::size_t{16} * 1024 * 1024;
// PBKDF2-HMAC-SHA-256 iterations protecting keys at rest (PKCS#8 and PKCS#12):
// OWASP's 2023 figure for PBKDF2-HMAC-SHA-256.
inline constexpr int kKeyAtRestPbkdf2Iterations = 600'000;
// A PKCS#12 file asking for more MAC iterations than this is refused (denial of service).
inline constexpr long kMaxPkcs12Iterations = 10'000'000;
// Shortest passphrase Sandi accepts when it encrypts a new key.
inline constexpr std::size_t kMinPassphraseBytes = 8;

enum class KeyType { Rsa3072, Rsa4096, P256, P384, Ed25519 };

const char* keyTypeName(KeyType type) noexcept;
Result<KeyType> keyTypeFromName(std::string_view name);
// The type of an existing key (RSA keys by size rounded to the supported ones).
Result<KeyType> keyTypeOf(EVP_PKEY* key);

Result<ossl::PkeyPtr> generateKey(KeyType type);

// PEM "ENCRYPTED PRIVATE KEY" (PKCS#8, PBES2: PBKDF2-HMAC-SHA-256, AES-256-CBC).
Result<std::string> encryptPrivateKeyPem(EVP_PKEY* key, const SecureBuffer& passphrase);
// Wrong passphrase → ErrorCode::WrongPassphrase; not an encrypted key → InvalidInput.
Result<ossl::PkeyPtr> decryptPrivateKeyPem(std::span<const std::byte> pem, const SecureBuffer& passphrase);
std::string publicKeyPem(EVP_PKEY* key);
Result<ossl::PkeyPtr> parsePublicKey(std::span<const std::byte> pemOrDer);

// Certificates: PEM (one or many) or DER (one).
Result<ossl::X509Ptr> parseCertificate(std::span<const std::byte> pemOrDer);
Result<std::vector<ossl::X509Ptr>> parseCertificates(std::span<const std::byte> pemOrDer);
std::string certificatePem(X509* cert);
std::vector<std::byte> certificateDer(X509* cert);

// A CSR, with its self-signature checked (a CSR whose signature fails is refused).
Result<ossl::X509ReqPtr> parseCsr(std::span<const std::byte> pemOrDer);

Result<ossl::X509CrlPtr> parseCrl(std::span<const std::byte> pemOrDer);
Result<std::vector<ossl::X509CrlPtr>> parseCrls(std::span<const std::byte> pemOrDer);
std::string crlPem(X509_CRL* crl);

struct Pkcs12Contents {
    ossl::PkeyPtr key;
    ossl::X509Ptr certificate;
    std::vector<ossl::X509Ptr> chain; // issuers, nearest first
};
// Wrong passphrase → ErrorCode::WrongPassphrase.
Result<Pkcs12Contents> parsePkcs12(std::span<const std::byte> der, const SecureBuffer& passphrase);
// PBES2 AES-256-CBC for key and certificates, HMAC-SHA-256 MAC.
Result<std::vector<std::byte>> makePkcs12(EVP_PKEY* key, X509* certificate, std::span<X509* const> chain,
                                          const SecureBuffer& passphrase, std::string_view friendlyName);

// Descriptions (for listings and messages).
std::string serialHex(const ASN1_INTEGER* serial); // upper-case hex, no separators
std::string serialHex(X509* cert);
std::string nameString(const X509_NAME* name); // RFC 2253, UTF-8
std::string subjectString(X509* cert);
std::string issuerString(X509* cert);
// The subject's serialNumber attribute (an official's NIP in Sandi's profiles); "" if absent or repeated.
// One attribute of a name (NID_commonName, NID_title, …), UTF-8; "" when absent or repeated.
std::string nameAttribute(const X509_NAME* name, int nid);
std::string subjectAttribute(X509* cert, int nid);
std::string subjectSerialNumber(X509* cert);
Result<TimePoint> asn1TimeToTimePoint(const ASN1_TIME* t);
std::string formatUtc(TimePoint t);                // 2026-11-28T05:04:20Z
Result<TimePoint> parseUtc(std::string_view text); // the same format
std::string hexUpper(std::span<const std::byte> bytes);
std::string sha256Hex(std::span<const std::byte> bytes);

} // namespace sandi::crypto
