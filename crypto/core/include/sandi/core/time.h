// SPDX-License-Identifier: GPL-3.0-or-later
// Time as the libraries pass it around: an argument (never a global clock read), so
// that tests are deterministic.
//
// TimePoint is std::chrono::system_clock's time point: nanoseconds in a 64-bit count
// (libstdc++), so it spans only about 1677-09-21 to 2262-04-11. Outside input may name
// any time: an X.509 validity may end at 99991231235959Z (RFC 5280 §4.1.2.5), a PDF date
// or a CA database record may say year 4053. Every time read from outside input goes
// through timePointFromUnixSeconds, which clamps to [kEarliestTime, kLatestTime]; no
// conversion overflows (std::chrono::system_clock::from_time_t would, undefined
// behaviour). A clamped "not after 9999" is still later than any time Sandi compares it
// with, and a clamped year-1500 "not before" still earlier.
#pragma once

#include <chrono>
#include <cstdint>

namespace sandi::crypto {

using TimePoint = std::chrono::system_clock::time_point;

// 1678-01-01T00:00:00Z and 2261-12-31T23:59:59Z, in seconds since 1970 (UTC).
inline constexpr std::int64_t kEarliestUnixSeconds = -9'214'560'000;
inline constexpr std::int64_t kLatestUnixSeconds = 9'214'646'399;
static_assert(kLatestUnixSeconds <
              std::chrono::duration_cast<std::chrono::seconds>(TimePoint::duration::max()).count());
static_assert(kEarliestUnixSeconds >
              std::chrono::duration_cast<std::chrono::seconds>(TimePoint::duration::min()).count());

// The time `seconds` after 1970-01-01T00:00:00Z, clamped to the range above.
[[nodiscard]] constexpr TimePoint timePointFromUnixSeconds(std::int64_t seconds) noexcept
{
    if (seconds < kEarliestUnixSeconds) seconds = kEarliestUnixSeconds;
    if (seconds > kLatestUnixSeconds) seconds = kLatestUnixSeconds;
    return TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::seconds(seconds)));
}

inline constexpr TimePoint kEarliestTime = timePointFromUnixSeconds(kEarliestUnixSeconds);
inline constexpr TimePoint kLatestTime = timePointFromUnixSeconds(kLatestUnixSeconds);

// Whole seconds since 1970 (rounded towards minus infinity); always representable.
[[nodiscard]] constexpr std::int64_t unixSeconds(TimePoint t) noexcept
{
    return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

} // namespace sandi::crypto
