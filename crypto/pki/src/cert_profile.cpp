// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/pki/cert_profile.h"

#include <openssl/x509v3.h>

#include <array>
#include <string>

namespace sandi::crypto {
namespace {

constexpr std::array<KeyType, 4> kCaKeys{KeyType::P384, KeyType::P256, KeyType::Rsa4096, KeyType::Rsa3072};
constexpr std::array<KeyType, 2> kSigningKeys{KeyType::Rsa3072, KeyType::P256};
constexpr std::array<KeyType, 1> kDeviceKeys{KeyType::P256};
constexpr std::array<KeyType, 2> kTlsKeys{KeyType::P256, KeyType::Rsa3072};
constexpr std::array<KeyType, 2> kTsaKeys{KeyType::P256, KeyType::Rsa3072};
constexpr std::array<KeyType, 2> kOcspKeys{KeyType::P256, KeyType::Rsa3072};

constexpr std::array<std::string_view, 0> kNoEku{};
constexpr std::array<std::string_view, 2> kSigningEku{kOidDocumentSigning, kOidEmailProtection};
constexpr std::array<std::string_view, 1> kDeviceEku{kOidClientAuth};
constexpr std::array<std::string_view, 1> kRelayEku{kOidServerAuth};
constexpr std::array<std::string_view, 1> kTsaEku{kOidTimeStamping};
constexpr std::array<std::string_view, 1> kOcspEku{kOidOcspSigning};

const std::array<ProfileSpec, 7> kProfiles{{
    {Profile::RootCa, "root-ca", "the province's root certification authority (offline)", true, 1,
     KU_KEY_CERT_SIGN | KU_CRL_SIGN, kNoEku, false, kCaKeys, KeyType::P384, 7305, false, false, false, false},
    {Profile::OfficeCa, "office-ca", "one office's certification authority, name-constrained to that office", true, 0,
     KU_KEY_CERT_SIGN | KU_CRL_SIGN, kNoEku, false, kCaKeys, KeyType::P384, 3652, false, false, false, false},
    {Profile::Signing, "signing", "an official's document-signing certificate (PAdES, CAdES, signed memos)", false, -1,
     KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION, kSigningEku, false, kSigningKeys, KeyType::Rsa3072, 730, true, false,
     false, false},
    {Profile::Device, "device", "a device of an official: TLS client authentication to the relay, E2E identity", false,
     -1, KU_DIGITAL_SIGNATURE, kDeviceEku, false, kDeviceKeys, KeyType::P256, 365, true, false, false, true},
    {Profile::RelayTls, "relay-tls", "the relay's TLS server certificate", false, -1, KU_DIGITAL_SIGNATURE, kRelayEku,
     false, kTlsKeys, KeyType::P256, 397, false, true, true, false},
    {Profile::Tsa, "tsa", "the RFC 3161 time-stamping authority", false, -1, KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION,
     kTsaEku, true, kTsaKeys, KeyType::P256, 1826, false, false, false, false},
    // Short-lived: it carries id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1), so it is never checked for revocation.
    {Profile::Ocsp, "ocsp", "the OCSP responder's delegated signing certificate", false, -1, KU_DIGITAL_SIGNATURE,
     kOcspEku, false, kOcspKeys, KeyType::P256, 30, false, false, false, false},
}};

constexpr std::array<Profile, 5> kEndEntity{Profile::Signing, Profile::Device, Profile::RelayTls, Profile::Tsa,
                                            Profile::Ocsp};

} // namespace

const ProfileSpec& profileSpec(Profile profile) noexcept
{
    for (const auto& p : kProfiles)
        if (p.profile == profile) return p;
    return kProfiles.front(); // unreachable: every enumerator is in the table (tested)
}

Result<Profile> profileFromName(std::string_view name)
{
    for (const auto& p : kProfiles)
        if (p.name == name) return p.profile;
    return fail(ErrorCode::InvalidArgument,
                "unknown profile '" + std::string(name) + "' (signing, device, relay-tls, tsa, ocsp)");
}

std::span<const Profile> endEntityProfiles() noexcept
{
    return kEndEntity;
}

} // namespace sandi::crypto
