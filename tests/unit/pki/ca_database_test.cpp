// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/pki/ca_database.h"

#include <gtest/gtest.h>

namespace sandi::crypto {
namespace {

CaRecord sample(std::string serial)
{
    CaRecord r;
    r.serial = std::move(serial);
    r.profile = Profile::Device;
    r.notBefore = parseUtc("2026-01-01T00:00:00Z").value();
    r.notAfter = parseUtc("2027-01-01T00:00:00Z").value();
    r.certificateSha256 = std::string(64, 'A');
    r.subject = "CN=Wa Ode Nurhayati,OU=Kota Baubau,O=Pemerintah Provinsi Sulawesi Tenggara,C=ID";
    return r;
}

TEST(CaDatabase, RoundTripsRecordsAndCrlNumber)
{
    CaDatabase db;
    ASSERT_TRUE(db.add(sample("1A2B")));
    ASSERT_TRUE(db.add(sample("0A2B"))); // BN_bn2hex keeps a leading zero nibble
    CaRecord revoked = sample("FF00");
    revoked.revokedAt = parseUtc("2026-06-01T12:00:00Z").value();
    revoked.reason = RevocationReason::KeyCompromise;
    revoked.subject = "CN=50% tab\there,C=ID";
    ASSERT_TRUE(db.add(revoked));
    db.setCrlNumber(7);
    const std::string text = db.serialise();
    auto back = CaDatabase::parse(text);
    ASSERT_TRUE(back) << back.error().message;
    ASSERT_EQ(back->records().size(), 3U);
    EXPECT_EQ(back->crlNumber(), 7U);
    const CaRecord* r = back->find("FF00");
    ASSERT_NE(r, nullptr);
    EXPECT_TRUE(r->revoked());
    EXPECT_EQ(r->reason, RevocationReason::KeyCompromise);
    EXPECT_EQ(r->subject, "CN=50% tab\there,C=ID");
    EXPECT_EQ(back->serialise(), text);
}

TEST(CaDatabase, RefusesDuplicateSerials)
{
    CaDatabase db;
    ASSERT_TRUE(db.add(sample("AB")));
    auto again = db.add(sample("AB"));
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::AlreadyExists);
}

TEST(CaDatabase, DetectsEveryTruncationAndEveryFlippedByte)
{
    CaDatabase db;
    ASSERT_TRUE(db.add(sample("1A2B")));
    const std::string text = db.serialise();
    for (std::size_t n = 0; n < text.size(); ++n) {
        auto r = CaDatabase::parse(std::string_view(text).substr(0, n));
        ASSERT_FALSE(r) << "truncated at " << n;
        EXPECT_NE(r.error().message.find("corrupt CA database"), std::string::npos);
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::string bad = text;
        bad[i] = static_cast<char>(bad[i] ^ 0x01);
        EXPECT_FALSE(CaDatabase::parse(bad)) << "flip at " << i;
    }
}

TEST(CaRecord, RejectsMalformedLines)
{
    const std::string good = formatCaRecord(sample("1A"));
    ASSERT_TRUE(parseCaRecord(good));
    for (const std::string& bad : {std::string("cert"), good + " extra", std::string("cert 001A") + good.substr(7),
                                   std::string("cert 1A2") + good.substr(7), std::string("cert 1a") + good.substr(7)}) {
        EXPECT_FALSE(parseCaRecord(bad)) << bad;
    }
    std::string badProfile = good;
    badProfile.replace(badProfile.find("device"), 6, "wizard");
    EXPECT_FALSE(parseCaRecord(badProfile));
}

TEST(RevocationReason, NamesRoundTripAndHoldIsNotOffered)
{
    for (const char* n : {"unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
                          "cessationOfOperation", "privilegeWithdrawn"}) {
        auto r = revocationReasonFromName(n);
        ASSERT_TRUE(r) << n;
        EXPECT_STREQ(revocationReasonName(*r), n);
    }
    EXPECT_FALSE(revocationReasonFromName("certificateHold"));
    EXPECT_FALSE(revocationReasonFromCode(6)); // certificateHold
}

} // namespace
} // namespace sandi::crypto
