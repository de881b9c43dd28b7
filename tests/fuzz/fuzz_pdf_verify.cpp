// SPDX-License-Identifier: GPL-3.0-or-later
// PDF signature extraction and verification on arbitrary files: byte ranges, the
// revision parser, CMS, the revision diff.
#include "sandi/pades/pades_verify.h"
#include "sandi/core/secure_buffer.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi::crypto;
    initialise();
    VerifyOptions o;
    o.now = std::chrono::system_clock::from_time_t(1'800'000'000);
    o.checkRevocation = true;
    (void)verifyPdf(std::as_bytes(std::span(data, size)), o);
    return 0;
}
