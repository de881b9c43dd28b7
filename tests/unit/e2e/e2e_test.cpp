// SPDX-License-Identifier: GPL-3.0-or-later
// X3DH and the header-encrypted Double Ratchet: known answers for the KDF, session
// set-up, many-party simulations with loss, reordering and duplication, forward
// secrecy, post-compromise security, tampering, limits and records.
#include "../../fuzz/e2e_fixture.h"
#include "../../support/seeded_random.h"
#include "sandi/e2e/keystore.h"
#include "sandi/e2e/session.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <random>

namespace sandi::e2e {
namespace {

using namespace std::chrono_literals;
using fuzz::certifiedFor;
using fuzz::resolverOf;
const TimePoint kT0 = std::chrono::system_clock::from_time_t(1'800'000'000);

Bytes hex(std::string_view h)
{
    Bytes out;
    for (std::size_t i = 0; i + 1 < h.size(); i += 2)
        out.push_back(static_cast<std::byte>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
    return out;
}

TEST(Hkdf, Rfc5869TestCase1)
{
    // RFC 5869 A.1 (SHA-256): an outside known answer for our HKDF (HMAC from precomputed SHA-256 states).
    const Bytes ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    const Bytes salt = hex("000102030405060708090a0b0c");
    const Bytes infoBytes = hex("f0f1f2f3f4f5f6f7f8f9");
    const std::string info(reinterpret_cast<const char*>(infoBytes.data()), infoBytes.size());
    Bytes okm(42);
    hkdfSha256(salt, ikm, info, okm);
    EXPECT_EQ(okm, hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"));
}

TEST(Hkdf, Rfc5869TestCases2And3)
{
    // A.2: long inputs, an 82-byte output (three expand blocks); A.3: empty salt and info
    // (the zero salt's precomputed HMAC states).
    Bytes ikm2(80), salt2(80), info2(80);
    for (std::size_t i = 0; i < 80; ++i) {
        ikm2[i] = static_cast<std::byte>(i);
        salt2[i] = static_cast<std::byte>(0x60 + i);
        info2[i] = static_cast<std::byte>(0xb0 + i);
    }
    Bytes okm2(82);
    hkdfSha256(salt2, ikm2, std::string(reinterpret_cast<const char*>(info2.data()), info2.size()), okm2);
    EXPECT_EQ(okm2, hex("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e"
                        "09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"));
    Bytes okm3(42);
    hkdfSha256({}, hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), "", okm3);
    EXPECT_EQ(okm3, hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"));
}

// Byte strings (serialised records, plaintexts) are wiped when their memory is released,
// also when a vector grows: the base allocator sees only zeros come back.
std::vector<std::vector<std::byte>> g_released;

template <class T> struct RecordingAllocator {
    using value_type = T;
    RecordingAllocator() = default;
    template <class U> RecordingAllocator(const RecordingAllocator<U>&) {} // NOLINT(google-explicit-constructor)
    T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
    void deallocate(T* p, std::size_t n)
    {
        const auto* b = reinterpret_cast<const std::byte*>(p);
        g_released.emplace_back(b, b + n * sizeof(T));
        std::allocator<T>{}.deallocate(p, n);
    }
};

TEST(Encoding, ByteStringsAreWipedWhenReleased)
{
    g_released.clear();
    {
        std::vector<std::byte, WipingAllocator<std::byte, RecordingAllocator<std::byte>>> v(16, std::byte{0xA5});
        v.resize(4096, std::byte{0x5A}); // grows: the first buffer goes back
    }
    ASSERT_EQ(g_released.size(), 2u);
    for (const auto& buffer : g_released)
        for (std::byte b : buffer)
            ASSERT_EQ(b, std::byte{0}) << "released memory still held the secret";
    static_assert(std::is_same_v<Bytes::allocator_type, WipingAllocator<std::byte>>);
}

// One type per key role: the compiler refuses an X25519 key where an identity key is
// expected, a header key where a chain key is (found two test mix-ups when introduced).
template <class F, class... A>
concept Callable = requires(F f, A&&... a)
{
    f(std::forward<A>(a)...);
};

TEST(Types, KeyRolesDoNotMix)
{
    static_assert(!std::is_convertible_v<DhPublicKey, IdentityPublicKey>);
    static_assert(!std::is_convertible_v<IdentityPublicKey, SigningPublicKey>);
    static_assert(!std::is_convertible_v<std::array<std::byte, 32>, DhPublicKey>); // explicit only
    static_assert(!std::is_convertible_v<HeaderKey, ChainKey>);
    static_assert(!std::is_convertible_v<ChainKey, RootKey>);
    static_assert(!std::is_convertible_v<MessageKey, SecretKey>);
    static_assert(!std::is_copy_constructible_v<ChainKey>);
    const auto step = [](auto& k) -> decltype(chainStep(k)) { return chainStep(k); };
    static_assert(Callable<decltype(step), ChainKey&>);
    static_assert(!Callable<decltype(step), HeaderKey&>);
    static_assert(!Callable<decltype(step), SecretKey&>);
    static_assert(std::is_same_v<decltype(chainStep(std::declval<ChainKey&>())), MessageKey>);
    const auto verify = [](const auto& k) -> decltype(verifySignature(k, {}, Signature{})) {
        return verifySignature(k, {}, Signature{});
    };
    static_assert(Callable<decltype(verify), IdentityPublicKey>);
    static_assert(Callable<decltype(verify), SigningPublicKey>);
    static_assert(!Callable<decltype(verify), DhPublicKey>);
    static_assert(std::is_same_v<decltype(DhKeyPair{}.publicKey), DhPublicKey>);
    static_assert(std::is_same_v<decltype(IdentityKeyPair{}.publicKey), IdentityPublicKey>);
    static_assert(std::is_same_v<decltype(PreKeyBundle{}.identity), IdentityPublicKey>);
    static_assert(std::is_same_v<decltype(RatchetState{}.rk), RootKey>);
    static_assert(std::is_same_v<decltype(RatchetState{}.nhkr), HeaderKey>);
    SUCCEED();
}

// RFC 4231, all seven cases (case 5 truncated to 128 bits; 6 and 7 with a 131-byte key,
// longer than the block, which is hashed first).
TEST(Hmac, Rfc4231TestCases)
{
    struct Case {
        Bytes key, data;
        std::string mac;
    };
    const auto str = [](std::string_view t) { return Bytes(asBytes(t).begin(), asBytes(t).end()); };
    const std::vector<Case> cases{
        {Bytes(20, std::byte{0x0b}), str("Hi There"),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {str("Jefe"), str("what do ya want for nothing?"),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {Bytes(20, std::byte{0xaa}), Bytes(50, std::byte{0xdd}),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
        {hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), Bytes(50, std::byte{0xcd}),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
        {Bytes(20, std::byte{0x0c}), str("Test With Truncation"), "a3b6167473100ee06e0c796c2955552b"},
        {Bytes(131, std::byte{0xaa}), str("Test Using Larger Than Block-Size Key - Hash Key First"),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        {Bytes(131, std::byte{0xaa}),
         str("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be "
             "hashed before being used by the HMAC algorithm."),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto mac = hmacSha256(cases[i].key, cases[i].data);
        const Bytes want = hex(cases[i].mac);
        EXPECT_EQ(Bytes(mac.begin(), mac.begin() + static_cast<std::ptrdiff_t>(want.size())), want) << "case " << i + 1;
    }
}

struct Device {
    test::SeededRandom rng;
    IdentityKeyPair identity;
    InMemoryPreKeyStore prekeys;
    std::string name;
    explicit Device(std::uint64_t seed)
        : rng(seed), identity(IdentityKeyPair::generate(rng)), name("device-" + std::to_string(seed))
    {
    }
    [[nodiscard]] CertifiedIdentity certified() const { return certifiedFor(identity, name); }

    PreKeyBundle bundle(bool withOneTime, std::uint32_t opkId = 7)
    {
        SignedPreKey spk = makeSignedPreKey(identity, 1, rng, kT0);
        PreKeyBundle b{identity.publicKey, spk.id, spk.keyPair.publicKey, spk.signature, std::nullopt, {}};
        prekeys.addSignedPreKey(std::move(spk));
        if (withOneTime) {
            OneTimePreKey opk{opkId, DhKeyPair::generate(rng)};
            b.oneTimePreKeyId = opk.id;
            b.oneTimePreKey = opk.keyPair.publicKey;
            prekeys.addOneTimePreKey(std::move(opk));
        }
        return b;
    }
};

struct Pair {
    Device alice{1}, bob{2};
    Session a, b;
    explicit Pair(bool withOneTime = true)
    {
        a = initiateSession(alice.identity, bob.certified(),
                            PreKeyBundle::decode(bob.bundle(withOneTime).encode()).value(), alice.rng)
                .value();
        auto first = sessionEncrypt(a, ContentType::SealedMemo, asBytes("halo"), alice.rng).value();
        auto accepted =
            acceptSession(bob.identity, bob.prekeys, resolverOf({alice.certified()}), first, kT0, bob.rng).value();
        EXPECT_EQ(accepted.plaintext.body, Bytes(asBytes("halo").begin(), asBytes("halo").end()));
        b = std::move(accepted.session);
    }
};

Bytes text(std::string_view s)
{
    return {asBytes(s).begin(), asBytes(s).end()};
}

TEST(X3dh, SessionsStartWithAndWithoutOneTimePreKeys)
{
    for (bool opk : {true, false}) {
        Pair p(opk);
        auto reply = sessionEncrypt(p.b, ContentType::SealedMemo, asBytes("diterima"), p.bob.rng).value();
        EXPECT_EQ(messageType(reply).value(), kMessageTypeRatchet);
        EXPECT_EQ(sessionDecrypt(p.a, reply, kT0, p.alice.rng).value().body, text("diterima"));
        EXPECT_FALSE(p.a.pending); // Alice stops sending X3DH headers once Bob answered
        EXPECT_EQ(p.bob.prekeys.oneTimePreKeyCount(), 0U);
    }
}

TEST(X3dh, ABadSignedPreKeySignatureIsRefused)
{
    Device alice(1), bob(2);
    auto bundle = bob.bundle(true);
    bundle.signedPreKeySignature[0] ^= std::byte{1};
    auto r = initiateSession(alice.identity, bob.certified(), bundle, alice.rng);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::BadSignature);
}

TEST(X3dh, AReplayedFirstMessageIsRefused)
{
    for (bool opk : {true, false}) {
        Device alice(1), bob(2);
        Session a = initiateSession(alice.identity, bob.certified(), bob.bundle(opk), alice.rng).value();
        auto first = sessionEncrypt(a, ContentType::SealedMemo, asBytes("sekali"), alice.rng).value();
        const auto resolve = resolverOf({alice.certified()});
        ASSERT_TRUE(acceptSession(bob.identity, bob.prekeys, resolve, first, kT0, bob.rng));
        EXPECT_FALSE(acceptSession(bob.identity, bob.prekeys, resolve, first, kT0, bob.rng)) << "opk=" << opk;
    }
}

// A restored backup, a VM snapshot, a crash between sending and saving, or two threads
// on copies of one session encrypt twice from the same state: the two bodies must not
// share a keystream (nor a Poly1305 key). Equal plaintexts under one keystream give equal
// ciphertexts (their XOR is the XOR of the plaintexts, zero).
// The responder learns who the initiator is only from the first message: an identity
// key no valid device certificate certifies is refused before anything is decrypted,
// and neither the one-time prekey nor the remembered first messages change.
TEST(X3dh, AnUncertifiedInitiatorIsRefusedAndNothingChanges)
{
    for (bool opk : {true, false}) {
        Device mallory(66), bob(2);
        Session m = initiateSession(mallory.identity, bob.certified(), bob.bundle(opk), mallory.rng).value();
        const Bytes first =
            sessionEncrypt(m, ContentType::SealedMemo, asBytes("saya kepala dinas"), mallory.rng).value();
        Device alice(1);
        auto refused = acceptSession(bob.identity, bob.prekeys, resolverOf({alice.certified()}), first, kT0, bob.rng);
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, ErrorCode::Policy);
        EXPECT_EQ(bob.prekeys.oneTimePreKeyCount(), opk ? 1U : 0U)
            << "the one-time prekey was spent on a refused message";
        // The replay cache did not learn the message either: once Mallory's device is
        // certified (say, enrolled after all), the very same message is accepted.
        auto accepted =
            acceptSession(bob.identity, bob.prekeys, resolverOf({mallory.certified()}), first, kT0, bob.rng);
        ASSERT_TRUE(accepted) << accepted.error().message;
        EXPECT_EQ(accepted->session.remoteIssuer, mallory.certified().issuer);
        EXPECT_EQ(accepted->session.remoteSerial, mallory.certified().serial);
        EXPECT_EQ(Session::parse(accepted->session.serialise()).value().remoteSerial, mallory.certified().serial);
    }
}

TEST(X3dh, ABundleWhoseIdentityIsNotTheCertifiedOneIsRefused)
{
    Device alice(1), bob(2), mallory(66);
    // The relay hands out Mallory's bundle for Bob.
    auto r = initiateSession(alice.identity, bob.certified(), mallory.bundle(true), alice.rng);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Policy);
    auto ok = initiateSession(alice.identity, bob.certified(), bob.bundle(true), alice.rng);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->remoteIssuer, bob.certified().issuer);
    EXPECT_EQ(ok->remoteSerial, bob.certified().serial);
}

TEST(Ratchet, ARolledBackStateNeverReusesABodyKeyOrNonce)
{
    Pair p;
    for (int step = 0; step < 2; ++step) { // a first message (type 2) and, after an answer, a ratchet message
        Session backup = p.a.clone();
        test::SeededRandom afterRestore(500 + static_cast<std::uint64_t>(step));
        const Bytes pt = text("rahasia yang sama panjangnya");
        const Bytes m1 = sessionEncrypt(p.a, ContentType::SealedMemo, pt, p.alice.rng).value();
        const Bytes m2 = sessionEncrypt(backup, ContentType::SealedMemo, pt, afterRestore).value();
        ASSERT_EQ(m1.size(), m2.size());
        const auto body = [&](const Bytes& m) {
            return Bytes(m.end() - static_cast<std::ptrdiff_t>(pt.size() + kAeadTagBytes),
                         m.end() - static_cast<std::ptrdiff_t>(kAeadTagBytes));
        };
        EXPECT_NE(body(m1), body(m2)) << "the same keystream encrypted two messages";
        Bytes tag1(m1.end() - static_cast<std::ptrdiff_t>(kAeadTagBytes), m1.end());
        Bytes tag2(m2.end() - static_cast<std::ptrdiff_t>(kAeadTagBytes), m2.end());
        EXPECT_NE(tag1, tag2);
        // Both still decrypt for the peer (they are two valid messages with the same counter).
        Session bob = p.b.clone();
        EXPECT_TRUE(sessionDecrypt(bob, m1, kT0, p.bob.rng));
        ASSERT_TRUE(sessionDecrypt(p.b, m2, kT0, p.bob.rng));
        ASSERT_TRUE(sessionDecrypt(
            p.a, sessionEncrypt(p.b, ContentType::SealedMemo, asBytes("jawab"), p.bob.rng).value(), kT0, p.alice.rng));
    }
}

// Every pairwise plaintext starts with its content type (1 sealed memo, 2 sender key
// distribution, 3 receipt); a message with any other, authentic or not, is refused
// and changes nothing.
TEST(Session, PlaintextsCarryAContentTypeAndUnknownOnesAreRefused)
{
    Pair p;
    for (ContentType t : {ContentType::SealedMemo, ContentType::SenderKeyDistribution, ContentType::Receipt,
                          ContentType::GroupChange}) {
        auto r = sessionDecrypt(p.a, sessionEncrypt(p.b, t, asBytes("isi"), p.bob.rng).value(), kT0, p.alice.rng);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->type, t);
        EXPECT_EQ(r->body, text("isi"));
    }
    // Built by hand from docs/protocol.md: a type-1 envelope, AD = IK_A ‖ IK_B ‖ u8 1.
    Bytes ad(p.alice.identity.publicKey.begin(), p.alice.identity.publicKey.end());
    ad.insert(ad.end(), p.bob.identity.publicKey.begin(), p.bob.identity.publicKey.end());
    ad.push_back(std::byte{kMessageTypeRatchet});
    const auto handMade = [&](Bytes plaintext) {
        Bytes msg{std::byte{kMessageTypeRatchet}};
        const Bytes wire = ratchetEncrypt(p.b.ratchet, plaintext, ad, p.bob.rng).value();
        msg.insert(msg.end(), wire.begin(), wire.end());
        return msg;
    };
    const Bytes good = handMade({std::byte{3}, std::byte{'o'}, std::byte{'k'}});
    Session copy = p.a.clone();
    auto ok = sessionDecrypt(copy, good, kT0, p.alice.rng);
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->type, ContentType::Receipt);
    for (Bytes bad :
         {Bytes{std::byte{0}, std::byte{'x'}}, Bytes{std::byte{5}, std::byte{'x'}}, Bytes{std::byte{0xFF}}, Bytes{}}) {
        const Bytes msg = handMade(bad);
        const Bytes before = p.a.serialise();
        auto r = sessionDecrypt(p.a, msg, kT0, p.alice.rng);
        ASSERT_FALSE(r) << "content type " << (bad.empty() ? -1 : std::to_integer<int>(bad[0]));
        EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
        EXPECT_EQ(p.a.serialise(), before) << "a refused message changed the session";
    }
}

TEST(Ratchet, OutOfOrderDeliveryAndDuplicates)
{
    Pair p;
    std::vector<Bytes> sent;
    for (int i = 0; i < 10; ++i)
        sent.push_back(
            sessionEncrypt(p.a, ContentType::SealedMemo, text("m" + std::to_string(i)), p.alice.rng).value());
    for (int i : {3, 0, 9, 1, 2, 8, 4, 7, 6, 5})
        EXPECT_EQ(sessionDecrypt(p.b, sent[static_cast<std::size_t>(i)], kT0, p.bob.rng).value().body,
                  text("m" + std::to_string(i)));
    for (const auto& m : sent)
        EXPECT_FALSE(sessionDecrypt(p.b, m, kT0, p.bob.rng)) << "a duplicate was accepted";
}

TEST(Ratchet, ForwardSecrecyAReadMessageCannotBeReadAgainFromTheState)
{
    Pair p;
    auto m = sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("rahasia"), p.alice.rng).value();
    ASSERT_TRUE(sessionDecrypt(p.b, m, kT0, p.bob.rng));
    // Someone who takes Bob's state now (even from his stored record) cannot read it.
    Session stolen = Session::parse(p.b.serialise()).value();
    EXPECT_FALSE(sessionDecrypt(stolen, m, kT0, p.bob.rng));
}

TEST(Ratchet, PostCompromiseSecurityOnceBothSidesHaveRatcheted)
{
    Pair p;
    Session stolen = p.b.clone(); // an attacker copies Bob's whole state
    test::SeededRandom attackerRng(99);
    // Bob → Alice, Alice → Bob: the attacker still follows (Bob's key predates the theft).
    ASSERT_TRUE(sessionDecrypt(p.a, sessionEncrypt(p.b, ContentType::SealedMemo, asBytes("b1"), p.bob.rng).value(), kT0,
                               p.alice.rng));
    auto m1 = sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("a1"), p.alice.rng).value();
    ASSERT_TRUE(sessionDecrypt(p.b, m1, kT0, p.bob.rng)); // Bob ratchets with a fresh key
    EXPECT_TRUE(sessionDecrypt(stolen, m1, kT0, attackerRng));
    // Bob → Alice with the fresh key, Alice ratchets: from now on the copy is useless.
    ASSERT_TRUE(sessionDecrypt(p.a, sessionEncrypt(p.b, ContentType::SealedMemo, asBytes("b2"), p.bob.rng).value(), kT0,
                               p.alice.rng));
    auto m2 = sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("setelah pemulihan"), p.alice.rng).value();
    EXPECT_EQ(sessionDecrypt(p.b, m2, kT0, p.bob.rng).value().body, text("setelah pemulihan"));
    EXPECT_FALSE(sessionDecrypt(stolen, m2, kT0, attackerRng));
}

TEST(Ratchet, EveryFlippedBitIsRejectedAndLeavesTheSessionIntact)
{
    Pair p;
    const auto m = sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("nota dinas"), p.alice.rng).value();
    const Bytes before = p.b.serialise();
    for (std::size_t i = 0; i < m.size(); ++i)
        for (unsigned bit = 0; bit < 8; ++bit) {
            Bytes bad = m;
            bad[i] ^= static_cast<std::byte>(1U << bit);
            ASSERT_FALSE(sessionDecrypt(p.b, bad, kT0, p.bob.rng)) << "byte " << i << " bit " << bit;
        }
    EXPECT_EQ(p.b.serialise(), before);
    EXPECT_EQ(sessionDecrypt(p.b, m, kT0, p.bob.rng).value().body, text("nota dinas"));
}

