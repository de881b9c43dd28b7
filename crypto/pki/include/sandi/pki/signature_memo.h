// SPDX-License-Identifier: GPL-3.0-or-later
// Certificate signature checks remembered for the process: a file verified after another
// brings the same chain again (the signer's CA, the TSA, the OCSP responders), and each
// check costs up to a millisecond (ECDSA P-384 in OpenSSL 3.0). Only the cryptographic
// fact "this certificate's signature verifies under this public key" is remembered —
// never a trust decision, a time, a purpose or a revocation status: everything else is
// judged afresh every time.
#pragma once

#include "sandi/core/ossl.h"

#include <cstddef>
#include <cstdint>

#include <openssl/x509_vfy.h>

namespace sandi::crypto {

// How many verified (certificate, issuer key) pairs are kept; the oldest goes first.
inline constexpr std::size_t kSignatureMemoEntries = 4096;

// Whether `cert`'s signature verifies under the public key of `issuer` (X509_verify), a
// success remembered under SHA-256 over the whole DER of `cert` and the DER of the
// issuer's SubjectPublicKeyInfo. Failures are not remembered (they are checked again: a
// failure may also be a passing error). Thread-safe.
bool certificateSignatureVerifies(X509* cert, X509* issuer);

// Makes X509_verify_cert on `ctx` check the chain's signatures through
// certificateSignatureVerifies, with everything else OpenSSL's internal_verify does
// (keyCertSign of the issuer, validity times, the verify callback at every depth) done as
// OpenSSL does it. Only a context with X509_V_FLAG_PARTIAL_CHAIN (when it is verified)
// and without DANE, as Sandi makes them, checks through the memo; any other gets
// OpenSSL's own check. Call after X509_STORE_CTX_init.
void rememberSignatureChecks(X509_STORE_CTX* ctx);
// The same for every context OpenSSL makes over `store` (TS_RESP_verify_token, OCSP_basic_verify).
void rememberSignatureChecks(X509_STORE* store);

struct SignatureMemoStats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0; // checks made (verified or not)
    std::size_t entries = 0;
};
SignatureMemoStats signatureMemoStats();
// Forgets everything (tests).
void clearSignatureMemo();

} // namespace sandi::crypto
