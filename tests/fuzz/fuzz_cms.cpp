// SPDX-License-Identifier: GPL-3.0-or-later
// CMS SignedData parsing and verification (the .p7s path and PDF /Contents): detached
// and enveloping CMS, with and without signed attributes, several SignerInfos, trailing
// bytes; and the adbe.x509.rsa_sha1 form (the input as /Contents, then as /Cert).
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
    const ContentDigester digester = [](Digest md) -> sandi::Result<std::vector<std::byte>> {
        return digestOf(md, std::as_bytes(std::span(content.data(), content.size())));
    };
    std::string_view code;
    (void)cmsVerifyDetached(in, digester, &code);
    (void)cmsSignatureValue(in);
    const std::vector<std::vector<std::byte>> asCert{std::vector<std::byte>(in.begin(), in.end())};
    (void)verifyX509RsaSha1(in, asCert, digester, &code);
    return 0;
}