TEST(Ratchet, TooManySkippedMessagesAreRefused)
{
    Pair p;
    Bytes last;
    for (std::uint32_t i = 0; i <= kMaxSkip + 1; ++i)
        last = sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("x"), p.alice.rng).value();
    auto r = sessionDecrypt(p.b, last, kT0, p.bob.rng);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Policy);
}

// More than kMaxSkip messages of the peer's previous chain lost, then the peer ratchets:
// the session must not stall. The old chain's rest is given up (no keys derived), the
// new chain decrypts, and the result says how many messages were abandoned.
TEST(Ratchet, AGapBeyondMaxSkipAtARatchetStepAbandonsTheOldChainInsteadOfStalling)
{
    Pair p;
    ASSERT_TRUE(sessionDecrypt(p.a, sessionEncrypt(p.b, ContentType::SealedMemo, asBytes("b1"), p.bob.rng).value(), kT0,
                               p.alice.rng));
    ASSERT_TRUE(sessionDecrypt(p.b, sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("a1"), p.alice.rng).value(),
                               kT0, p.bob.rng));
    constexpr std::uint32_t kLost = kMaxSkip + 2;
    for (std::uint32_t i = 0; i < kLost; ++i)
        (void)sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("hilang"), p.alice.rng).value();
    // Bob answers; Alice reads it and ratchets: her next chain's header says pn = 1 + kLost.
    ASSERT_TRUE(sessionDecrypt(p.a, sessionEncrypt(p.b, ContentType::SealedMemo, asBytes("b2"), p.bob.rng).value(), kT0,
                               p.alice.rng));
    const Bytes after = sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("setelah celah"), p.alice.rng).value();
    auto r = sessionDecrypt(p.b, after, kT0, p.bob.rng);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->body, text("setelah celah"));
    EXPECT_EQ(r->lostMessages, kLost);
    EXPECT_TRUE(p.b.ratchet.skipped.empty()) << "keys of the abandoned chain were derived";
    for (int i = 0; i < 3; ++i) {
        auto more = sessionDecrypt(
            p.b, sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("lanjut"), p.alice.rng).value(), kT0, p.bob.rng);
        ASSERT_TRUE(more);
        EXPECT_EQ(more->body, text("lanjut"));
        EXPECT_EQ(more->lostMessages, 0u);
    }
    ASSERT_TRUE(sessionDecrypt(p.a, sessionEncrypt(p.b, ContentType::SealedMemo, asBytes("b3"), p.bob.rng).value(), kT0,
                               p.alice.rng));
    // A gap of exactly kMaxSkip is still bridged with skipped keys, nothing abandoned.
    Pair q;
    ASSERT_TRUE(sessionDecrypt(q.a, sessionEncrypt(q.b, ContentType::SealedMemo, asBytes("b1"), q.bob.rng).value(), kT0,
                               q.alice.rng));
    ASSERT_TRUE(sessionDecrypt(q.b, sessionEncrypt(q.a, ContentType::SealedMemo, asBytes("a1"), q.alice.rng).value(),
                               kT0, q.bob.rng));
    for (std::uint32_t i = 0; i < kMaxSkip; ++i)
        (void)sessionEncrypt(q.a, ContentType::SealedMemo, asBytes("tertunda"), q.alice.rng).value();
    ASSERT_TRUE(sessionDecrypt(q.a, sessionEncrypt(q.b, ContentType::SealedMemo, asBytes("b2"), q.bob.rng).value(), kT0,
                               q.alice.rng));
    auto bridged = sessionDecrypt(q.b, sessionEncrypt(q.a, ContentType::SealedMemo, asBytes("x"), q.alice.rng).value(),
                                  kT0, q.bob.rng);
    ASSERT_TRUE(bridged);
    EXPECT_EQ(bridged->lostMessages, 0u);
    EXPECT_EQ(q.b.ratchet.skipped.size(), kMaxSkip);
}

