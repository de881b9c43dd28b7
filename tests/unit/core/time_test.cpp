// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/core/time.h"

#include <gtest/gtest.h>

#include <limits>

namespace sandi::test {
namespace {

using crypto::kEarliestTime;
using crypto::kEarliestUnixSeconds;
using crypto::kLatestTime;
using crypto::kLatestUnixSeconds;
using crypto::timePointFromUnixSeconds;
using crypto::unixSeconds;

TEST(Time, SecondsInsideTheRangeRoundTrip)
{
    for (std::int64_t s :
         {std::int64_t{0}, std::int64_t{1'800'000'000}, std::int64_t{-1}, kEarliestUnixSeconds, kLatestUnixSeconds})
        EXPECT_EQ(unixSeconds(timePointFromUnixSeconds(s)), s);
}

TEST(Time, ClampsAtBothEnds)
{
    // 9999-12-31T23:59:59Z (RFC 5280's "no well-defined expiration") and year 0.
    EXPECT_EQ(timePointFromUnixSeconds(253'402'300'799), kLatestTime);
    EXPECT_EQ(timePointFromUnixSeconds(kLatestUnixSeconds + 1), kLatestTime);
    EXPECT_EQ(timePointFromUnixSeconds(std::numeric_limits<std::int64_t>::max()), kLatestTime);
    EXPECT_EQ(timePointFromUnixSeconds(-62'167'219'200), kEarliestTime);
    EXPECT_EQ(timePointFromUnixSeconds(kEarliestUnixSeconds - 1), kEarliestTime);
    EXPECT_EQ(timePointFromUnixSeconds(std::numeric_limits<std::int64_t>::min()), kEarliestTime);
    EXPECT_LT(kEarliestTime, timePointFromUnixSeconds(0));
    EXPECT_GT(kLatestTime, timePointFromUnixSeconds(4'102'444'800)); // 2100
}

} // namespace
} // namespace sandi::test
