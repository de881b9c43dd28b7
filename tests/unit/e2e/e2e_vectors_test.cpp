// SPDX-License-Identifier: GPL-3.0-or-later
// Known-answer vectors of the E2E format (docs/protocol.md), generated once from a
// deterministic fixture and checked in (tests/vectors/e2e-v2.txt): any change to an
// encoding, a label or a KDF makes this test fail. Regenerate only for a new
// protocol version: SANDI_WRITE_VECTORS=1 sandi_e2e_tests --gtest_filter=Vectors.*
#include "../../fuzz/e2e_fixture.h"

#include "sandi/pki/x509.h"
#include "sandi/e2e/identity.h"
#include "sandi/e2e/memo.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>

namespace sandi::e2e {
namespace {

std::map<std::string, std::string> compute()
{
    fuzz::E2eFixture f;
    std::map<std::string, std::string> v;
    v["identity.alice"] = crypto::hexUpper(f.alice.publicKey);
    v["identity.bob"] = crypto::hexUpper(f.bob.publicKey);
    v["bundle"] = crypto::hexUpper(f.bundle.encode());
    v["message.first"] = crypto::hexUpper(f.first);
    v["message.second"] = crypto::hexUpper(f.second);
    Session bob = f.bobSession.clone();
    v["message.reply"] = crypto::hexUpper(sessionEncrypt(bob, ContentType::SealedMemo, asBytes("balasan"), f.bobRng).value());
    v["session.bob.sha256"] = crypto::sha256Hex(bob.serialise());
    SenderKeyState sk = f.senderKey.clone();
    v["group.distribution"] = crypto::hexUpper(senderKeyDistribution("g", sk));
    v["group.message"] = crypto::hexUpper(groupEncrypt(sk, "g", asBytes("rapat"), f.groupRng).value());
    Memo m;
    m.nomor = "005/1/2026";
    m.kepada = {"Kepala Dinas"};
    m.tanggal = "2026-11-28";
    m.sifat = Urgency::Segera;
    m.hal = "Rapat";
    m.body = "Isi";
    m.classification = Classification::Rahasia;
    m.expiresAt = 1'900'000'000;
    v["memo"] = crypto::hexUpper(m.encode());
    v["safety-number"] = safetyNumber(f.alice.publicKey, f.bob.publicKey);
    return v;
}

TEST(Vectors, TheFormatDoesNotDrift)
{
    const auto got = compute();
    const std::string path = SANDI_VECTORS_DIR "/e2e-v2.txt";
    if (std::getenv("SANDI_WRITE_VECTORS") != nullptr) {
        std::ofstream out(path);
        out << "# Sandi E2E protocol v2 known-answer vectors (tests/unit/e2e/e2e_vectors_test.cpp)\n";
        for (const auto& [k, v] : got) out << k << ' ' << v << '\n';
        GTEST_SKIP() << "vectors written to " << path;
    }
    std::ifstream in(path);
    ASSERT_TRUE(in) << "missing " << path;
    std::map<std::string, std::string> want;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto sp = line.find(' ');
        want[line.substr(0, sp)] = line.substr(sp + 1);
    }
    EXPECT_EQ(want.size(), got.size());
    for (const auto& [k, v] : got) EXPECT_EQ(want[k], v) << k;
}

} // namespace
} // namespace sandi::e2e