// A message that matches nothing must not cost one header decryption per stored skipped
// key: they are tried once per distinct header key.
TEST(Ratchet, SkippedHeaderKeysAreTriedOncePerDistinctKey)
{
    Pair p;
    std::vector<Bytes> sent;
    for (std::uint32_t i = 0; i <= kMaxSkip; ++i)
        sent.push_back(sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("x"), p.alice.rng).value());
    ASSERT_TRUE(sessionDecrypt(p.b, sent.back(), kT0, p.bob.rng));
    ASSERT_EQ(p.b.ratchet.skipped.size(), kMaxSkip);
    Bytes forged = sent.front();
    forged[10] ^= std::byte{1}; // inside the encrypted header: no key opens it
    const auto before = headerDecryptionsTried();
    EXPECT_FALSE(sessionDecrypt(p.b, forged, kT0, p.bob.rng));
    EXPECT_LE(headerDecryptionsTried() - before, 3u) << "one skipped header key, the current and the next";
    const auto before2 = headerDecryptionsTried();
    EXPECT_EQ(sessionDecrypt(p.b, sent[500], kT0, p.bob.rng).value().body, text("x"));
    EXPECT_EQ(headerDecryptionsTried() - before2, 1u);
}

TEST(Ratchet, SkippedKeysExpire)
{
    Pair p;
    auto m0 = sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("lambat"), p.alice.rng).value();
    auto m1 = sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("cepat"), p.alice.rng).value();
    ASSERT_TRUE(sessionDecrypt(p.b, m1, kT0, p.bob.rng)); // m0's key is kept as skipped
    EXPECT_FALSE(sessionDecrypt(p.b, m0, kT0 + kSkippedKeyLifetime + 1h, p.bob.rng));
    EXPECT_TRUE(p.b.ratchet.skipped.empty()); // gone from the state, not only refused

    // On a session that receives nothing more, the store's call does it.
    Pair q;
    (void)sessionEncrypt(q.a, ContentType::SealedMemo, asBytes("hilang"), q.alice.rng).value();
    ASSERT_TRUE(sessionDecrypt(q.b, sessionEncrypt(q.a, ContentType::SealedMemo, asBytes("tiba"), q.alice.rng).value(),
                               kT0, q.bob.rng));
    ASSERT_EQ(q.b.ratchet.skipped.size(), 1u);
    dropExpiredSkippedKeys(q.b.ratchet, kT0 + kSkippedKeyLifetime - 1h);
    EXPECT_EQ(q.b.ratchet.skipped.size(), 1u);
    dropExpiredSkippedKeys(q.b.ratchet, kT0 + kSkippedKeyLifetime + 1h);
    EXPECT_TRUE(q.b.ratchet.skipped.empty());
}

