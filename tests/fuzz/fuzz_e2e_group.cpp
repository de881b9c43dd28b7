// SPDX-License-Identifier: GPL-3.0-or-later
// Group messages from the network, against a known sender key.
#include "e2e_fixture.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi;
    static fuzz::E2eFixture f;
    e2e::SenderKeyState s = f.receiverKey.clone();
    (void)e2e::groupDecrypt(s, "g", std::as_bytes(std::span(data, size)), fuzz::kFuzzTime);
    return 0;
}
