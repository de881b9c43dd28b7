// SPDX-License-Identifier: GPL-3.0-or-later
// Groups of 50 devices over real pairwise sessions, identity from device
// certificates, safety numbers, attachments, the key store file and memos.
#include "../../fuzz/e2e_fixture.h"
#include "../../support/test_pki.h"

#include "sandi/sign/signer.h"
#include "sandi/sign/validation.h"
#include "sandi/e2e/group.h"
#include "sandi/e2e/identity.h"
#include "sandi/e2e/keystore.h"
#include "sandi/e2e/memo.h"
#include "sandi/e2e/session.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <sys/mman.h>
#include <unistd.h>

namespace sandi::test {
namespace {

using namespace sandi::e2e;
using namespace std::chrono_literals;
const TimePoint kT0 = std::chrono::system_clock::from_time_t(1'800'000'000);

Bytes text(std::string_view s)
{
    return {asBytes(s).begin(), asBytes(s).end()};
}

OpenFn memoryOpener(const Bytes& c)
{
    return [&c]() -> Result<ReadFn> {
        auto p = std::make_shared<std::size_t>(0);
        return ReadFn([&c, p](std::span<std::byte> buf) -> Result<std::size_t> {
            const std::size_t n = std::min(buf.size(), c.size() - *p);
            std::copy_n(c.begin() + static_cast<std::ptrdiff_t>(*p), n, buf.begin());
            *p += n;
            return n;
        });
    };
}

struct Member {
    test::SeededRandom rng;
    IdentityKeyPair identity;
    InMemoryPreKeyStore prekeys;
    std::map<std::size_t, Session> sessions; // peer index → session
    std::optional<SenderKeyState> mySenderKey;
    std::map<std::size_t, SenderKeyState> theirSenderKeys; // sender index → state
    explicit Member(std::uint64_t seed) : rng(seed), identity(IdentityKeyPair::generate(rng)) {}
};

// A full mesh of pairwise sessions among n members (as the clients will build).
std::vector<std::unique_ptr<Member>> mesh(std::size_t n)
{
    std::vector<std::unique_ptr<Member>> m;
    for (std::size_t i = 0; i < n; ++i)
        m.push_back(std::make_unique<Member>(1000 + i));
    std::uint32_t nextId = 1;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            SignedPreKey spk = makeSignedPreKey(m[j]->identity, nextId, m[j]->rng, kT0);
            PreKeyBundle b{m[j]->identity.publicKey, spk.id, spk.keyPair.publicKey, spk.signature, std::nullopt, {}};
            m[j]->prekeys.addSignedPreKey(std::move(spk));
            ++nextId;
            Session s =
                initiateSession(m[i]->identity, fuzz::certifiedFor(m[j]->identity, std::to_string(j)), b, m[i]->rng)
                    .value();
            auto hello = sessionEncrypt(s, ContentType::SealedMemo, asBytes("hello"), m[i]->rng).value();
            auto accepted = acceptSession(m[j]->identity, m[j]->prekeys,
                                          fuzz::resolverOf({fuzz::certifiedFor(m[i]->identity, std::to_string(i))}),
                                          hello, kT0, m[j]->rng)
                                .value();
            m[i]->sessions.emplace(j, std::move(s));
            m[j]->sessions.emplace(i, std::move(accepted.session));
        }
    return m;
}

void distribute(std::vector<std::unique_ptr<Member>>& m, std::size_t sender, const std::set<std::size_t>& to,
                const std::string& group)
{
    m[sender]->mySenderKey = createSenderKey(m[sender]->identity.publicKey, m[sender]->rng);
    const Bytes dist = senderKeyDistribution(group, *m[sender]->mySenderKey);
    for (std::size_t r : to) {
        if (r == sender) continue;
        auto& from = *m[sender];
        auto& rcpt = *m[r];
        auto wire = sessionEncrypt(from.sessions.at(r), ContentType::SenderKeyDistribution, dist, from.rng).value();
        auto plain = sessionDecrypt(rcpt.sessions.at(sender), wire, kT0, rcpt.rng).value().body;
        auto d = processSenderKeyDistribution(rcpt.sessions.at(sender), plain).value();
        ASSERT_EQ(d.groupId, group);
        rcpt.theirSenderKeys[sender] = std::move(d.state);
    }
}

TEST(Group, FiftyDevicesAndARemovedMemberReadsNothingAfterwards)
{
    constexpr std::size_t kMembers = 50;
    auto m = mesh(kMembers);
    const std::string group = "diskominfo-sultra";
    std::set<std::size_t> everyone;
    for (std::size_t i = 0; i < kMembers; ++i)
        everyone.insert(i);
    for (std::size_t i = 0; i < kMembers; ++i)
        distribute(m, i, everyone, group);

    // Everyone sends; everyone else reads (sender 7's messages out of order).
    for (std::size_t s = 0; s < kMembers; ++s) {
        auto& sender = *m[s];
        auto w1 =
            groupEncrypt(*sender.mySenderKey, group, text("rapat jam 9 dari " + std::to_string(s)), sender.rng).value();
        auto w2 = groupEncrypt(*sender.mySenderKey, group, text("kedua"), sender.rng).value();
        for (std::size_t r = 0; r < kMembers; ++r) {
            if (r == s) continue;
            auto& st = m[r]->theirSenderKeys.at(s);
            if (s == 7) {
                ASSERT_EQ(groupDecrypt(st, group, w2, kT0).value(), text("kedua"));
                ASSERT_EQ(groupDecrypt(st, group, w1, kT0).value(), text("rapat jam 9 dari 7"));
            } else {
                ASSERT_EQ(groupDecrypt(st, group, w1, kT0).value(), text("rapat jam 9 dari " + std::to_string(s)));
                ASSERT_EQ(groupDecrypt(st, group, w2, kT0).value(), text("kedua"));
            }
            EXPECT_FALSE(groupDecrypt(st, group, w1, kT0)) << "replay accepted";
        }
    }

    // Member 13 is removed: everyone re-keys to the others only.
    const std::size_t removed = 13;
    std::set<std::size_t> remaining = everyone;
    remaining.erase(removed);
    for (std::size_t i : remaining)
        distribute(m, i, remaining, group);
    auto secret = groupEncrypt(*m[0]->mySenderKey, group, text("setelah 13 keluar"), m[0]->rng).value();
    auto& stale = m[removed]->theirSenderKeys.at(0);
    EXPECT_FALSE(groupDecrypt(stale, group, secret, kT0));
    EXPECT_EQ(groupDecrypt(m[1]->theirSenderKeys.at(0), group, secret, kT0).value(), text("setelah 13 keluar"));
    // Re-keying means a new chain, not only a new key id and signing key: the removed
    // member, given everything public about the new sender key (key id, signing public
    // key, sender, iteration), still cannot read the message with the chain it had.
    SenderKeyState patched = stale.clone();
    const SenderKeyState& current = m[1]->theirSenderKeys.at(0);
    patched.keyId = current.keyId;
    patched.signingPublic = current.signingPublic;
    patched.iteration = 0; // the new chain's first message
    patched.skipped.clear();
    ASSERT_FALSE(crypto::constantTimeEqual(patched.chainKey.bytes(), current.chainKey.bytes()))
        << "the chain key was not renewed";
    auto attempt = groupDecrypt(patched, group, secret, kT0);
    ASSERT_FALSE(attempt);
    EXPECT_EQ(attempt.error().code, ErrorCode::BadSignature)
        << attempt.error().message; // the AEAD, past every other check
    // Every remaining member re-keyed: none of the removed member's copies matches a new chain.
    for (std::size_t i : remaining) {
        const std::size_t witness = i == 1 ? 2 : 1; // another remaining member, who holds i's new key
        EXPECT_FALSE(crypto::constantTimeEqual(m[removed]->theirSenderKeys.at(i).chainKey.bytes(),
                                               m[witness]->theirSenderKeys.at(i).chainKey.bytes()))
            << "member " << i << " kept its chain";
    }
}

// A sender key restored from a backup (or copied) must not encrypt its next message
// under the key and nonce it already used.
TEST(Group, ARolledBackSenderKeyNeverReusesAKeyOrNonce)
{
    test::SeededRandom rng(61);
    SenderKeyState mine = createSenderKey(IdentityKeyPair::generate(rng).publicKey, rng);
    SenderKeyState backup = mine.clone();
    const Bytes pt = text("agenda rapat yang sama");
    const Bytes w1 = groupEncrypt(mine, "g", pt, rng).value();
    test::SeededRandom afterRestore(62);
    const Bytes w2 = groupEncrypt(backup, "g", pt, afterRestore).value();
    ASSERT_EQ(w1.size(), w2.size());
    const auto ct = [&](const Bytes& w) {
        const auto end = w.end() - static_cast<std::ptrdiff_t>(kSignatureBytes + kAeadTagBytes);
        return Bytes(end - static_cast<std::ptrdiff_t>(pt.size()), end);
    };
    EXPECT_NE(ct(w1), ct(w2)) << "the same keystream encrypted two group messages";
}

// Mallory, a member, forwards Alice's sender key to Bob as if it were her own (she
// knows its chain key and signing public key): Alice's group messages must not then
// read, at Bob, as Mallory's.
TEST(Group, ASenderKeyIsBoundToTheIdentityItCameFrom)
{
    auto m = mesh(3); // 0 Alice, 1 Bob, 2 Mallory
    const std::string group = "g";
    m[0]->mySenderKey = createSenderKey(m[0]->identity.publicKey, m[0]->rng);
    const Bytes alices = senderKeyDistribution(group, *m[0]->mySenderKey);
    const Bytes w = groupEncrypt(*m[0]->mySenderKey, group, text("dari Alice"), m[0]->rng).value();
    // Mallory sends Alice's distribution over her own pairwise session with Bob: refused.
    auto wire = sessionEncrypt(m[2]->sessions.at(1), ContentType::SenderKeyDistribution, alices, m[2]->rng).value();
    auto plain = sessionDecrypt(m[1]->sessions.at(2), wire, kT0, m[1]->rng).value().body;
    auto asMallorys = processSenderKeyDistribution(m[1]->sessions.at(2), plain);
    ASSERT_FALSE(asMallorys);
    EXPECT_EQ(asMallorys.error().code, ErrorCode::Policy);
    // She rewrites it with her own identity key: accepted as hers, but Alice's messages
    // (which name Alice in their signed header) do not read under it.
    SenderKeyState copy = m[0]->mySenderKey->clone();
    copy.senderIdentity = m[2]->identity.publicKey;
    auto rewritten = processSenderKeyDistribution(m[1]->sessions.at(2), senderKeyDistribution(group, copy));
    ASSERT_TRUE(rewritten);
    SenderKeyState fromMallory = std::move(rewritten->state);
    auto misattributed = groupDecrypt(fromMallory, group, w, kT0);
    ASSERT_FALSE(misattributed) << "Alice's message was accepted as Mallory's";
    EXPECT_EQ(misattributed.error().code, ErrorCode::Policy);
    // Over Alice's own session the same distribution is accepted and the message reads.
    auto genuine = processSenderKeyDistribution(m[1]->sessions.at(0), alices);
    ASSERT_TRUE(genuine);
    EXPECT_EQ(groupDecrypt(genuine->state, group, w, kT0).value(), text("dari Alice"));
}

// A group message built by hand from docs/protocol.md by a sender who holds the keys:
// with the right commitment it reads; with a commitment to another plaintext (under the
// same keys, signed and authenticated) it is refused.
TEST(Group, APlaintextThatDoesNotMatchItsCommitmentIsRefused)
{
    test::SeededRandom rng(63);
    const auto owner = IdentityKeyPair::generate(rng).publicKey;
    SenderKeyState mine = createSenderKey(owner, rng);
    auto build = [&](std::span<const std::byte> plaintext, std::span<const std::byte> committed) {
        ChainKey chain = mine.chainKey.clone();
        const MessageKey mk = chainStep(chain);
        std::array<std::byte, kGroupSaltBytes> salt{};
        rng.fill(salt);
        std::array<std::byte, kAeadKeyBytes + kAeadNonceBytes + kCommitKeyBytes> keys{};
        hkdfSha256(salt, mk.bytes(), "Sandi sender message keys v2", keys);
        const std::span<const std::byte> k = keys;
        Writer w;
        w.u8(kGroupMessageVersion);
        w.string("g");
        w.fixed(owner);
        w.u32(mine.keyId);
        w.u32(mine.iteration);
        w.fixed(salt);
        w.fixed(hmacSha256(k.subspan(kAeadKeyBytes + kAeadNonceBytes), committed));
        const Bytes ct =
            aeadEncrypt(k.first(kAeadKeyBytes), k.subspan(kAeadKeyBytes, kAeadNonceBytes), w.data(), plaintext);
        w.bytes(ct);
        const Signature sig = IdentityKeyPair::fromSeed(mine.signingSeed->bytes()).value().sign(w.data());
        w.fixed(sig);
        return std::move(w).take();
    };
    auto theirs =
        processSenderKeyDistribution(fuzz::sessionWith(owner), senderKeyDistribution("g", mine)).value().state;
    SenderKeyState copy = theirs.clone();
    EXPECT_EQ(groupDecrypt(copy, "g", build(text("rapat jam 9"), text("rapat jam 9")), kT0).value(),
              text("rapat jam 9"));
    auto r = groupDecrypt(theirs, "g", build(text("rapat jam 9"), text("rapat jam 10")), kT0);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::BadSignature);
    EXPECT_EQ(theirs.iteration, 0u) << "a refused message advanced the chain";
}

// A group message larger than kMaxGroupMessageBytes is refused before its signature is
// verified (Ed25519 over megabytes is work an attacker should not get for free).
TEST(Group, AnOversizedMessageIsRefusedBeforeTheSignatureCheck)
{
    test::SeededRandom rng(65);
    const auto owner = IdentityKeyPair::generate(rng).publicKey;
    SenderKeyState mine = createSenderKey(owner, rng);
    auto theirs =
        processSenderKeyDistribution(fuzz::sessionWith(owner), senderKeyDistribution("g", mine)).value().state;
    const Bytes largest = groupEncrypt(mine, "g", Bytes(kMaxPlaintextBytes), rng).value();
    EXPECT_LE(largest.size(), kMaxGroupMessageBytes);
    EXPECT_EQ(groupDecrypt(theirs, "g", largest, kT0).value().size(), kMaxPlaintextBytes);
    Bytes tooLarge(kMaxGroupMessageBytes + 1);
    auto r = groupDecrypt(theirs, "g", tooLarge, kT0);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput) << "the signature was checked first: " << r.error().message;
    Bytes atLimit(kMaxGroupMessageBytes);
    auto r2 = groupDecrypt(theirs, "g", atLimit, kT0);
    ASSERT_FALSE(r2);
    EXPECT_EQ(r2.error().code, ErrorCode::BadSignature); // at the limit the signature is what fails
    EXPECT_FALSE(processSenderKeyDistribution(fuzz::sessionWith(owner), Bytes(kMaxDistributionBytes + 1)));
}