TEST(X3dh, ReplayedFirstMessageIsRefusedAfterARestart)
{
    test::SeededRandom rng(31);
    Device alice(1);
    AccountData bob;
    bob.identity = IdentityKeyPair::generate(rng);
    bob.signedPreKeys.push_back(makeSignedPreKey(bob.identity, 1, rng, kT0));
    const SignedPreKey& spk = bob.signedPreKeys.front();
    const PreKeyBundle bundle{bob.identity.publicKey, spk.id, spk.keyPair.publicKey, spk.signature, std::nullopt, {}};
    Session a = initiateSession(alice.identity, certifiedFor(bob.identity, "bob"), bundle, alice.rng).value();
    const Bytes first = sessionEncrypt(a, ContentType::SealedMemo, asBytes("halo"), alice.rng).value();
    const auto resolve = resolverOf({alice.certified()});
    {
        AccountPreKeyStore store(bob);
        ASSERT_TRUE(acceptSession(bob.identity, store, resolve, first, kT0, rng));
        EXPECT_FALSE(acceptSession(bob.identity, store, resolve, first, kT0, rng));
    }
    // The client restarts: the key store's contents are all that is left.
    AccountData restarted = AccountData::parse(bob.serialise()).value();
    ASSERT_EQ(restarted.seenInitiations.size(), 1u);
    AccountPreKeyStore store(restarted);
    auto replay = acceptSession(restarted.identity, store, resolve, first, kT0, rng);
    ASSERT_FALSE(replay);
    EXPECT_NE(replay.error().message.find("replayed"), std::string::npos);
    // Retiring the signed prekey retires what was remembered with it.
    restarted.signedPreKeys.push_back(makeSignedPreKey(restarted.identity, 2, rng, kT0));
    restarted.signedPreKeys.erase(restarted.signedPreKeys.begin());
    store.forgetRetiredInitiations();
    EXPECT_TRUE(restarted.seenInitiations.empty());
    const DhPublicKey ephemeral = a.pending->ephemeral;
    EXPECT_TRUE(store.admitInitiation(2, ephemeral, false));
    store.rememberInitiation(2, ephemeral);
    ASSERT_EQ(restarted.seenInitiations.size(), 1u);
    EXPECT_EQ(restarted.seenInitiations.begin()->first, 2u);
    EXPECT_FALSE(store.admitInitiation(2, ephemeral, false));
}

