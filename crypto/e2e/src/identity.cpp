// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/e2e/identity.h"

#include "sandi/pki/cert_builder.h"
#include "sandi/pki/chain.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>

namespace sandi::e2e {

Result<CertifiedIdentity> identityFromDeviceCertificate(const crypto::ChainInput& in)
{
    crypto::ChainInput input = in;
    if (!input.leaf) return fail(ErrorCode::InvalidArgument, "no device certificate");
    input.purpose = crypto::Purpose::TlsClient;
    input.revocation = crypto::RevocationCheck::Required;
    const crypto::Verdict v = crypto::validateChain(input);
    if (!v.valid()) return fail(ErrorCode::Policy, std::string("device certificate not accepted: ") + v.reason);
    X509* const leaf = input.leaf->native();
    SANDI_ASSIGN(key, crypto::e2eIdentityKeyOf(leaf));
    std::array<unsigned char, 32> raw{};
    std::size_t len = raw.size();
    if (EVP_PKEY_get_raw_public_key(key.get(), raw.data(), &len) != 1 || len != raw.size())
        return fail(crypto::ossl::lastError("reading the identity key", ErrorCode::InvalidInput));
    CertifiedIdentity out;
    out.identityKey = IdentityPublicKey::fromBytes(std::as_bytes(std::span(raw)));
    out.subject = crypto::subjectString(leaf);
    out.issuer = crypto::issuerString(leaf);
    out.serial = crypto::serialHex(leaf);
    out.nip = crypto::subjectSerialNumber(leaf);
    if (out.subject.size() > kMaxCertificateNameBytes || out.issuer.size() > kMaxCertificateNameBytes ||
        out.serial.size() > kMaxCertificateSerialBytes)
        return fail(ErrorCode::Policy, "device certificate not accepted: its names or serial number are too long");
    return out;
}

namespace {
std::pair<const IdentityPublicKey*, const IdentityPublicKey*> ordered(const IdentityPublicKey& a,
                                                                      const IdentityPublicKey& b)
{
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end()) ? std::pair{&a, &b} : std::pair{&b, &a};
}
} // namespace

std::string safetyNumber(const IdentityPublicKey& a, const IdentityPublicKey& b)
{
    const auto [lo, hi] = ordered(a, b);
    static constexpr std::string_view kLabel = "Sandi safety number v1";
    std::array<unsigned char, crypto_hash_sha512_BYTES> h{};
    crypto_hash_sha512_state st;
    crypto_hash_sha512_init(&st);
    crypto_hash_sha512_update(&st, reinterpret_cast<const unsigned char*>(kLabel.data()), kLabel.size());
    crypto_hash_sha512_update(&st, reinterpret_cast<const unsigned char*>(lo->data()), lo->size());
    crypto_hash_sha512_update(&st, reinterpret_cast<const unsigned char*>(hi->data()), hi->size());
    crypto_hash_sha512_final(&st, h.data());
    std::string out;
    for (std::size_t g = 0; g < 12; ++g) {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < 5; ++i)
            v = (v << 8U) | h[g * 5 + i];
        char buf[8];
        std::snprintf(buf, sizeof buf, "%05u", static_cast<unsigned>(v % 100000));
        if (g > 0) out += ' ';
        out += buf;
    }
    return out;
}

std::string safetyNumberQrPayload(const IdentityPublicKey& a, const IdentityPublicKey& b)
{
    const auto [lo, hi] = ordered(a, b);
    return "SANDI-SN1:" + crypto::hexUpper(*lo) + crypto::hexUpper(*hi);
}

} // namespace sandi::e2e