TEST(Group, SenderKeysSurviveTheStore)
{
    test::SeededRandom rng(6);
    const auto owner = IdentityKeyPair::generate(rng).publicKey;
    SenderKeyState mine = createSenderKey(owner, rng);
    auto theirs =
        processSenderKeyDistribution(fuzz::sessionWith(owner), senderKeyDistribution("g", mine)).value().state;
    InMemorySenderKeyStore store;
    ASSERT_TRUE(store.store("g", "", mine));
    ASSERT_TRUE(store.store("g", "bob/laptop", theirs));
    auto w1 = groupEncrypt(mine, "g", text("satu"), rng).value();
    ASSERT_TRUE(store.store("g", "", mine));
    auto loadedTheirs = store.load("g", "bob/laptop").value().value();
    EXPECT_EQ(groupDecrypt(loadedTheirs, "g", w1, kT0).value(), text("satu"));
    auto loadedMine = store.load("g", "").value().value();
    auto w2 = groupEncrypt(loadedMine, "g", text("dua"), rng).value();
    EXPECT_EQ(groupDecrypt(loadedTheirs, "g", w2, kT0).value(), text("dua"));
    ASSERT_TRUE(store.remove("g", "bob/laptop"));
    EXPECT_FALSE(store.load("g", "bob/laptop").value().has_value());
}