// The remembered first messages are bounded (kMaxSeenInitiations), but a flood of first
// messages must not push an old one out and make it replayable: entries of a live signed
// prekey are never evicted; when full, a first message without a one-time prekey is
// refused (the owner should rotate the signed prekey), one with a one-time prekey is not.
TEST(X3dh, AFullReplayCacheEvictsNothingLiveAndRefusesFirstMessagesWithoutOneTimePreKeys)
{
    test::SeededRandom rng(32);
    Device alice(1);
    AccountData bob;
    bob.identity = IdentityKeyPair::generate(rng);
    bob.signedPreKeys.push_back(makeSignedPreKey(bob.identity, 1, rng, kT0));
    const auto bundleFor = [&](const SignedPreKey& spk) {
        return PreKeyBundle{bob.identity.publicKey, spk.id, spk.keyPair.publicKey, spk.signature, std::nullopt, {}};
    };
    const auto resolve = resolverOf({alice.certified()});
    const auto firstMessage = [&](const PreKeyBundle& b) {
        Session a = initiateSession(alice.identity, certifiedFor(bob.identity, "bob"), b, alice.rng).value();
        return sessionEncrypt(a, ContentType::SealedMemo, asBytes("halo"), alice.rng).value();
    };
    AccountPreKeyStore store(bob);
    const Bytes old = firstMessage(bundleFor(bob.signedPreKeys[0]));
    ASSERT_TRUE(acceptSession(bob.identity, store, resolve, old, kT0, rng));
    // A flood of (well-formed) first messages fills the cache up to one below its limit;
    // their keys sort after the old message's, which the old rule evicted first.
    for (std::uint32_t i = 0; bob.seenInitiations.size() < kMaxSeenInitiations - 1; ++i) {
        DhPublicKey ek;
        std::fill(ek.mutableBytes().begin(), ek.mutableBytes().end(), std::byte{0xFF});
        for (unsigned b = 0; b < 4; ++b)
            ek.mutableBytes()[b + 1] = static_cast<std::byte>(i >> (8 * b));
        bob.seenInitiations.emplace(1, ek);
    }
    // One below the limit: accepted (the cache is now full).
    ASSERT_TRUE(acceptSession(bob.identity, store, resolve, firstMessage(bundleFor(bob.signedPreKeys[0])), kT0, rng));
    ASSERT_EQ(bob.seenInitiations.size(), kMaxSeenInitiations);
    EXPECT_TRUE(store.shouldRotateSignedPreKey());
    // At the limit: a first message without a one-time prekey is refused, clearly...
    auto refused = acceptSession(bob.identity, store, resolve, firstMessage(bundleFor(bob.signedPreKeys[0])), kT0, rng);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Policy);
    EXPECT_EQ(bob.seenInitiations.size(), kMaxSeenInitiations);
    // ...and the old message is still a replay.
    auto replay = acceptSession(bob.identity, store, resolve, old, kT0, rng);
    ASSERT_FALSE(replay) << "a flood of first messages made an old one replayable";
    // With a one-time prekey a first message still gets through (the prekey protects it).
    bob.oneTimePreKeys.push_back({5, DhKeyPair::generate(rng)});
    PreKeyBundle withOpk = bundleFor(bob.signedPreKeys[0]);
    withOpk.oneTimePreKeyId = 5;
    withOpk.oneTimePreKey = bob.oneTimePreKeys.back().keyPair.publicKey;
    const Bytes viaOpk = firstMessage(withOpk);
    ASSERT_TRUE(acceptSession(bob.identity, store, resolve, viaOpk, kT0, rng));
    EXPECT_FALSE(acceptSession(bob.identity, store, resolve, viaOpk, kT0, rng));
    EXPECT_LE(bob.seenInitiations.size(), kMaxSeenInitiations);
    // Rotation: a new signed prekey, the old one retired; its entries go, and first
    // messages without one-time prekeys are accepted again.
    bob.signedPreKeys.push_back(makeSignedPreKey(bob.identity, 2, rng, kT0));
    bob.signedPreKeys.erase(bob.signedPreKeys.begin());
    ASSERT_TRUE(acceptSession(bob.identity, store, resolve, firstMessage(bundleFor(bob.signedPreKeys[0])), kT0, rng));
    EXPECT_EQ(bob.seenInitiations.size(), 1u);
    EXPECT_FALSE(store.shouldRotateSignedPreKey());
}

