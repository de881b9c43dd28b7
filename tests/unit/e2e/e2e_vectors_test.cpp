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

// SeededRandom that also keeps every fill(), for the file: an independent implementation
// can check its own generator against these, or replay them.
class RecordingRandom final : public crypto::Random {
  public:
    explicit RecordingRandom(std::uint64_t seed) : m_inner(seed) {}
    void fill(std::span<std::byte> out) override
    {
        m_inner.fill(out);
        draws.emplace_back(out.begin(), out.end());
    }
    std::vector<Bytes> draws;

  private:
    test::SeededRandom m_inner;
};

std::string two(std::size_t n)
{
    return (n < 10 ? "0" : "") + std::to_string(n);
}

// The transcript (docs/protocol.md, "Known-answer vectors"): Alice (seed 101) and Bob
// (seed 102) talk through the session cipher, with one out-of-order delivery and three
// DH ratchet steps; Alice's group sender key (seed 103) sends two group messages.
void transcript(std::map<std::string, std::string>& v)
{
    const TimePoint now = fuzz::kFuzzTime;
    RecordingRandom a(101), b(102), g(103), memoIds(104);
    const IdentityKeyPair alice = IdentityKeyPair::generate(a); // a#0
    const IdentityKeyPair bob = IdentityKeyPair::generate(b);   // b#0
    InMemoryPreKeyStore bobPreKeys;
    SignedPreKey spk = makeSignedPreKey(bob, 7, b, now); // b#1
    OneTimePreKey opk{9, DhKeyPair::generate(b)};        // b#2
    const PreKeyBundle bundle{bob.publicKey, spk.id, spk.keyPair.publicKey,
                              spk.signature, opk.id, opk.keyPair.publicKey};
    v["transcript.bob.signed-prekey.secret"] = crypto::hexUpper(spk.keyPair.secretKey.bytes());
    v["transcript.bob.one-time-prekey.secret"] = crypto::hexUpper(opk.keyPair.secretKey.bytes());
    bobPreKeys.addSignedPreKey(std::move(spk));
    bobPreKeys.addOneTimePreKey(std::move(opk));
    InMemoryPreKeyStore alicePreKeys; // none: Alice receives no first messages
    v["transcript.alice.identity.seed"] = crypto::hexUpper(alice.seed.bytes());
    v["transcript.alice.identity.public"] = crypto::hexUpper(alice.publicKey);
    v["transcript.bob.identity.seed"] = crypto::hexUpper(bob.seed.bytes());
    v["transcript.bob.identity.public"] = crypto::hexUpper(bob.publicKey);
    v["transcript.bundle"] = crypto::hexUpper(bundle.encode());
    const CertifiedIdentity aliceId = fuzz::certifiedFor(alice, "alice"), bobId = fuzz::certifiedFor(bob, "bob");
    InMemorySessionStore aliceSessions, bobSessions;
    if (!processPreKeyBundle(aliceSessions, "bob", alice, bobId, bundle, a)) std::abort(); // a#1 EK, a#2 DHs

    struct Step {
        bool fromAlice;
        ContentType type;
        Bytes body;
    };
    Memo memo;
    memo.nomor = "005/17/Persandian/2026";
    memo.kepada = {"Kepala Dinas Kominfo Kota Baubau"};
    memo.dari = "Kepala Bidang Persandian";
    memo.tanggal = "2026-12-01";
    memo.sifat = Urgency::Segera;
    memo.hal = "Rapat koordinasi";
    memo.body = "Dengan hormat, mohon hadir pada rapat koordinasi.";
    memo.classification = Classification::Terbatas;
    // Sealed for Bob's device by Alice's, unsigned; its memo id is memoIds' first draw.
    const Bytes sealed =
        sealMemo(memo, alice.publicKey, {{bobId.issuer, bobId.serial}}, nullptr, memoIds, now).value().encode();
    auto txt = [](std::string_view t) { return Bytes(asBytes(t).begin(), asBytes(t).end()); };
    SenderKeyState aliceGroupKey = createSenderKey(alice.publicKey, g); // g#0 key id, g#1 chain key, g#2 signing seed
    const std::vector<Step> steps{
        {true, ContentType::SealedMemo, sealed},                 // 01 type 2, a#3
        {true, ContentType::Receipt, txt("Selamat pagi, Pak.")}, // 02 type 2, a#4
        {false, ContentType::Receipt, txt("Baik, saya hadir.")}, // 03 b#4 (b#3: Bob's ratchet key)
        {true, ContentType::SenderKeyDistribution, senderKeyDistribution("sultra-persandian", aliceGroupKey)}, // 04
        {true, ContentType::Receipt, txt("Mohon bawa laporan triwulan.")},                                     // 05
        {false, ContentType::Receipt, txt("Siap.")},                                                           // 06
        {false, ContentType::Receipt, txt("Laporan menyusul sore ini.")},                                      // 07
        {true, ContentType::Receipt, txt("Terima kasih.")},                                                    // 08
        {false, ContentType::Receipt, txt("Sama-sama.")},                                                      // 09
    };
    // Sending and delivery: 01 and 02 are sent, then delivered 02 first (Bob's session
    // starts from 02; 01 then reads with a skipped key); every later message is delivered
    // as soon as it is sent.
    const std::vector<std::size_t> order{1, 0, 2, 3, 4, 5, 6, 7, 8};
    std::string delivery;
    std::map<std::size_t, Bytes> sent;
    auto send = [&](std::size_t i) {
        const Step& st = steps[i];
        sent[i] = encryptMessage(st.fromAlice ? aliceSessions : bobSessions, st.fromAlice ? "bob" : "alice", st.type,
                                 st.body, st.fromAlice ? static_cast<crypto::Random&>(a) : b)
                      .value();
    };
    send(0);
    send(1);
    for (std::size_t i : order) {
        if (i >= 2) send(i);
        const Step& st = steps[i];
        const std::string k = "transcript." + two(i + 1);
        auto got =
            st.fromAlice
                ? decryptMessage(bobSessions, "alice", bob, bobPreKeys, fuzz::resolverOf({aliceId}), sent[i], now, b)
                : decryptMessage(aliceSessions, "bob", alice, alicePreKeys, fuzz::resolverOf({}), sent[i], now, a);
        if (!got || got->body != st.body || got->type != st.type) std::abort();
        v[k + ".from"] = st.fromAlice ? "alice" : "bob";
        v[k + ".message-type"] = std::to_string(messageType(sent[i]).value());
        v[k + ".content-type"] = std::to_string(static_cast<int>(st.type));
        v[k + ".body"] = crypto::hexUpper(st.body);
        if (st.type == ContentType::Receipt)
            v[k + ".text"] = std::string(reinterpret_cast<const char*>(st.body.data()), st.body.size());
        v[k + ".wire"] = crypto::hexUpper(sent[i]);
        delivery += (delivery.empty() ? "" : " ") + two(i + 1);
    }
    v["transcript.delivery"] = delivery;
    // The group: Alice's two messages, read by Bob with the sender key from message 04.
    const Session bobWithAlice = bobSessions.load("alice").value().value();
    SenderKeyState bobsCopy = processSenderKeyDistribution(bobWithAlice, steps[3].body).value().state;
    for (std::size_t i = 0; i < 2; ++i) {
        const Bytes body = txt(i == 0 ? "Rapat dimulai 09.00 WITA." : "Ruang rapat lantai 2.");
        const Bytes w = groupEncrypt(aliceGroupKey, "sultra-persandian", body, g).value(); // g#3, g#4
        if (groupDecrypt(bobsCopy, "sultra-persandian", w, now).value() != body) std::abort();
        const std::string k = "transcript.group." + two(i + 1);
        v[k + ".text"] = std::string(reinterpret_cast<const char*>(body.data()), body.size());
        v[k + ".wire"] = crypto::hexUpper(w);
    }
    v["transcript.group.id"] = "sultra-persandian";
    for (const auto& [name, r] :
         {std::pair<std::string, const RecordingRandom*>{"alice", &a}, {"bob", &b}, {"group", &g}, {"memo", &memoIds}})
        for (std::size_t i = 0; i < r->draws.size(); ++i)
            v["transcript.rng." + name + "." + two(i)] = crypto::hexUpper(r->draws[i]);
    v["transcript.session.alice.sha256"] = crypto::sha256Hex(aliceSessions.load("bob").value()->serialise());
    v["transcript.session.bob.sha256"] = crypto::sha256Hex(bobSessions.load("alice").value()->serialise());
}

