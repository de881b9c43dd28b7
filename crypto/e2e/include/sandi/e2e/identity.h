// SPDX-License-Identifier: GPL-3.0-or-later
// A peer's messaging identity comes only from its device certificate: the Ed25519
// key the certificate binds (extension 2.25.192707729660500771357454641806843150667),
// accepted when the certificate validates to the configured anchors, for TLS client
// use, and is not revoked. No trust on first use. The safety number lets two
// officials check each other's identities in person.
#pragma once

#include "sandi/e2e/certified_identity.h"
#include "sandi/e2e/primitives.h"

#include <string>

namespace sandi::crypto {
struct ChainInput; // sandi/pki/chain.h: the caller, who fills it, includes it (no OpenSSL here)
} // namespace sandi::crypto

namespace sandi::e2e {

// `input.leaf` is the device certificate; its purpose is forced to TlsClient and
// revocation to Required.
Result<CertifiedIdentity> identityFromDeviceCertificate(const crypto::ChainInput& input);

// 60 digits in 12 groups of 5, the same on both sides: SHA-512 over the two
// identity keys in ascending order, with a label; each group is 5 bytes mod 100000.
std::string safetyNumber(const IdentityPublicKey& a, const IdentityPublicKey& b);
// The QR code's text: "SANDI-SN1:" and the two keys in ascending order, hex.
std::string safetyNumberQrPayload(const IdentityPublicKey& a, const IdentityPublicKey& b);

} // namespace sandi::e2e