TEST(X3dh, TheRotationHintStartsAtItsThreshold)
{
    static_assert(kSeenInitiationsRotateAt < kMaxSeenInitiations);
    InMemoryPreKeyStore store;
    for (std::uint32_t i = 0; store.seenInitiations().size() < kSeenInitiationsRotateAt - 1; ++i)
        store.seenInitiations().emplace(i, DhPublicKey{});
    EXPECT_FALSE(store.shouldRotateSignedPreKey());
    store.seenInitiations().emplace(UINT32_MAX, DhPublicKey{});
    EXPECT_TRUE(store.shouldRotateSignedPreKey());
    // None of those signed prekeys is held: all their entries go in one pass.
    store.forgetRetiredInitiations();
    EXPECT_TRUE(store.seenInitiations().empty());
}

TEST(SessionRecord, RoundTripsMidConversationAndRejectsGarbage)
{
    Pair p;
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(sessionDecrypt(p.b, sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("x"), p.alice.rng).value(),
                                   kT0, p.bob.rng));
    auto skipped = sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("later"), p.alice.rng).value();
    ASSERT_TRUE(sessionDecrypt(p.b, sessionEncrypt(p.a, ContentType::SealedMemo, asBytes("now"), p.alice.rng).value(),
                               kT0, p.bob.rng));
    InMemorySessionStore store;
    ASSERT_TRUE(store.store("alice/laptop", p.b));
    Session restored = store.load("alice/laptop").value().value();
    EXPECT_EQ(restored.serialise(), p.b.serialise());
    EXPECT_EQ(sessionDecrypt(restored, skipped, kT0, p.bob.rng).value().body, text("later"));
    const Bytes record = p.b.serialise();
    for (std::size_t n = 0; n < record.size(); n += 13)
        EXPECT_FALSE(Session::parse(std::span(record).first(n)));
}

// A store that can be made to fail, and that tells what it holds.
class FlakySessionStore final : public SessionStore {
  public:
    Result<std::optional<Session>> load(const std::string& address) const override { return m_inner.load(address); }
    Status store(const std::string& address, const Session& session) override
    {
        if (failWrites) return fail(ErrorCode::Io, "disk full");
        ++writes;
        return m_inner.store(address, session);
    }
    bool failWrites = false;
    int writes = 0;

  private:
    InMemorySessionStore m_inner;
};