std::map<std::string, std::string> compute()
{
    fuzz::E2eFixture f;
    std::map<std::string, std::string> v;
    transcript(v);
    // The fixture's draws (tests/fuzz/e2e_fixture.h, then the reply and the group message
    // below), replayed: seed 1 Alice, 2 Bob, 3 Alice's sender key (docs/protocol.md).
    for (const auto& [seed, sizes] : {std::pair<std::uint64_t, std::vector<std::size_t>>{1, {32, 32, 32, 24, 24}},
                                      {2, {32, 32, 32, 24}},
                                      {3, {4, 32, 32, 24}}}) {
        test::SeededRandom r(seed);
        for (std::size_t i = 0; i < sizes.size(); ++i) {
            Bytes out(sizes[i]);
            r.fill(out);
            v["rng." + std::to_string(seed) + "." + two(i)] = crypto::hexUpper(out);
        }
    }
    v["identity.alice"] = crypto::hexUpper(f.alice.publicKey);
    v["identity.bob"] = crypto::hexUpper(f.bob.publicKey);
    v["bundle"] = crypto::hexUpper(f.bundle.encode());
    v["message.first"] = crypto::hexUpper(f.first);
    v["message.second"] = crypto::hexUpper(f.second);
    Session bob = f.bobSession.clone();
    v["message.reply"] =
        crypto::hexUpper(sessionEncrypt(bob, ContentType::SealedMemo, asBytes("balasan"), f.bobRng).value());
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
        out << "# Sandi E2E protocol v2 known-answer vectors (tests/unit/e2e/e2e_vectors_test.cpp).\n"
               "# Format and contents: docs/protocol.md, \"Known-answer vectors\". One entry per line,\n"
               "# NAME SPACE VALUE, sorted by name; hex is upper case; lines starting with # are comments.\n";
        for (const auto& [k, v] : got)
            out << k << ' ' << v << '\n';
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
    for (const auto& [k, v] : got)
        EXPECT_EQ(want[k], v) << k;
}

} // namespace
} // namespace sandi::e2e