// Store names are length-prefixed: ("a|b", "c") and ("a", "b|c") were one name
// ("a|b|c") when names were group ‖ "|" ‖ sender.
TEST(Group, StoreNamesAreUnambiguous)
{
    test::SeededRandom rng(64);
    const auto owner = IdentityKeyPair::generate(rng).publicKey;
    SenderKeyState one = createSenderKey(owner, rng), two = createSenderKey(owner, rng);
    ASSERT_NE(one.keyId, two.keyId);
    EXPECT_NE(senderKeyRecordName("a|b", "c"), senderKeyRecordName("a", "b|c"));
    EXPECT_NE(senderKeyRecordName("", "ab"), senderKeyRecordName("ab", ""));
    InMemorySenderKeyStore store;
    ASSERT_TRUE(store.store("a|b", "c", one));
    ASSERT_TRUE(store.store("a", "b|c", two));
    EXPECT_EQ(store.load("a|b", "c").value()->keyId, one.keyId);
    EXPECT_EQ(store.load("a", "b|c").value()->keyId, two.keyId);
}

TEST(Group, SkippedKeysExpireAndSurviveTheStoreUntilThen)
{
    test::SeededRandom rng(7);
    const auto owner = IdentityKeyPair::generate(rng).publicKey;
    SenderKeyState mine = createSenderKey(owner, rng);
    auto theirs =
        processSenderKeyDistribution(fuzz::sessionWith(owner), senderKeyDistribution("g", mine)).value().state;
    auto late = groupEncrypt(mine, "g", text("terlambat"), rng).value();
    auto early = groupEncrypt(mine, "g", text("lebih dulu"), rng).value();
    ASSERT_TRUE(groupDecrypt(theirs, "g", early, kT0));
    ASSERT_EQ(theirs.skipped.size(), 1u);
    InMemorySenderKeyStore store;
    ASSERT_TRUE(store.store("g", "bob/laptop", theirs));
    auto loaded = store.load("g", "bob/laptop").value().value();
    EXPECT_EQ(loaded.skipped.at(0).storedAt,
              std::chrono::duration_cast<std::chrono::seconds>(kT0.time_since_epoch()).count());
    SenderKeyState copy = loaded.clone();
    EXPECT_EQ(groupDecrypt(copy, "g", late, kT0 + 24h).value(), text("terlambat"));
    EXPECT_FALSE(groupDecrypt(loaded, "g", late, kT0 + kSkippedKeyLifetime + 1h));
    EXPECT_TRUE(loaded.skipped.empty());
}

TEST(Group, ForgedAndTamperedMessagesFail)
{
    test::SeededRandom rng(5);
    const auto owner = IdentityKeyPair::generate(rng).publicKey;
    SenderKeyState alice = createSenderKey(owner, rng);
    auto theirs =
        processSenderKeyDistribution(fuzz::sessionWith(owner), senderKeyDistribution("g", alice)).value().state;
    const auto w = groupEncrypt(alice, "g", text("asli"), rng).value();
    for (std::size_t i = 0; i < w.size(); ++i) {
        Bytes bad = w;
        bad[i] ^= std::byte{0x10};
        EXPECT_FALSE(groupDecrypt(theirs, "g", bad, kT0)) << i;
    }
    SenderKeyState mallory = createSenderKey(owner, rng);
    mallory.keyId = alice.keyId;
    mallory.chainKey = alice.chainKey.clone(); // even knowing the chain key, without the signing key
    EXPECT_FALSE(groupDecrypt(theirs, "g", groupEncrypt(mallory, "g", text("palsu"), rng).value(), kT0));
    EXPECT_EQ(groupDecrypt(theirs, "g", w, kT0).value(), text("asli"));
    EXPECT_FALSE(groupDecrypt(theirs, "other-group", w, kT0));
}

// kMaxSkippedKeys for sender keys: the lowest iterations go first.
TEST(Limits, SenderKeySkippedKeysBeyondTheStoreLimitDropTheLowest)
{
    test::SeededRandom rng(66);
    const auto owner = IdentityKeyPair::generate(rng).publicKey;
    SenderKeyState mine = createSenderKey(owner, rng);
    auto theirs =
        processSenderKeyDistribution(fuzz::sessionWith(owner), senderKeyDistribution("g", mine)).value().state;
    std::vector<Bytes> first, last;
    for (int round = 0; round < 3; ++round) {
        std::vector<Bytes> sent;
        for (std::uint32_t i = 0; i <= kMaxSkip; ++i)
            sent.push_back(groupEncrypt(mine, "g", text("x"), rng).value());
        ASSERT_TRUE(groupDecrypt(theirs, "g", sent.back(), kT0));
        if (round == 0) first = sent;
        if (round == 2) last = sent;
    }
    EXPECT_EQ(theirs.skipped.size(), kMaxSkippedKeys);
    EXPECT_FALSE(groupDecrypt(theirs, "g", first.front(), kT0));
    EXPECT_TRUE(groupDecrypt(theirs, "g", last.front(), kT0));
    auto tooFar = groupEncrypt(mine, "g", text("x"), rng); // fine; now jump kMaxSkip + 1 ahead
    for (std::uint32_t i = 0; i <= kMaxSkip; ++i)
        tooFar = groupEncrypt(mine, "g", text("x"), rng);
    auto r = groupDecrypt(theirs, "g", tooFar.value(), kT0);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Policy);
}

// kMaxGroupIdBytes and kMaxPlaintextBytes for groups.
TEST(Limits, GroupIdAndGroupPlaintext)
{
    test::SeededRandom rng(67);
    const auto owner = IdentityKeyPair::generate(rng).publicKey;
    SenderKeyState mine = createSenderKey(owner, rng);
    const std::string longest(kMaxGroupIdBytes, 'g');
    auto theirs = processSenderKeyDistribution(fuzz::sessionWith(owner), senderKeyDistribution(longest, mine));
    ASSERT_TRUE(theirs);
    EXPECT_EQ(groupDecrypt(theirs->state, longest, groupEncrypt(mine, longest, text("x"), rng).value(), kT0).value(),
              text("x"));
    EXPECT_FALSE(groupEncrypt(mine, longest + "g", text("x"), rng));
    EXPECT_FALSE(processSenderKeyDistribution(fuzz::sessionWith(owner), senderKeyDistribution(longest + "g", mine)));
    EXPECT_FALSE(groupEncrypt(mine, "g", Bytes(kMaxPlaintextBytes + 1), rng));
}