// The session cipher loads, advances and stores in one call, and stores before it hands
// out the ciphertext: a caller cannot send a message whose state it forgot to persist.
TEST(SessionCipher, EncryptStoresBeforeItReturnsAndDecryptRoutesFirstMessages)
{
    Device alice(1), bob(2);
    FlakySessionStore aliceStore, bobStore;
    ASSERT_TRUE(processPreKeyBundle(aliceStore, "bob", alice.identity, bob.certified(), bob.bundle(true), alice.rng));
    const auto resolve = resolverOf({alice.certified()});
    const auto receive = [&](const Bytes& m) {
        return decryptMessage(bobStore, "alice", bob.identity, bob.prekeys, resolve, m, kT0, bob.rng);
    };
    const int before = aliceStore.writes;
    const Bytes m1 = encryptMessage(aliceStore, "bob", ContentType::Receipt, asBytes("satu"), alice.rng).value();
    EXPECT_EQ(aliceStore.writes, before + 1);
    const Bytes m2 = encryptMessage(aliceStore, "bob", ContentType::Receipt, asBytes("dua"), alice.rng).value();
    EXPECT_EQ(aliceStore.load("bob").value()->ratchet.ns, 2u) << "the advanced state was not stored";
    // A failed write: no ciphertext comes out.
    aliceStore.failWrites = true;
    auto unsent = encryptMessage(aliceStore, "bob", ContentType::Receipt, asBytes("tiga"), alice.rng);
    ASSERT_FALSE(unsent);
    EXPECT_EQ(unsent.error().code, ErrorCode::Io);
    aliceStore.failWrites = false;
    // Bob: the first message of a new session goes to X3DH, the second (also type 2) to
    // the session the first one made; both are stored.
    auto r2 = receive(m2);
    ASSERT_TRUE(r2) << r2.error().message;
    EXPECT_EQ(r2->body, text("dua"));
    auto r1 = receive(m1);
    ASSERT_TRUE(r1) << r1.error().message;
    EXPECT_EQ(r1->body, text("satu"));
    EXPECT_FALSE(receive(m1)) << "a duplicate was accepted";
    // Bob answers; Alice's next messages are type 1.
    const Bytes reply = encryptMessage(bobStore, "alice", ContentType::Receipt, asBytes("diterima"), bob.rng).value();
    EXPECT_EQ(decryptMessage(aliceStore, "bob", alice.identity, alice.prekeys, resolverOf({}), reply, kT0, alice.rng)
                  .value()
                  .body,
              text("diterima"));
    const Bytes m3 = encryptMessage(aliceStore, "bob", ContentType::Receipt, asBytes("empat"), alice.rng).value();
    EXPECT_EQ(messageType(m3).value(), kMessageTypeRatchet);
    EXPECT_EQ(receive(m3).value().body, text("empat"));
    // Alice starts over (a re-installed client, same certified identity): Bob's stored
    // session is replaced by the new one once its first message authenticates.
    FlakySessionStore fresh;
    ASSERT_TRUE(processPreKeyBundle(fresh, "bob", alice.identity, bob.certified(), bob.bundle(false), alice.rng));
    const Bytes restart = encryptMessage(fresh, "bob", ContentType::Receipt, asBytes("mulai lagi"), alice.rng).value();
    EXPECT_EQ(decryptMessage(bobStore, "alice", bob.identity, bob.prekeys, resolve, restart, kT0, bob.rng).value().body,
              text("mulai lagi"));
    // A first message naming another identity for this address is refused (the relay
    // chooses the address): the application must delete the session to accept a new one.
    Device mallory(66);
    FlakySessionStore malloryStore;
    ASSERT_TRUE(
        processPreKeyBundle(malloryStore, "bob", mallory.identity, bob.certified(), bob.bundle(false), mallory.rng));
    const Bytes claim =
        encryptMessage(malloryStore, "bob", ContentType::Receipt, asBytes("saya alice"), mallory.rng).value();
    auto refused = decryptMessage(bobStore, "alice", bob.identity, bob.prekeys,
                                  resolverOf({alice.certified(), mallory.certified()}), claim, kT0, bob.rng);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Policy);
    // No session: a ratchet message is "not found"; a corrupt record is not "absent".
    auto none = decryptMessage(bobStore, "carol", bob.identity, bob.prekeys, resolve, m3, kT0, bob.rng);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::NotFound);
    EXPECT_FALSE(bobStore.load("carol").value().has_value());
}

// kMaxSkippedKeys: beyond it the oldest skipped keys go; the newest still work.
TEST(Limits, SkippedKeysBeyondTheStoreLimitDropTheOldest)
{
    Pair p;
    std::vector<Bytes> firstRound, lastRound;
    for (int round = 0; round < 3; ++round) {
        std::vector<Bytes> sent;
        for (std::uint32_t i = 0; i <= kMaxSkip; ++i)
            sent.push_back(sessionEncrypt(p.a, ContentType::Receipt, asBytes("x"), p.alice.rng).value());
        ASSERT_TRUE(sessionDecrypt(p.b, sent.back(), kT0, p.bob.rng));
        if (round == 0) firstRound = sent;
        if (round == 2) lastRound = sent;
    }
    EXPECT_EQ(p.b.ratchet.skipped.size(), kMaxSkippedKeys);
    EXPECT_FALSE(sessionDecrypt(p.b, firstRound.front(), kT0, p.bob.rng)) << "the oldest skipped key was kept";
    EXPECT_TRUE(sessionDecrypt(p.b, lastRound.front(), kT0, p.bob.rng));
    EXPECT_EQ(Session::parse(p.b.serialise()).value().ratchet.skipped.size(), kMaxSkippedKeys - 1);
}

// kMaxBodyBytes / kMaxPlaintextBytes: the largest body goes, one more byte does not; a
// message longer than the largest possible is refused before any decryption.
TEST(Limits, PlaintextSize)
{
    Pair p;
    const Bytes largest(kMaxBodyBytes, std::byte{0x41});
    const Bytes wire = sessionEncrypt(p.a, ContentType::SealedMemo, largest, p.alice.rng).value();
    EXPECT_EQ(sessionDecrypt(p.b, wire, kT0, p.bob.rng).value().body.size(), kMaxBodyBytes);
    auto tooLarge = sessionEncrypt(p.a, ContentType::SealedMemo, Bytes(kMaxBodyBytes + 1), p.alice.rng);
    ASSERT_FALSE(tooLarge);
    EXPECT_EQ(tooLarge.error().code, ErrorCode::InvalidArgument);
    Bytes longer = wire;
    longer.push_back(std::byte{0});
    const auto before = headerDecryptionsTried();
    auto r = sessionDecrypt(p.b, longer, kT0, p.bob.rng);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(headerDecryptionsTried(), before) << "a message over the limit was decrypted";
}

// kMaxBundleBytes, and the certificate name and serial limits of a session record.
TEST(Limits, BundleAndSessionRecordFields)
{
    Device bob(2);
    const Bytes bundle = bob.bundle(true).encode();
    Bytes padded = bundle;
    padded.resize(kMaxBundleBytes + 1);
    auto r = PreKeyBundle::decode(padded);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("too large"), std::string::npos);
    padded.resize(kMaxBundleBytes);
    EXPECT_NE(PreKeyBundle::decode(padded).error().message.find("trailing"),
              std::string::npos); // at the limit: the size is fine
    Pair p;
    Session s = p.b.clone();
    s.remoteIssuer = std::string(kMaxCertificateNameBytes, 'C');
    s.remoteSerial = std::string(kMaxCertificateSerialBytes, '0');
    EXPECT_TRUE(Session::parse(s.serialise()));
    s.remoteIssuer += 'C';
    EXPECT_FALSE(Session::parse(s.serialise()));
    s.remoteIssuer.pop_back();
    s.remoteSerial += '0';
    EXPECT_FALSE(Session::parse(s.serialise()));
}

