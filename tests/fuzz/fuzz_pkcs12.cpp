// SPDX-License-Identifier: GPL-3.0-or-later
// PKCS#12 files from outside (a signer's key file), opened with a fixed passphrase.
#include "sandi/pki/x509.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi::crypto;
    static const SecureBuffer pass = SecureBuffer::fromString("fuzz passphrase");
    auto p12 = parsePkcs12(std::as_bytes(std::span(data, size)), pass);
    if (p12) (void)subjectString(p12->certificate.get());
    return 0;
}