// The memo limits: kMaxMemoFieldBytes, kMaxMemoBodyBytes, kMaxMemoListEntries (lists and
// attachments), kMaxEncodedMemoBytes.
TEST(Limits, MemoFields)
{
    const crypto::TimePoint now = kT0;
    Memo m;
    m.nomor = std::string(kMaxMemoFieldBytes, 'n');
    m.body = std::string(kMaxMemoBodyBytes, 'b');
    m.kepada.assign(kMaxMemoListEntries, "Kepala Dinas");
    m.tembusan.assign(kMaxMemoListEntries, "Sekda");
    for (std::size_t i = 0; i < kMaxMemoListEntries; ++i)
        m.attachments.push_back({"a", "b", "c", {}});
    test::SeededRandom idRng(5);
    const std::vector<MemoRecipient> to{{"CN=Office CA", "0A"}};
    ASSERT_TRUE(sealMemo(m, IdentityPublicKey{}, to, nullptr, idRng, now));
    for (int which = 0; which < 5; ++which) {
        Memo over;
        over.nomor = m.nomor;
        over.body = m.body;
        over.kepada = m.kepada;
        over.tembusan = m.tembusan;
        for (const auto& a : m.attachments)
            over.attachments.push_back(a.clone());
        switch (which) {
        case 0:
            over.nomor += 'n';
            break;
        case 1:
            over.body += 'b';
            break;
        case 2:
            over.kepada.push_back("x");
            break;
        case 3:
            over.tembusan.push_back("x");
            break;
        case 4:
            over.attachments.push_back({"a", "b", "c", {}});
            break;
        }
        EXPECT_FALSE(sealMemo(over, IdentityPublicKey{}, to, nullptr, idRng, now)) << which;
        EXPECT_FALSE(Memo::decode(over.encode())) << which;
    }
    SealedMemo sealed;
    sealed.memo = Bytes(kMaxEncodedMemoBytes);
    sealed.recipients = to;
    EXPECT_TRUE(SealedMemo::decode(sealed.encode()));
    sealed.memo.push_back(std::byte{0});
    EXPECT_FALSE(SealedMemo::decode(sealed.encode()));
    sealed.memo.pop_back();
    sealed.recipients.assign(kMaxMemoRecipients, to.front());
    EXPECT_TRUE(SealedMemo::decode(sealed.encode())); // kMaxMemoRecipients
    sealed.recipients.push_back(to.front());
    EXPECT_FALSE(SealedMemo::decode(sealed.encode()));
}

TEST(Identity, OnlyAValidUnrevokedDeviceCertificateYieldsAnIdentity)
{
    TestPki pki;
    test::SeededRandom rng(3);
    IdentityKeyPair id = IdentityKeyPair::generate(rng);
    ossl::PkeyPtr pub(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                                  reinterpret_cast<const unsigned char*>(id.publicKey.data()), 32));
    IssueParams p;
    p.profile = Profile::Device;
    p.commonName = "Laptop";
    p.e2eIdentityKey = pub.get();
    auto device = must(pki.baubau->issue(p, pki.rng, pki.now));
    const auto crlPtrs = values(pki.crls(pki.now));
    const auto inter = values({pki.baubau->certificate()});
    const auto anchors = values({pki.root->certificate()});
    ChainInput in;
    in.leaf.emplace(ossl::upRef(device.certificate.get()));
    in.intermediates = inter;
    in.anchors = anchors;
    in.crls = crlPtrs;
    in.time = pki.now;
    auto got = must(identityFromDeviceCertificate(in));
    EXPECT_EQ(got.identityKey, id.publicKey);

    must(pki.baubau->revoke(serialHex(device.certificate.get()), RevocationReason::KeyCompromise, pki.now + 1h));
    const auto newPtrs = values(pki.crls(pki.now + 2h));
    in.crls = newPtrs;
    in.time = pki.now + 3h;
    EXPECT_FALSE(identityFromDeviceCertificate(in));

    auto signing = pki.issue(*pki.baubau, Profile::Signing, "Not a device");
    in.leaf.emplace(ossl::upRef(signing.certificate.get()));
    in.crls = crlPtrs;
    in.time = pki.now;
    EXPECT_FALSE(identityFromDeviceCertificate(in));
}

// Issue's finding 5: a signed memo binds its recipients, the sending device and a memo
// id; openSealedMemo checks all three and the signer against the sending device.
class SealedMemoBinding : public ::testing::Test {
  protected:
    struct Device {
        IdentityKeyPair keys;
        CertifiedIdentity identity;
    };
    Device device(CertificateAuthority& ca, const std::string& cn, const std::string& nip)
    {
        IdentityKeyPair id = IdentityKeyPair::generate(rng);
        ossl::PkeyPtr pub(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                                      reinterpret_cast<const unsigned char*>(id.publicKey.data()), 32));
        IssueParams p;
        p.profile = Profile::Device;
        p.commonName = cn;
        p.nip = nip;
        p.e2eIdentityKey = pub.get();
        auto issued = must(ca.issue(p, pki.rng, pki.now));
        const auto crls = values(pki.crls(pki.now));
        const auto inter = values({pki.baubau->certificate(), pki.buton->certificate()});
        const auto anchors = values({pki.root->certificate()});
        ChainInput in;
        in.leaf.emplace(ossl::upRef(issued.certificate.get()));
        in.intermediates = inter;
        in.anchors = anchors;
        in.crls = crls;
        in.time = pki.now;
        return {std::move(id), must(identityFromDeviceCertificate(in))};
    }
    KeySigner signer(const std::string& cn, const std::string& nip)
    {
        IssueParams p;
        p.profile = Profile::Signing;
        p.commonName = cn;
        p.nip = nip;
        p.keyType = KeyType::P256;
        auto issued = must(pki.baubau->issue(p, pki.rng, pki.now));
        return must(KeySigner::fromKey(std::move(issued.key), std::move(issued.certificate), std::move(issued.chain)));
    }
    static MemoRecipient named(const Device& d) { return {d.identity.issuer, d.identity.serial}; }
    Memo memo() const
    {
        Memo m;
        m.nomor = "005/77/Persandian/2026";
        m.kepada = {"Kepala Dinas Kominfo Kota Baubau"};
        m.hal = "Laporan insiden";
        m.body = "Dengan hormat, ...";
        m.classification = Classification::Rahasia;
        return m;
    }
    VerifyOptions trust()
    {
        VerifyOptions o;
        o.anchors.emplace_back(ossl::upRef(pki.root->certificate()));
        for (auto& c : pki.crls(pki.now))
            o.crls.emplace_back(std::move(c));
        o.now = pki.now;
        return o;
    }

    TestPki pki;
    test::SeededRandom rng{77};
};

TEST_F(SealedMemoBinding, OpensOnlyFromItsSenderForItsRecipientsOnceAndSignedByTheSendersOfficial)
{
    const Device andiLaptop = device(*pki.baubau, "Andi laptop", "197804122003121002");
    const Device sittiPc = device(*pki.baubau, "Sitti PC", "198503122010012003");
    const Device butonPc = device(*pki.buton, "La Ode PC", "199001012015031001");
    KeySigner andi = signer("Andi Pratama", "197804122003121002");
    KeySigner other = signer("Pejabat Lain", "196912311990031005");
    const VerifyOptions o = trust();

    auto sealed = must(sealMemo(memo(), andiLaptop.identity.identityKey, {named(sittiPc)}, &andi, rng, pki.now));
    const Bytes wire = sealed.encode();
    InMemoryMemoIdStore seenBySitti;
    auto opened = must(openSealedMemo(wire, {andiLaptop.identity, sittiPc.identity, o, seenBySitti}));
    EXPECT_TRUE(opened.signedByTheSender);
    EXPECT_EQ(opened.memo.hal, "Laporan insiden");
    // Replayed: refused, and remembered across the same store.
    EXPECT_EQ(openSealedMemo(wire, {andiLaptop.identity, sittiPc.identity, o, seenBySitti}).error().code,
              ErrorCode::Policy);
    // Forwarded to a device it does not name: refused (it cannot be shown as addressed to them).
    InMemoryMemoIdStore seenByButon;
    EXPECT_FALSE(openSealedMemo(wire, {andiLaptop.identity, butonPc.identity, o, seenByButon}));
    // Re-sent by another device than the one it names: refused.
    InMemoryMemoIdStore fresh;
    EXPECT_FALSE(openSealedMemo(wire, {butonPc.identity, sittiPc.identity, o, fresh}));
    // The recipients edited after signing (the signature no longer covers the bytes): refused.
    SealedMemo edited = sealed;
    edited.recipients.push_back(named(butonPc));
    EXPECT_EQ(openSealedMemo(edited.encode(), {andiLaptop.identity, butonPc.identity, o, fresh}).error().code,
              ErrorCode::BadSignature);
    // Signed by another official than the one whose device sends it: refused.
    auto foreign = must(sealMemo(memo(), andiLaptop.identity.identityKey, {named(sittiPc)}, &other, rng, pki.now));
    EXPECT_EQ(openSealedMemo(foreign.encode(), {andiLaptop.identity, sittiPc.identity, o, fresh}).error().code,
              ErrorCode::Policy);
    // None of the refusals spent a memo id: the original still opens on a fresh store.
    EXPECT_TRUE(openSealedMemo(wire, {andiLaptop.identity, sittiPc.identity, o, fresh}));
    // Two memos with the same content get different ids.
    auto again = must(sealMemo(memo(), andiLaptop.identity.identityKey, {named(sittiPc)}, &andi, rng, pki.now));
    EXPECT_NE(again.memoId, sealed.memoId);
    // The export an auditor verifies (NAME.memo = the bound bytes, NAME.memo.p7s = the CMS).
    EXPECT_TRUE(verifyDetachedSignature(*sealed.signature, sealed.signedContent(), o).valid);
    EXPECT_FALSE(
        verifyDetachedSignature(*sealed.signature, sealed.memo, o).valid); // the bare memo is not what was signed
    // An unsigned memo is bound the same way (the session authenticates it).
    auto plain = must(sealMemo(memo(), andiLaptop.identity.identityKey, {named(sittiPc)}, nullptr, rng, pki.now));
    InMemoryMemoIdStore seen2;
    auto openedPlain = must(openSealedMemo(plain.encode(), {andiLaptop.identity, sittiPc.identity, o, seen2}));
    EXPECT_FALSE(openedPlain.signedByTheSender);
    EXPECT_FALSE(openSealedMemo(plain.encode(), {andiLaptop.identity, butonPc.identity, o, seen2}));
    EXPECT_FALSE(sealMemo(memo(), andiLaptop.identity.identityKey, {}, nullptr, rng, pki.now)); // no recipient
}

