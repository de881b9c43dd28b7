// SPDX-License-Identifier: GPL-3.0-or-later
// Times from certificates, CRLs and the CA database: any ASN.1 time is read without
// overflow, clamped to the range TimePoint holds (sandi/core/time.h).
#include "sandi/pki/x509.h"

#include <gtest/gtest.h>

#include <openssl/asn1.h>

namespace sandi::test {
namespace {

using namespace sandi::crypto;

TimePoint asn1(const char* text)
{
    ossl::Asn1TimePtr t(ASN1_TIME_new());
    EXPECT_EQ(ASN1_TIME_set_string_X509(t.get(), text), 1) << text;
    auto r = asn1TimeToTimePoint(t.get());
    EXPECT_TRUE(r) << text;
    return r ? *r : TimePoint{};
}

TEST(X509Time, ReadsEveryAsn1TimeWithoutOverflow)
{
    EXPECT_EQ(unixSeconds(asn1("20261201000000Z")), 1'796'083'200);
    EXPECT_EQ(unixSeconds(asn1("500101000000Z")), -631'152'000); // UTCTime's earliest year, 1950
    EXPECT_EQ(asn1("99991231235959Z"), kLatestTime);             // RFC 5280 §4.1.2.5
    EXPECT_EQ(asn1("40530101000000Z"), kLatestTime);
    EXPECT_EQ(asn1("00000101000000Z"), kEarliestTime);
    EXPECT_EQ(asn1("16000101000000Z"), kEarliestTime);
    EXPECT_EQ(unixSeconds(asn1("16780101000000Z")), kEarliestUnixSeconds);
}

TEST(X509Time, ParseUtcClampsFarDates)
{
    EXPECT_EQ(parseUtc("4053-06-01T00:00:00Z").value(), kLatestTime); // a CA database record from the fuzzer
    EXPECT_EQ(parseUtc("0001-01-01T00:00:00Z").value(), kEarliestTime);
    EXPECT_EQ(formatUtc(parseUtc("2261-12-31T23:59:59Z").value()), "2261-12-31T23:59:59Z");
}

} // namespace
} // namespace sandi::test
