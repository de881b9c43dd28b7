// SPDX-License-Identifier: GPL-3.0-or-later
// CMS SignedData parsing and verification (the .p7s path and PDF /Contents).
#include "sandi/sign/cms.h"
#include "sandi/core/secure_buffer.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi::crypto;
    initialise();
    const auto in = std::as_bytes(std::span(data, size));
    static const std::string content = "Nota dinas";
    (void)cmsVerifyDetached(in, [](Digest md) -> sandi::Result<std::vector<std::byte>> {
        return digestOf(md, std::as_bytes(std::span(content.data(), content.size())));
    });
    (void)cmsSignatureValue(in);
    return 0;
}