// kMaxFieldBytes: a length above it is refused before the reader looks for the bytes.
TEST(Limits, FieldLength)
{
    Writer w;
    w.u32(static_cast<std::uint32_t>(kMaxFieldBytes + 1));
    Reader r(w.data(), "test");
    auto b = r.bytes();
    ASSERT_FALSE(b);
    EXPECT_NE(b.error().message.find("longer than allowed"), std::string::npos);
    Writer atLimit;
    atLimit.u32(static_cast<std::uint32_t>(kMaxFieldBytes));
    Reader r2(atLimit.data(), "test");
    EXPECT_NE(r2.bytes().error().message.find("truncated"), std::string::npos);
}

// Many parties, random interleavings: every message is delivered zero or more times
// in any order; each one that arrives is read exactly once, duplicates fail.
TEST(Simulation, RandomLossReorderingAndDuplicationAcrossManyPairs)
{
    std::mt19937_64 world(20261128);
    for (int pairNo = 0; pairNo < 12; ++pairNo) {
        Pair p(pairNo % 3 != 0);
        struct InFlight {
            bool toBob;
            Bytes wire;
            std::string text;
        };
        std::deque<InFlight> network;
        std::set<std::string> readByAlice, readByBob;
        int sent = 0;
        for (int step = 0; step < 400; ++step) {
            const auto action = world() % 10;
            if (action < 4) { // someone sends
                const bool fromAlice = world() % 2 == 0;
                const std::string t = "msg-" + std::to_string(sent++);
                auto w = sessionEncrypt(fromAlice ? p.a : p.b, ContentType::SealedMemo, asBytes(t),
                                        fromAlice ? p.alice.rng : p.bob.rng)
                             .value();
                network.push_back({fromAlice, std::move(w), t});
                if (world() % 4 == 0) network.push_back(network.back()); // duplicated in transit
            } else if (!network.empty()) { // something arrives, maybe out of order, maybe lost
                const std::size_t i = world() % network.size();
                InFlight m = network[i];
                network.erase(network.begin() + static_cast<std::ptrdiff_t>(i));
                if (world() % 10 == 0) continue; // lost
                auto& session = m.toBob ? p.b : p.a;
                auto& rng = m.toBob ? p.bob.rng : p.alice.rng;
                auto& read = m.toBob ? readByBob : readByAlice;
                auto r = sessionDecrypt(session, m.wire, kT0, rng);
                if (read.contains(m.text)) {
                    EXPECT_FALSE(r) << "read twice: " << m.text;
                } else {
                    ASSERT_TRUE(r) << m.text << ": " << r.error().message;
                    EXPECT_EQ(r->body, text(m.text));
                    read.insert(m.text);
                }
            }
        }
    }
}

// Both devices start a session with each other before either hears from the other (both
// were offline): each X3DH replaces the other's session, and the replaced one is kept, so
// every message reads and the two converge on one session.
TEST(SessionCipher, SimultaneousInitiationLosesNothingAndConverges)
{
    Device alice(11), bob(12);
    InMemorySessionStore aliceStore, bobStore;
    ASSERT_TRUE(
        processPreKeyBundle(aliceStore, "bob", alice.identity, bob.certified(), bob.bundle(true, 7), alice.rng));
    ASSERT_TRUE(
        processPreKeyBundle(bobStore, "alice", bob.identity, alice.certified(), alice.bundle(true, 8), bob.rng));
    const Bytes fromAlice =
        encryptMessage(aliceStore, "bob", ContentType::SealedMemo, asBytes("a1"), alice.rng).value();
    const Bytes fromBob = encryptMessage(bobStore, "alice", ContentType::SealedMemo, asBytes("b1"), bob.rng).value();
    const auto aliceReads = [&](const Bytes& m) {
        return decryptMessage(aliceStore, "bob", alice.identity, alice.prekeys, resolverOf({bob.certified()}), m, kT0,
                              alice.rng);
    };
    const auto bobReads = [&](const Bytes& m) {
        return decryptMessage(bobStore, "alice", bob.identity, bob.prekeys, resolverOf({alice.certified()}), m, kT0,
                              bob.rng);
    };
    ASSERT_EQ(bobReads(fromAlice).value().body, text("a1"));
    ASSERT_EQ(aliceReads(fromBob).value().body, text("b1"));
    EXPECT_TRUE(bobStore.load(previousSessionName("alice")).value().has_value()) << "the replaced session was dropped";
    // Each now writes on the session the other started; both read.
    for (int round = 0; round < 3; ++round) {
        const std::string n = std::to_string(round);
        const Bytes a = encryptMessage(aliceStore, "bob", ContentType::SealedMemo, asBytes("a" + n), alice.rng).value();
        const Bytes b = encryptMessage(bobStore, "alice", ContentType::SealedMemo, asBytes("b" + n), bob.rng).value();
        auto ra = bobReads(a);
        ASSERT_TRUE(ra) << "round " << round << ": " << ra.error().message;
        EXPECT_EQ(ra->body, text("a" + n));
        auto rb = aliceReads(b);
        ASSERT_TRUE(rb) << "round " << round << ": " << rb.error().message;
        EXPECT_EQ(rb->body, text("b" + n));
    }
    // One side writes twice in a row, the other answers: from then on both use one session.
    const Bytes a1 = encryptMessage(aliceStore, "bob", ContentType::SealedMemo, asBytes("x"), alice.rng).value();
    ASSERT_TRUE(bobReads(a1));
    const Bytes b1 = encryptMessage(bobStore, "alice", ContentType::SealedMemo, asBytes("y"), bob.rng).value();
    ASSERT_TRUE(aliceReads(b1));
    EXPECT_EQ(aliceStore.load("bob").value()->serialise().size() > 0, true);
    const Bytes a2 = encryptMessage(aliceStore, "bob", ContentType::SealedMemo, asBytes("z"), alice.rng).value();
    ASSERT_TRUE(bobReads(a2));
    // A message neither session wrote is still refused, and changes nothing.
    Bytes forged = a2;
    forged.back() ^= std::byte{1};
    EXPECT_FALSE(bobReads(forged));
}

} // namespace
} // namespace sandi::e2e
