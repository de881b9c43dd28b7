// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/core/random.h"

#include "sandi/core/secure_buffer.h"

#include <sodium.h>

namespace sandi::crypto {

void SystemRandom::fill(std::span<std::byte> out)
{
    initialise();
    if (out.empty()) return;
    randombytes_buf(out.data(), out.size());
}

} // namespace sandi::crypto