TEST(SafetyNumber, IsSymmetricReadableAndDependsOnBothKeys)
{
    test::SeededRandom rng(8);
    auto a = IdentityKeyPair::generate(rng).publicKey;
    auto b = IdentityKeyPair::generate(rng).publicKey;
    auto c = IdentityKeyPair::generate(rng).publicKey;
    const std::string ab = safetyNumber(a, b);
    EXPECT_EQ(ab, safetyNumber(b, a));
    EXPECT_NE(ab, safetyNumber(a, c));
    EXPECT_EQ(ab.size(), 12U * 5 + 11);
    EXPECT_EQ(safetyNumberQrPayload(a, b), safetyNumberQrPayload(b, a));
    EXPECT_EQ(safetyNumberQrPayload(a, b).rfind("SANDI-SN1:", 0), 0U);
}

TEST(Attachment, RoundTripsAnySizeAndDetectsTruncationReorderingAndTampering)
{
    test::SeededRandom rng(11);
    for (std::size_t size : {std::size_t{0}, std::size_t{1}, kAttachmentChunkBytes - 1, kAttachmentChunkBytes,
                             kAttachmentChunkBytes * 3 + 17}) {
        Bytes plain(size);
        rng.fill(plain);
        std::size_t pos = 0;
        Bytes cipher;
        auto key = encryptAttachment(
                       [&](std::span<std::byte> buf) -> Result<std::size_t> {
                           const std::size_t n = std::min(buf.size(), plain.size() - pos);
                           std::copy_n(plain.begin() + static_cast<std::ptrdiff_t>(pos), n, buf.begin());
                           pos += n;
                           return n;
                       },
                       [&](std::span<const std::byte> d) -> Status {
                           cipher.insert(cipher.end(), d.begin(), d.end());
                           return {};
                       },
                       rng)
                       .value();
        EXPECT_EQ(key.plaintextBytes, size);
        auto decrypt = [&](const Bytes& c) {
            Bytes out;
            auto st = decryptAttachment(key, memoryOpener(c), [&](std::span<const std::byte> d) -> Status {
                out.insert(out.end(), d.begin(), d.end());
                return {};
            });
            return st ? std::optional<Bytes>(out) : std::nullopt;
        };
        EXPECT_EQ(decrypt(cipher), plain) << size;
        if (!cipher.empty()) {
            Bytes flipped = cipher;
            flipped[flipped.size() / 2] ^= std::byte{1};
            EXPECT_FALSE(decrypt(flipped)) << size;
            EXPECT_FALSE(decrypt(Bytes(cipher.begin(), cipher.end() - 1))) << size;
            Bytes extra = cipher;
            extra.push_back(std::byte{0});
            EXPECT_FALSE(decrypt(extra)) << size;
        }
        constexpr std::size_t kC = kAttachmentChunkBytes + 17;
        if (cipher.size() > 2 * kC) {
            Bytes swapped = cipher;
            std::swap_ranges(swapped.begin(), swapped.begin() + kC, swapped.begin() + kC);
            EXPECT_FALSE(decrypt(swapped)) << "reordered chunks accepted";
            EXPECT_FALSE(decrypt(Bytes(cipher.begin(), cipher.begin() + kC))) << "a prefix of whole chunks accepted";
        }
    }
}

// The manifest's hash and size are checked over the whole blob before the first byte
// of plaintext goes out: a caller streaming to a viewer never sees any of a wrong blob.
TEST(Attachment, NoPlaintextIsReleasedBeforeTheWholeCiphertextMatchesTheManifest)
{
    test::SeededRandom rng(13);
    Bytes plain(kAttachmentChunkBytes * 3 + 100);
    rng.fill(plain);
    std::size_t pos = 0;
    Bytes cipher;
    const AttachmentKey key = encryptAttachment(
                                  [&](std::span<std::byte> buf) -> Result<std::size_t> {
                                      const std::size_t n = std::min(buf.size(), plain.size() - pos);
                                      std::copy_n(plain.begin() + static_cast<std::ptrdiff_t>(pos), n, buf.begin());
                                      pos += n;
                                      return n;
                                  },
                                  [&](std::span<const std::byte> d) -> Status {
                                      cipher.insert(cipher.end(), d.begin(), d.end());
                                      return {};
                                  },
                                  rng)
                                  .value();
    const auto attempt = [&](const AttachmentKey& k, const Bytes& c, std::size_t& released) {
        released = 0;
        return decryptAttachment(k, memoryOpener(c), [&](std::span<const std::byte> d) -> Status {
            released += d.size();
            return {};
        });
    };
    std::size_t released = 0;
    ASSERT_TRUE(attempt(key, cipher, released));
    EXPECT_EQ(released, plain.size());
    AttachmentKey wrongHash = key.clone();
    wrongHash.ciphertextSha256[5] ^= std::byte{1};
    auto r = attempt(wrongHash, cipher, released);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::BadSignature);
    EXPECT_EQ(released, 0u) << "plaintext released before the hash check";
    AttachmentKey wrongSize = key.clone();
    wrongSize.plaintextBytes += 1;
    ASSERT_FALSE(attempt(wrongSize, cipher, released));
    EXPECT_EQ(released, 0u) << "plaintext released before the size check";
    wrongSize.plaintextBytes -= 2;
    ASSERT_FALSE(attempt(wrongSize, cipher, released));
    EXPECT_EQ(released, 0u);
    Bytes damagedTail = cipher;
    damagedTail.back() ^= std::byte{1};
    ASSERT_FALSE(attempt(key, damagedTail, released));
    EXPECT_EQ(released, 0u) << "the first chunks of a blob with a damaged last chunk were released";
}

