// SPDX-License-Identifier: GPL-3.0-or-later
// A peer's messaging identity as a valid device certificate certifies it
// (identityFromDeviceCertificate in identity.h yields one). Sessions are started
// only with such an identity: by the initiator for the bundle it uses, by the
// responder, through a resolver, for the identity key a first message names.
#pragma once

#include "sandi/core/result.h"
#include "sandi/e2e/primitives.h"

#include <functional>
#include <string>

namespace sandi::e2e {

inline constexpr std::size_t kMaxCertificateNameBytes = 1024; // issuer and subject, RFC 2253
inline constexpr std::size_t kMaxCertificateSerialBytes = 64; // hex digits of the serial number

struct CertifiedIdentity {
    IdentityPublicKey identityKey{}; // Ed25519, bound by the device certificate
    std::string subject;             // the device certificate's subject (RFC 2253)
    std::string issuer;              // its issuer (RFC 2253): the office CA
    std::string serial;              // its serial number, upper-case hex
    std::string nip;                 // the official's NIP: the subject's serialNumber attribute ("" if none)
};

// Maps the identity key a session-starting message names to the identity a valid,
// unrevoked device certificate certifies for it, or fails (unknown, uncertified,
// revoked): acceptSession calls it before it decrypts anything or changes any state.
using IdentityResolver = std::function<Result<CertifiedIdentity>(const IdentityPublicKey& identityKey)>;

} // namespace sandi::e2e
