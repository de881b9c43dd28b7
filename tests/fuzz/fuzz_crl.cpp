// SPDX-License-Identifier: GPL-3.0-or-later
// CRLs (PEM or DER) from outside, as `sandi cert verify --crl` and the validators read them.
#include "sandi/pki/x509.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi::crypto;
    auto crls = parseCrls(std::as_bytes(std::span(data, size)));
    if (!crls) return 0;
    for (auto& crl : *crls) {
        (void)nameString(X509_CRL_get_issuer(crl.get()));
        (void)asn1TimeToTimePoint(X509_CRL_get0_nextUpdate(crl.get()));
        STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl.get());
        for (int i = 0; i < sk_X509_REVOKED_num(revoked); ++i)
            (void)serialHex(X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(revoked, i)));
    }
    return 0;
}
