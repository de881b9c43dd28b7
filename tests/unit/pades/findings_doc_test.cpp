// SPDX-License-Identifier: GPL-3.0-or-later
// Every finding code a verifier can report is listed in docs/auditor-guide.md (scripts
// and the desktop bind to codes: an undocumented one is a bug), and codes are unique.
#include "sandi/pades/pades_verify.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace sandi::test {
namespace {

using namespace sandi::crypto;

std::string auditorGuide()
{
    std::ifstream in(std::string(SANDI_SOURCE_DIR) + "/docs/auditor-guide.md");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(FindingCodes, AreUniqueAndDocumented)
{
    const std::string guide = auditorGuide();
    ASSERT_FALSE(guide.empty());
    std::set<std::string> seen;
    auto check = [&](std::string_view code) {
        EXPECT_TRUE(seen.insert(std::string(code)).second) << "duplicate code " << code;
        EXPECT_NE(guide.find("`" + std::string(code) + "`"), std::string::npos)
            << code << " is not in docs/auditor-guide.md";
        for (char c : code)
            EXPECT_TRUE((c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9')) << code;
    };
    for (auto c : fixedFindingCodes())
        check(c);
    for (auto c : modificationCodes())
        check(c);
    EXPECT_GE(seen.size(), 55U);
    // Chain codes: every prefix and every verdict are documented.
    for (const auto& code : allChainFindingCodes()) {
        const auto suffix = code.substr(code.starts_with("SIGNER_CHAIN_") ? 13 : 10);
        EXPECT_NE(guide.find("`" + suffix + "`"), std::string::npos) << code;
        EXPECT_TRUE(seen.insert(code).second) << code;
    }
    EXPECT_EQ(chainFindingCode(ChainRole::Signer, VerdictCode::UnknownIssuer), "SIGNER_CHAIN_UNKNOWN_ISSUER");
    EXPECT_EQ(chainFindingCode(ChainRole::TimeStampAuthority, VerdictCode::NotYetValid), "TSA_CHAIN_NOT_YET_VALID");
}

} // namespace
} // namespace sandi::test
