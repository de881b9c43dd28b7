// SPDX-License-Identifier: GPL-3.0-or-later
// Verifying a signature value over a digest, whatever signature algorithm the CMS names:
// the algorithm identifier is checked against the signer's key and the digest algorithm
// before anything is verified (shared by the CMS and the adbe.x509.rsa_sha1 verifiers).
#pragma once

#include "sandi/core/ossl.h"
#include "sandi/core/result.h"

#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace sandi::crypto {

enum class SignatureKind { RsaPkcs1, RsaPss, Ecdsa, EcdsaPlain, Ed25519 };

struct SignatureAlgorithm {
    SignatureKind kind = SignatureKind::RsaPkcs1;
    std::string name; // for messages: "sha256WithRSAEncryption", "ecdsa-plain-SHA256", ...
};

// The signature algorithm `sigAlg` names, checked against the key and the digest `md`
// (ErrorCode::Unsupported for an algorithm Sandi does not verify). A contradiction (an
// RSA algorithm with an EC key, sha1WithRSA with a SHA-256 digest algorithm, PSS
// parameters with another hash) fails and sets `code` to CMS_ALGORITHM_MISMATCH.
Result<SignatureAlgorithm> signatureAlgorithm(const X509_ALGOR* sigAlg, EVP_PKEY* key, const EVP_MD* md,
                                              std::string_view& code);

// Digests the signed data with another algorithm: how a value made with a digest other
// than the declared one is told apart from a broken one.
using Rehash = std::function<std::vector<std::byte>(const EVP_MD* md)>;

// Verifies `signature` over `hash` (made with `md`). A value that does not verify fails
// with BadSignature; an RSA PKCS#1 value whose DigestInfo names another digest that
// matches the data (`rehash`) fails with CMS_ALGORITHM_MISMATCH in `code`.
Status verifyHashSignature(EVP_PKEY* key, const SignatureAlgorithm& alg, const X509_ALGOR* sigAlg, const EVP_MD* md,
                           std::span<const std::byte> hash, std::span<const std::byte> signature, const Rehash& rehash,
                           std::string_view& code);

// The DigestInfo inside an RSA PKCS#1 v1.5 signature value: its digest algorithm and digest.
struct RecoveredDigest {
    const EVP_MD* md = nullptr;
    std::vector<std::byte> digest;
};
Result<RecoveredDigest> recoverRsaDigestInfo(EVP_PKEY* key, std::span<const std::byte> signature);

} // namespace sandi::crypto