TEST(Attachment, FilesDecryptIntoPlaceOnlyWhenAuthentic)
{
    TempDir dir;
    test::SeededRandom rng(12);
    Bytes plain(kAttachmentChunkBytes * 2 + 5);
    rng.fill(plain);
    const auto in = dir.path() / "laporan.pdf", blob = dir.path() / "blob", out = dir.path() / "laporan-terima.pdf";
    ASSERT_TRUE(crypto::writeFileAtomically(in, plain));
    auto key = must(encryptAttachmentFile(in.string(), blob.string(), rng));
    ASSERT_TRUE(decryptAttachmentFile(key, blob.string(), out.string()));
    EXPECT_EQ(toBytes(must(crypto::readFile(out, 1 << 20))), plain);

    // A damaged blob: the existing file at `out` stays as it was, nothing else is left.
    Bytes damaged = toBytes(must(crypto::readFile(blob, 1 << 20)));
    damaged[damaged.size() - 3] ^= std::byte{1};
    ASSERT_TRUE(crypto::writeFileAtomically(blob, damaged));
    EXPECT_FALSE(decryptAttachmentFile(key, blob.string(), out.string()));
    EXPECT_EQ(toBytes(must(crypto::readFile(out, 1 << 20))), plain);
    std::filesystem::remove(out);
    EXPECT_FALSE(decryptAttachmentFile(key, blob.string(), out.string()));
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()), 2);
}

const Argon2Parameters kFastArgon2 = kMinArgon2; // the cheapest a store may use; real files use the defaults

// A session record with one skipped message key (stored at kT0).
Bytes sessionRecordWithASkippedKey()
{
    auto m = mesh(2);
    (void)sessionEncrypt(m[0]->sessions.at(1), ContentType::SealedMemo, asBytes("hilang"), m[0]->rng).value();
    const Bytes w = sessionEncrypt(m[0]->sessions.at(1), ContentType::SealedMemo, asBytes("tiba"), m[0]->rng).value();
    EXPECT_TRUE(sessionDecrypt(m[1]->sessions.at(0), w, kT0, m[1]->rng));
    EXPECT_EQ(m[1]->sessions.at(0).ratchet.skipped.size(), 1u);
    return m[1]->sessions.at(0).serialise();
}

AccountData smallAccount(crypto::Random& rng)
{
    AccountData data;
    data.identity = IdentityKeyPair::generate(rng);
    data.signedPreKeys.push_back(makeSignedPreKey(data.identity, 1, rng, kT0));
    data.oneTimePreKeys.push_back({9, DhKeyPair::generate(rng)});
    data.sessions["kota-baubau/la-ode"] = sessionRecordWithASkippedKey();
    return data;
}

TEST(KeyStore, RoundTripsChangesPassphraseAndRefusesWrongOnesAndDamage)
{
    TempDir dir;
    test::SeededRandom rng(21);
    AccountData data = smallAccount(rng);
    const Argon2Parameters fast = kFastArgon2;
    const auto path = dir.path() / "account.sandikeys";
    {
        auto created = KeyStoreFile::create(path, SecureBuffer::fromString("kata sandi lama"), data, rng, fast);
        ASSERT_TRUE(created) << created.error().message;
        // While one object holds the store, nothing else opens it (no older state written back).
        auto second = KeyStoreFile::open(path, SecureBuffer::fromString("kata sandi lama"));
        ASSERT_FALSE(second);
        EXPECT_NE(second.error().message.find("locked"), std::string::npos) << second.error().message;
    }
    EXPECT_FALSE(KeyStoreFile::create(path, SecureBuffer::fromString("kata sandi lama"), data, rng, fast));

    auto wrong = KeyStoreFile::open(path, SecureBuffer::fromString("salah sekali"));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, ErrorCode::WrongPassphrase);

    const Bytes before = toBytes(must(crypto::readFile(path, 1 << 20)));
    {
        auto opened = KeyStoreFile::open(path, SecureBuffer::fromString("kata sandi lama"));
        ASSERT_TRUE(opened) << opened.error().message;
        EXPECT_EQ(opened->data().identity.publicKey, data.identity.publicKey);
        EXPECT_EQ(opened->data().sessions.at("kota-baubau/la-ode"), data.sessions.at("kota-baubau/la-ode"));
        ASSERT_TRUE(opened->changePassphrase(SecureBuffer::fromString("kata sandi baru"), rng, fast));
    }
    const Bytes after = toBytes(must(crypto::readFile(path, 1 << 20)));
    // Only the header and the wrapped master key changed length-wise the same; the contents
    // stay readable with the new passphrase and not the old one.
    EXPECT_EQ(before.size(), after.size());
    EXPECT_FALSE(KeyStoreFile::open(path, SecureBuffer::fromString("kata sandi lama")));
    ASSERT_TRUE(KeyStoreFile::open(path, SecureBuffer::fromString("kata sandi baru")));

    // Which error, by where the damage is (docs/protocol.md, "Key store file"): the magic
    // and the Argon2id parameters are checked before any key derivation; the version is
    // "unsupported"; the rest of the header and the wrapped master key are bound to the
    // unwrap, which cannot tell damage from a wrong passphrase; the contents fail
    // authentication ("damaged").
    struct Case {
        std::size_t offset;
        std::byte mask;
        ErrorCode code;
    };
    const std::size_t last = after.size() - 1;
    for (const Case c : {Case{0, std::byte{0x01}, ErrorCode::InvalidInput},      // magic
                         Case{7, std::byte{0x01}, ErrorCode::InvalidInput},      // magic's newline
                         Case{8, std::byte{0x01}, ErrorCode::Unsupported},       // version
                         Case{9, std::byte{0x80}, ErrorCode::InvalidInput},      // ops limit far above the maximum
                         Case{16, std::byte{0x02}, ErrorCode::InvalidInput},     // ops limit 2 → 0, below the floor
                         Case{16, std::byte{0x01}, ErrorCode::WrongPassphrase},  // ops limit 2 → 3, in range
                         Case{21, std::byte{0x04}, ErrorCode::InvalidInput},     // memory 64 MiB → 0, below the floor
                         Case{17, std::byte{0x80}, ErrorCode::InvalidInput},     // memory far above the maximum
                         Case{24, std::byte{0x01}, ErrorCode::WrongPassphrase},  // memory, still in range
                         Case{25, std::byte{0x01}, ErrorCode::WrongPassphrase},  // salt
                         Case{40, std::byte{0x01}, ErrorCode::WrongPassphrase},  // salt's last byte
                         Case{41, std::byte{0x01}, ErrorCode::WrongPassphrase},  // wrapping nonce
                         Case{65, std::byte{0x01}, ErrorCode::WrongPassphrase},  // wrapped master key
                         Case{112, std::byte{0x01}, ErrorCode::WrongPassphrase}, // its tag's last byte
                         Case{113, std::byte{0x01}, ErrorCode::InvalidInput},    // contents nonce
                         Case{137, std::byte{0x01}, ErrorCode::InvalidInput},    // contents
                         Case{last, std::byte{0x01}, ErrorCode::InvalidInput}}) { // contents' tag
        Bytes bad = after;
        bad[c.offset] ^= c.mask;
        ASSERT_TRUE(crypto::writeFileAtomically(path, bad));
        auto r = KeyStoreFile::open(path, SecureBuffer::fromString("kata sandi baru"));
        ASSERT_FALSE(r) << "flip at " << c.offset;
        EXPECT_EQ(r.error().code, c.code) << "flip at " << c.offset << ": " << r.error().message;
    }
    ASSERT_TRUE(crypto::writeFileAtomically(path, std::span(after).first(after.size() / 2)));
    EXPECT_EQ(KeyStoreFile::open(path, SecureBuffer::fromString("kata sandi baru")).error().code,
              ErrorCode::InvalidInput);
}

