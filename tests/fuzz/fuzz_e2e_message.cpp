// SPDX-License-Identifier: GPL-3.0-or-later
// Session messages (envelope, encrypted header, body) from the network: as a first
// message to accept and as a message on an established session.
#include "e2e_fixture.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi;
    static fuzz::E2eFixture f;
    const auto in = std::as_bytes(std::span(data, size));
    test::SeededRandom rng(size);
    e2e::Session s = f.bobSession.clone();
    (void)e2e::sessionDecrypt(s, in, fuzz::kFuzzTime, rng);
    auto store = f.bobPreKeys();
    static const e2e::IdentityResolver resolve = fuzz::resolverOf({fuzz::certifiedFor(f.alice, "alice")});
    (void)e2e::acceptSession(f.bob, store, resolve, in, fuzz::kFuzzTime, rng);
    return 0;
}
