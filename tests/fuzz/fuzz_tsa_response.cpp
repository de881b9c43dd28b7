// SPDX-License-Identifier: GPL-3.0-or-later
// Time-stamp responses and tokens from a TSA (what `sandi sign --tsa` receives and
// what `sandi verify` finds inside signatures).
#include "../support/seeded_random.h"
#include "sandi/sign/cms.h"
#include "sandi/sign/tsp.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi::crypto;
    initialise();
    const auto in = std::as_bytes(std::span(data, size));
    sandi::test::SeededRandom rng(1);
    static const std::string stamped = "signature value";
    const auto digest = digestOf(Digest::Sha256, std::as_bytes(std::span(stamped.data(), stamped.size())));
    auto request = makeTimeStampRequest(digest, Digest::Sha256, rng);
    if (request) (void)timeStampTokenFromResponse(in, *request);
    (void)verifyTimeStampToken(in);
    return 0;
}