// Over the key store file: every store() is on disk when it returns; load tells an
// absent record from a corrupt one.
TEST(KeyStore, TheSessionStoreOverTheFileSavesEachRecordAndTellsAbsentFromCorrupt)
{
    TempDir dir;
    test::SeededRandom rng(26);
    const auto path = dir.path() / "account.sandikeys";
    const auto pass = SecureBuffer::fromString("kata sandi lama");
    const auto owner = IdentityKeyPair::generate(rng).publicKey;
    {
        auto ks = must(KeyStoreFile::create(path, pass, smallAccount(rng), rng, kFastArgon2));
        KeyStoreSessionStore store(ks, rng, [] { return kT0; });
        Session s = must(store.load("kota-baubau/la-ode")).value();
        EXPECT_FALSE(must(store.load("nobody")).has_value());
        s.ratchet.ns = 41;
        ASSERT_TRUE(store.store("kota-baubau/la-ode", s));
        ASSERT_TRUE(store.store("g", "bob", createSenderKey(owner, rng)));
        // A corrupt record in memory is an error, not "absent".
        ks.data().sessions["rusak"] = Bytes{std::byte{kSessionRecordVersion}, std::byte{0}}; // truncated
        auto corrupt = store.load("rusak");
        ASSERT_FALSE(corrupt);
        EXPECT_EQ(corrupt.error().code, ErrorCode::InvalidInput);
        // And it is never written: the next store() fails, and the file keeps the last good state.
        auto refused = store.store("x", s);
        ASSERT_FALSE(refused);
        EXPECT_FALSE(ks.data().sessions.contains("x"));
    } // closed without save(): what is on disk is what the store() calls wrote
    auto ks = must(KeyStoreFile::open(path, pass));
    KeyStoreSessionStore store(ks, rng, [] { return kT0; });
    EXPECT_EQ(must(store.load("kota-baubau/la-ode")).value().ratchet.ns, 41u);
    EXPECT_EQ(must(store.load("g", "bob")).value().senderIdentity, owner);
    EXPECT_FALSE(must(store.load("rusak")).has_value());
    ASSERT_TRUE(store.remove("g", "bob"));
    EXPECT_FALSE(must(store.load("g", "bob")).has_value());
}

TEST(KeyStore, SavingDropsExpiredSkippedKeys)
{
    TempDir dir;
    test::SeededRandom rng(24);
    const auto path = dir.path() / "account.sandikeys";
    const auto pass = SecureBuffer::fromString("kata sandi lama");
    AccountData data = smallAccount(rng);
    // And a received sender key with a skipped iteration.
    const auto owner = IdentityKeyPair::generate(rng).publicKey;
    SenderKeyState mine = createSenderKey(owner, rng);
    auto theirs =
        processSenderKeyDistribution(fuzz::sessionWith(owner), senderKeyDistribution("g", mine)).value().state;
    (void)groupEncrypt(mine, "g", text("hilang"), rng).value();
    ASSERT_TRUE(groupDecrypt(theirs, "g", groupEncrypt(mine, "g", text("tiba"), rng).value(), kT0));
    Writer w;
    theirs.serialise(w);
    data.senderKeys[senderKeyRecordName("g", "bob/laptop")] = std::move(w).take();
    {
        auto ks = must(KeyStoreFile::create(path, pass, data, rng, kFastArgon2));
        ASSERT_TRUE(ks.save(rng, kT0 + kSkippedKeyLifetime - 1h));
    }
    {
        auto ks = must(KeyStoreFile::open(path, pass));
        EXPECT_EQ(must(Session::parse(ks.data().sessions.at("kota-baubau/la-ode"))).ratchet.skipped.size(), 1u);
        ASSERT_TRUE(ks.save(rng, kT0 + kSkippedKeyLifetime + 1h));
    }
    auto ks = must(KeyStoreFile::open(path, pass));
    EXPECT_TRUE(must(Session::parse(ks.data().sessions.at("kota-baubau/la-ode"))).ratchet.skipped.empty());
    Reader r(ks.data().senderKeys.at(senderKeyRecordName("g", "bob/laptop")), "sender key record");
    EXPECT_TRUE(must(SenderKeyState::parse(r)).skipped.empty());
}

// The key store's limits: the file size, the counts of each table, record and name sizes,
// the remembered first messages (each count is checked before anything is read for it).
TEST(Limits, KeyStoreContentsAndFile)
{
    test::SeededRandom rng(27);
    const AccountData base = smallAccount(rng);
    // A counted table right after the identity: signed prekeys, then one-time prekeys, ...
    const auto contentsWithCount = [&](int table, std::uint32_t count) {
        Writer w;
        w.u8(1);
        w.fixed(base.identity.seed.bytes());
        for (int t = 0; t < table; ++t)
            w.u32(0);
        w.u32(count);
        return std::move(w).take();
    };
    const std::vector<std::pair<int, std::size_t>> tables{{0, kMaxStoredSignedPreKeys},
                                                          {1, kMaxStoredOneTimePreKeys},
                                                          {2, kMaxStoreRecords},
                                                          {3, kMaxStoreRecords},
                                                          {4, kMaxSeenInitiations}};
    for (const auto& [table, limit] : tables) {
        auto over = AccountData::parse(contentsWithCount(table, static_cast<std::uint32_t>(limit + 1)));
        ASSERT_FALSE(over);
        EXPECT_NE(over.error().message.find("too many"), std::string::npos) << table << ": " << over.error().message;
        auto at = AccountData::parse(contentsWithCount(table, static_cast<std::uint32_t>(limit)));
        ASSERT_FALSE(at); // at the limit the count is fine; the entries are missing
        EXPECT_NE(at.error().message.find("truncated"), std::string::npos) << table << ": " << at.error().message;
    }
    AccountData names = AccountData::parse(base.serialise()).value();
    names.sessions[std::string(kMaxStoreNameBytes, 'a')] = base.sessions.begin()->second;
    EXPECT_TRUE(AccountData::parse(names.serialise()));
    names.sessions[std::string(kMaxStoreNameBytes + 1, 'a')] = base.sessions.begin()->second;
    EXPECT_FALSE(AccountData::parse(names.serialise()));
    AccountData records = AccountData::parse(base.serialise()).value();
    records.senderKeys["big"] = Bytes(kMaxStoreRecordBytes + 1);
    auto r = AccountData::parse(records.serialise());
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("longer than allowed"), std::string::npos);
    // kMaxKeyStoreBytes, checked before anything else (the pages are never touched).
    const std::size_t size = kMaxKeyStoreBytes + 1;
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    ASSERT_NE(map, MAP_FAILED);
    auto big = KeyStoreFile::checkStructure(std::span(static_cast<const std::byte*>(map), size));
    ::munmap(map, size);
    ASSERT_FALSE(big);
    EXPECT_NE(big.error().message.find("too large"), std::string::npos);
    // kMaxArgon2: a store asking for more is not created.
    TempDir dir;
    EXPECT_FALSE(KeyStoreFile::create(dir.path() / "a", SecureBuffer::fromString("kata sandi lama"), base, rng,
                                      {kMaxArgon2.opsLimit + 1, kMinArgon2.memLimit}));
    EXPECT_FALSE(KeyStoreFile::create(dir.path() / "b", SecureBuffer::fromString("kata sandi lama"), base, rng,
                                      {kMinArgon2.opsLimit, kMaxArgon2.memLimit + 1024}));
}

