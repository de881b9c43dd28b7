// SPDX-License-Identifier: GPL-3.0-or-later
// x509-limbo as an outside oracle: every case of limbo.json through validateChain.
// The agreement figure is printed; every disagreement must be listed, with its
// reason, in known-disagreements.txt (and docs/pki.md), and every listed case must
// still disagree — so the list cannot drift from the truth either way.
#include "sandi/core/atomic_file.h"
#include "sandi/pki/chain.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>

namespace sandi::crypto {
namespace {

std::span<const std::byte> bytesOf(const std::string& s)
{
    return std::as_bytes(std::span(s.data(), s.size()));
}

std::map<std::string, std::string> knownDisagreements()
{
    std::map<std::string, std::string> out;
    std::ifstream in(SANDI_LIMBO_DIR "/known-disagreements.txt");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto sp = line.find(' ');
        out[line.substr(0, sp)] = sp == std::string::npos ? "" : line.substr(sp + 1);
    }
    return out;
}

TEST(X509Limbo, AgreementWithTheSuite)
{
    auto text = readTextFile(SANDI_LIMBO_DIR "/limbo.json", 8 << 20);
    ASSERT_TRUE(text) << text.error().message;
    const auto doc = nlohmann::json::parse(*text);
    const auto known = knownDisagreements();

    int total = 0, agree = 0;
    std::set<std::string> disagreeing;
    for (const auto& tc : doc.at("testcases")) {
        ++total;
        const std::string id = tc.at("id");
        std::vector<ossl::X509Ptr> anchors, inter;
        bool parsed = true;
        for (const auto& pem : tc.at("trusted_certs")) {
            auto c = parseCertificate(bytesOf(pem.get<std::string>()));
            if (c)
                anchors.push_back(std::move(*c));
            else
                parsed = false;
        }
        for (const auto& pem : tc.at("untrusted_intermediates")) {
            auto c = parseCertificate(bytesOf(pem.get<std::string>()));
            if (c)
                inter.push_back(std::move(*c));
            else
                parsed = false;
        }
        auto leaf = parseCertificate(bytesOf(tc.at("peer_certificate").get<std::string>()));
        bool valid = false;
        std::string reason;
        if (leaf && parsed) {
            std::vector<Certificate> a, i;
            for (auto& c : anchors)
                a.emplace_back(ossl::upRef(c.get()));
            for (auto& c : inter)
                i.emplace_back(ossl::upRef(c.get()));
            ChainInput in;
            in.leaf.emplace(ossl::upRef(leaf->get()));
            in.anchors = a;
            in.intermediates = i;
            in.revocation = RevocationCheck::None;
            in.time = std::chrono::system_clock::now();
            if (!tc.at("validation_time").is_null()) {
                std::string t = tc.at("validation_time");
                // RFC 3339 with an offset of +00:00 or Z.
                if (t.ends_with("+00:00")) t = t.substr(0, t.size() - 6) + "Z";
                in.time = parseUtc(t).value();
            }
            in.purpose = Purpose::Any;
            if (!tc.at("extended_key_usage").is_null())
                for (const auto& e : tc.at("extended_key_usage")) {
                    if (e == "serverAuth") in.purpose = Purpose::TlsServer;
                    if (e == "clientAuth") in.purpose = Purpose::TlsClient;
                }
            if (!tc.at("expected_peer_name").is_null()) {
                const auto& name = tc.at("expected_peer_name");
                if (name.at("kind") == "DNS") in.dnsName = name.at("value").get<std::string>();
                if (name.at("kind") == "IP") in.ipAddress = name.at("value").get<std::string>();
            }
            if (!tc.at("max_chain_depth").is_null()) in.maxDepth = tc.at("max_chain_depth").get<int>();
            const Verdict v = validateChain(in);
            valid = v.valid();
            reason = v.reason;
        } else {
            reason = "a certificate does not parse";
        }
        const bool expected = tc.at("expected_result") == "SUCCESS";
        if (valid == expected) {
            ++agree;
            EXPECT_FALSE(known.contains(id)) << id << " now agrees: remove it from known-disagreements.txt";
        } else {
            disagreeing.insert(id);
            EXPECT_TRUE(known.contains(id)) << id << ": expected " << (expected ? "SUCCESS" : "FAILURE")
                                            << ", Sandi says " << (valid ? "valid" : reason);
        }
    }
    std::printf("x509-limbo: Sandi agrees with %d of %d cases (%d disagree, listed in known-disagreements.txt)\n",
                agree, total, total - agree);
    for (const auto& id : disagreeing)
        std::printf("  disagrees: %s — %s\n", id.c_str(), known.count(id) ? known.at(id).c_str() : "UNLISTED");
    EXPECT_EQ(total, 135);
}

} // namespace
} // namespace sandi::crypto
