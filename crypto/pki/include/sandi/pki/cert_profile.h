// SPDX-License-Identifier: GPL-3.0-or-later
// The certificate profiles of the province's PKI (certs/PROFILES.md describes them
// for people; this table is what `sandi ca` enforces).
#pragma once

#include "sandi/core/result.h"
#include "sandi/pki/x509.h"

#include <span>
#include <string_view>

namespace sandi::crypto {

enum class Profile { RootCa, OfficeCa, Signing, Device, RelayTls, Tsa, Ocsp };

// Extended key usages, dotted.
inline constexpr std::string_view kOidServerAuth = "1.3.6.1.5.5.7.3.1";
inline constexpr std::string_view kOidClientAuth = "1.3.6.1.5.5.7.3.2";
inline constexpr std::string_view kOidEmailProtection = "1.3.6.1.5.5.7.3.4";
inline constexpr std::string_view kOidTimeStamping = "1.3.6.1.5.5.7.3.8";
inline constexpr std::string_view kOidDocumentSigning = "1.3.6.1.5.5.7.3.36"; // RFC 9336
inline constexpr std::string_view kOidOcspSigning = "1.3.6.1.5.5.7.3.9";      // RFC 6960 §4.2.2.2
// Sandi's extension binding a device's Ed25519 messaging identity key to its device
// certificate: a UUID-based OID (ITU-T X.667, arc 2.25), so no registration is needed.
// Value: the identity key's DER SubjectPublicKeyInfo. Non-critical.
inline constexpr std::string_view kOidSandiE2eIdentityKey = "2.25.192707729660500771357454641806843150667";

struct ProfileSpec {
    Profile profile;
    std::string_view name;    // as on the command line
    std::string_view purpose; // one line for people
    bool isCa;
    int pathLength;    // -1: absent
    unsigned keyUsage; // KU_* bits of OpenSSL
    std::span<const std::string_view> extendedKeyUsages;
    bool extendedKeyUsageCritical;
    std::span<const KeyType> allowedKeys;
    KeyType defaultKey;
    int validityDays;
    bool allowsEmail;    // rfc822Name SANs
    bool allowsDnsAndIp; // dNSName / iPAddress SANs
    bool requiresDnsOrIp;
    bool allowsE2eIdentityKey;
};

const ProfileSpec& profileSpec(Profile profile) noexcept;
Result<Profile> profileFromName(std::string_view name);
// The end-entity profiles an office CA issues (signing, device, relay-tls, tsa, ocsp).
std::span<const Profile> endEntityProfiles() noexcept;

} // namespace sandi::crypto