// A store that could not be read back must never replace a readable one.
TEST(KeyStore, ASaveThatCouldNotBeReadBackIsRefusedAndTheFileStays)
{
    TempDir dir;
    test::SeededRandom rng(22);
    const auto path = dir.path() / "account.sandikeys";
    auto ks = must(
        KeyStoreFile::create(path, SecureBuffer::fromString("kata sandi lama"), smallAccount(rng), rng, kFastArgon2));
    const Bytes before = toBytes(must(crypto::readFile(path, 1 << 20)));
    ks.data().sessions[std::string(4096, 'x')] = text("a record under a name longer than the decoder allows");
    auto saved = ks.save(rng, kT0);
    ASSERT_FALSE(saved) << "wrote a store it cannot read back";
    EXPECT_EQ(saved.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(toBytes(must(crypto::readFile(path, 1 << 20))), before);
}

// Someone who learnt the old passphrase and kept the old file must not read what the
// store holds after the passphrase change: the master key changes with it.
TEST(KeyStore, APassphraseChangeRotatesTheMasterKey)
{
    TempDir dir;
    test::SeededRandom rng(23);
    const auto path = dir.path() / "account.sandikeys";
    const auto oldPass = SecureBuffer::fromString("kata sandi lama");
    Bytes oldFile;
    {
        auto ks = must(KeyStoreFile::create(path, oldPass, smallAccount(rng), rng, kFastArgon2));
        oldFile = toBytes(must(crypto::readFile(path, 1 << 20)));
        ASSERT_TRUE(ks.changePassphrase(SecureBuffer::fromString("kata sandi baru"), rng, kFastArgon2));
    }
    const Bytes newFile = toBytes(must(crypto::readFile(path, 1 << 20)));
    // The attacker's side, from docs/protocol.md ("Key store file").
    constexpr std::size_t kHeader = 41, kWrapped = 24 + 48;
    const auto be64 = [](std::span<const std::byte> b) {
        std::uint64_t v = 0;
        for (std::byte x : b)
            v = (v << 8U) | std::to_integer<std::uint64_t>(x);
        return v;
    };
    const std::span<const std::byte> old(oldFile);
    std::array<std::byte, 32> kek{};
    ASSERT_EQ(crypto_pwhash(reinterpret_cast<unsigned char*>(kek.data()), kek.size(), oldPass.chars(), oldPass.size(),
                            reinterpret_cast<const unsigned char*>(old.subspan(25, 16).data()), be64(old.subspan(9, 8)),
                            static_cast<std::size_t>(be64(old.subspan(17, 8))), crypto_pwhash_ALG_ARGON2ID13),
              0);
    const Bytes mk =
        aeadDecrypt(kek, old.subspan(kHeader, 24), old.first(kHeader), old.subspan(kHeader + 24, 48)).value();
    // The old master key opens the old contents (the attacker's reading of the format is right)...
    EXPECT_TRUE(aeadDecrypt(mk, old.subspan(kHeader + kWrapped, 24), old.first(kHeader + kWrapped),
                            old.subspan(kHeader + kWrapped + 24)));
    // ...but not the new ones.
    const std::span<const std::byte> now(newFile);
    EXPECT_FALSE(aeadDecrypt(mk, now.subspan(kHeader + kWrapped, 24), now.first(kHeader + kWrapped),
                             now.subspan(kHeader + kWrapped + 24)))
        << "the old passphrase's master key still decrypts the store";
}

// Every string a decoder reads is UTF-8 (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF).
TEST(Memo, StringsThatAreNotUtf8AreRefused)
{
    Memo m;
    m.nomor = "005/1/2026";
    m.hal = "Rapat koordinasi — Baubau, 28 Nopember"; // UTF-8 em dash: fine
    ASSERT_TRUE(Memo::decode(m.encode()));
    for (std::string bad :
         {std::string("\xC3\x28"), std::string("\xC0\xAF"), std::string("\xE0\x80\xAF"), std::string("\xED\xA0\x80"),
          std::string("\xF4\x90\x80\x80"), std::string("\xFF"), std::string("abc\xE2\x82")}) {
        m.hal = bad;
        EXPECT_FALSE(Memo::decode(m.encode())) << "accepted a string that is not UTF-8";
    }
}

// A key store must not ask for less work than kMinArgon2 (a hostile or careless file
// would make the passphrase cheap to guess).
TEST(KeyStore, Argon2ParametersBelowTheFloorAreRefused)
{
    TempDir dir;
    test::SeededRandom rng(25);
    const auto pass = SecureBuffer::fromString("kata sandi lama");
    const Argon2Parameters weak{1, 8 * 1024 * 1024};
    auto created = KeyStoreFile::create(dir.path() / "weak", pass, smallAccount(rng), rng, weak);
    ASSERT_FALSE(created) << "created a store with Argon2id below the floor";
    EXPECT_EQ(created.error().code, ErrorCode::InvalidArgument);
    EXPECT_FALSE(KeyStoreFile::create(dir.path() / "weak2", pass, smallAccount(rng), rng,
                                      {kMinArgon2.opsLimit - 1, kMinArgon2.memLimit}));
    EXPECT_FALSE(KeyStoreFile::create(dir.path() / "weak3", pass, smallAccount(rng), rng,
                                      {kMinArgon2.opsLimit, kMinArgon2.memLimit - 1024}));
    // At the floor: fine. A file edited to ask for less is refused before any derivation.
    const auto path = dir.path() / "ok";
    ASSERT_TRUE(KeyStoreFile::create(path, pass, smallAccount(rng), rng, kMinArgon2));
    Bytes file = toBytes(must(crypto::readFile(path, 1 << 20)));
    ASSERT_TRUE(KeyStoreFile::checkStructure(file));
    file[16] = std::byte{1}; // ops limit 2 → 1
    auto r = KeyStoreFile::checkStructure(file);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    ASSERT_TRUE(crypto::writeFileAtomically(path, file));
    auto opened = KeyStoreFile::open(path, pass);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, ErrorCode::InvalidInput);
}

TEST(Memo, DeterministicEncodingSignedInsideAndVerifiableByTheAuditorsTool)
{
    TestPki pki;
    Memo m;
    m.nomor = "005/123/Diskominfo/2026";
    m.kepada = {"Kepala Dinas Kominfo Kota Baubau", "Kepala Dinas Kominfo Kabupaten Buton"};
    m.dari = "Kepala Bidang Persandian";
    m.tembusan = {"Sekretaris Daerah"};
    m.tanggal = "2026-11-28";
    m.sifat = Urgency::Segera;
    m.lampiran = "1 berkas";
    m.hal = "Rapat koordinasi persandian";
    m.body = "Dengan hormat, ...";
    m.signerPosition = "Kepala Bidang Persandian";
    m.signerName = "Andi Pratama";
    m.signerRank = "Pembina";
    m.signerNip = "197804122003121002";
    m.classification = Classification::Rahasia;
    m.expiresAt = 1'900'000'000;
    test::SeededRandom rng(4);
    m.attachments.push_back(
        {"anggaran.xlsx", "application/vnd.ms-excel", "blob-1", {SecretKey::random(rng), {}, {}, 1234}});
    const Bytes enc = m.encode();
    EXPECT_EQ(Memo::decode(enc).value().encode(), enc);
    EXPECT_EQ(m.encode(), enc);
    EXPECT_STREQ(classificationCode(Memo::decode(enc).value().classification), "R");

    auto issued = pki.issue(*pki.baubau, Profile::Signing, "Andi Pratama");
    auto signer =
        must(KeySigner::fromKey(std::move(issued.key), std::move(issued.certificate), std::move(issued.chain)));
    auto sealed = must(sealMemo(m, IdentityPublicKey{}, {{"CN=Office CA", "0A"}}, &signer, rng, pki.now));
    auto back = must(SealedMemo::decode(sealed.encode()));
    ASSERT_TRUE(back.signature);
    // The auditor's check of an exported memo (NAME.memo + NAME.memo.p7s).
    VerifyOptions o;
    o.anchors.emplace_back(ossl::upRef(pki.root->certificate()));
    for (auto& c : pki.crls(pki.now))
        o.crls.emplace_back(std::move(c));
    o.now = pki.now;
    auto report = verifyDetachedSignature(*back.signature, back.signedContent(), o);
    EXPECT_TRUE(report.valid) << (report.problems.empty() ? "" : report.problems.front().text);
    Bytes altered = back.signedContent();
    altered[altered.size() - 12] ^= std::byte{1};
    EXPECT_FALSE(verifyDetachedSignature(*back.signature, altered, o).valid);

    // `sandi verify NAME.memo.p7s` runs this same verifyDetachedSignature (the CLI's .p7s
    // path is covered by tests/interop/pdf_interop.sh against openssl cms).

    m.body = std::string(kMaxMemoBodyBytes + 1, 'x');
    EXPECT_FALSE(sealMemo(m, IdentityPublicKey{}, {{"CN=Office CA", "0A"}}, nullptr, rng, pki.now));
}

} // namespace
} // namespace sandi::test
