// SPDX-License-Identifier: GPL-3.0-or-later
// Time as the libraries pass it around: an argument (never a global clock read), so
// that tests are deterministic.
#pragma once

#include <chrono>

namespace sandi::crypto {

using TimePoint = std::chrono::system_clock::time_point;

} // namespace sandi::crypto
