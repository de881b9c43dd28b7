// SPDX-License-Identifier: GPL-3.0-or-later
// Certificate requests (PEM or DER) from outside, as `sandi ca issue --csr` reads them.
#include "sandi/pki/x509.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi::crypto;
    auto req = parseCsr(std::as_bytes(std::span(data, size)));
    if (req) {
        (void)nameString(X509_REQ_get_subject_name(req->get()));
        (void)keyTypeOf(X509_REQ_get0_pubkey(req->get()));
    }
    return 0;
}
