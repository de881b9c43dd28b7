// SPDX-License-Identifier: GPL-3.0-or-later
// Certificates (PEM or DER) from outside: parse, describe, and validate against themselves.
#include "sandi/pki/cert_builder.h"
#include "sandi/pki/chain.h"
#include "sandi/pki/x509.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi::crypto;
    auto certs = parseCertificates(std::as_bytes(std::span(data, size)));
    if (!certs) return 0;
    std::vector<Certificate> all;
    for (auto& c : *certs) {
        (void)subjectString(c.get());
        (void)serialHex(c.get());
        (void)asn1TimeToTimePoint(X509_get0_notAfter(c.get()));
        (void)e2eIdentityKeyOf(c.get());
        all.emplace_back(ossl::upRef(c.get()));
    }
    ChainInput in;
    in.leaf = all.front();
    in.intermediates = std::span<const Certificate>(all).subspan(1);
    in.anchors = std::span<const Certificate>(all).last(1);
    in.time = std::chrono::system_clock::from_time_t(1'800'000'000);
    in.purpose = Purpose::DocumentSigning;
    in.revocation = RevocationCheck::None;
    (void)validateChain(in);
    return 0;
}
