// SPDX-License-Identifier: GPL-3.0-or-later
// Groups of 50 devices over real pairwise sessions, identity from device
// certificates, safety numbers, attachments, the key store file and memos.
#include "../../fuzz/e2e_fixture.h"
#include "../../support/test_pki.h"

#include "sandi/pades/pades_verify.h"
#include "sandi/e2e/group.h"
#include "sandi/e2e/identity.h"
#include "sandi/e2e/keystore.h"
#include "sandi/e2e/memo.h"
#include "sandi/e2e/session.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace sandi::test {
namespace {

using namespace sandi::e2e;
using namespace std::chrono_literals;
const TimePoint kT0 = std::chrono::system_clock::from_time_t(1'800'000'000);

Bytes text(std::string_view s) { return {asBytes(s).begin(), asBytes(s).end()}; }

struct Member {
    test::SeededRandom rng;
    IdentityKeyPair identity;
    InMemoryPreKeyStore prekeys;
    std::map<std::size_t, Session> sessions;    // peer index → session
    std::optional<SenderKeyState> mySenderKey;
    std::map<std::size_t, SenderKeyState> theirSenderKeys; // sender index → state
    explicit Member(std::uint64_t seed) : rng(seed), identity(IdentityKeyPair::generate(rng)) {}
};

// A full mesh of pairwise sessions among n members (as the clients will build).
std::vector<std::unique_ptr<Member>> mesh(std::size_t n)
{
    std::vector<std::unique_ptr<Member>> m;
    for (std::size_t i = 0; i < n; ++i) m.push_back(std::make_unique<Member>(1000 + i));
    std::uint32_t nextId = 1;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            SignedPreKey spk = makeSignedPreKey(m[j]->identity, nextId, m[j]->rng, kT0);
            PreKeyBundle b{m[j]->identity.publicKey, spk.id, spk.keyPair.publicKey, spk.signature, std::nullopt, {}};
            m[j]->prekeys.addSignedPreKey(std::move(spk));
            ++nextId;
            Session s = initiateSession(m[i]->identity, fuzz::certifiedFor(m[j]->identity, std::to_string(j)), b, m[i]->rng).value();
            auto hello = sessionEncrypt(s, asBytes("hello"), m[i]->rng).value();
            auto accepted = acceptSession(m[j]->identity, m[j]->prekeys, fuzz::resolverOf({fuzz::certifiedFor(m[i]->identity, std::to_string(i))}),
                                          hello, kT0, m[j]->rng).value();
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
        auto wire = sessionEncrypt(from.sessions.at(r), dist, from.rng).value();
        auto plain = sessionDecrypt(rcpt.sessions.at(sender), wire, kT0, rcpt.rng).value().plaintext;
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
    for (std::size_t i = 0; i < kMembers; ++i) everyone.insert(i);
    for (std::size_t i = 0; i < kMembers; ++i) distribute(m, i, everyone, group);

    // Everyone sends; everyone else reads (sender 7's messages out of order).
    for (std::size_t s = 0; s < kMembers; ++s) {
        auto& sender = *m[s];
        auto w1 = groupEncrypt(*sender.mySenderKey, group, text("rapat jam 9 dari " + std::to_string(s)), sender.rng).value();
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
    for (std::size_t i : remaining) distribute(m, i, remaining, group);
    auto secret = groupEncrypt(*m[0]->mySenderKey, group, text("setelah 13 keluar"), m[0]->rng).value();
    auto& stale = m[removed]->theirSenderKeys.at(0);
    EXPECT_FALSE(groupDecrypt(stale, group, secret, kT0));
    EXPECT_EQ(groupDecrypt(m[1]->theirSenderKeys.at(0), group, secret, kT0).value(), text("setelah 13 keluar"));
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
    auto wire = sessionEncrypt(m[2]->sessions.at(1), alices, m[2]->rng).value();
    auto plain = sessionDecrypt(m[1]->sessions.at(2), wire, kT0, m[1]->rng).value().plaintext;
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
        SecretKey chain = mine.chainKey.clone();
        const SecretKey mk = chainStep(chain);
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
        const Bytes ct = aeadEncrypt(k.first(kAeadKeyBytes), k.subspan(kAeadKeyBytes, kAeadNonceBytes), w.data(), plaintext);
        w.bytes(ct);
        const Signature sig = IdentityKeyPair::fromSeed(mine.signingSeed->bytes()).value().sign(w.data());
        w.fixed(sig);
        return std::move(w).take();
    };
    auto theirs = processSenderKeyDistribution(fuzz::sessionWith(owner), senderKeyDistribution("g", mine)).value().state;
    SenderKeyState copy = theirs.clone();
    EXPECT_EQ(groupDecrypt(copy, "g", build(text("rapat jam 9"), text("rapat jam 9")), kT0).value(), text("rapat jam 9"));
    auto r = groupDecrypt(theirs, "g", build(text("rapat jam 9"), text("rapat jam 10")), kT0);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::BadSignature);
    EXPECT_EQ(theirs.iteration, 0u) << "a refused message advanced the chain";
}

TEST(Group, SenderKeysSurviveTheStore)
{
    test::SeededRandom rng(6);
    const auto owner = IdentityKeyPair::generate(rng).publicKey;
    SenderKeyState mine = createSenderKey(owner, rng);
    auto theirs = processSenderKeyDistribution(fuzz::sessionWith(owner), senderKeyDistribution("g", mine)).value().state;
    InMemorySenderKeyStore store;
    store.store("g", "", mine);
    store.store("g", "bob/laptop", theirs);
    auto w1 = groupEncrypt(mine, "g", text("satu"), rng).value();
    store.store("g", "", mine);
    auto loadedTheirs = store.load("g", "bob/laptop").value();
    EXPECT_EQ(groupDecrypt(loadedTheirs, "g", w1, kT0).value(), text("satu"));
    auto loadedMine = store.load("g", "").value();
    auto w2 = groupEncrypt(loadedMine, "g", text("dua"), rng).value();
    EXPECT_EQ(groupDecrypt(loadedTheirs, "g", w2, kT0).value(), text("dua"));
    store.remove("g", "bob/laptop");
    EXPECT_FALSE(store.load("g", "bob/laptop"));
}

TEST(Group, SkippedKeysExpireAndSurviveTheStoreUntilThen)
{
    test::SeededRandom rng(7);
    const auto owner = IdentityKeyPair::generate(rng).publicKey;
    SenderKeyState mine = createSenderKey(owner, rng);
    auto theirs = processSenderKeyDistribution(fuzz::sessionWith(owner), senderKeyDistribution("g", mine)).value().state;
    auto late = groupEncrypt(mine, "g", text("terlambat"), rng).value();
    auto early = groupEncrypt(mine, "g", text("lebih dulu"), rng).value();
    ASSERT_TRUE(groupDecrypt(theirs, "g", early, kT0));
    ASSERT_EQ(theirs.skipped.size(), 1u);
    InMemorySenderKeyStore store;
    store.store("g", "bob/laptop", theirs);
    auto loaded = store.load("g", "bob/laptop").value();
    EXPECT_EQ(loaded.skipped.at(0).storedAt, std::chrono::duration_cast<std::chrono::seconds>(kT0.time_since_epoch()).count());
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
    auto theirs = processSenderKeyDistribution(fuzz::sessionWith(owner), senderKeyDistribution("g", alice)).value().state;
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

TEST(Identity, OnlyAValidUnrevokedDeviceCertificateYieldsAnIdentity)
{
    TestPki pki;
    test::SeededRandom rng(3);
    IdentityKeyPair id = IdentityKeyPair::generate(rng);
    ossl::PkeyPtr pub(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(id.publicKey.data()), 32));
    IssueParams p;
    p.profile = Profile::Device;
    p.commonName = "Laptop";
    p.e2eIdentityKey = pub.get();
    auto device = must(pki.baubau->issue(p, pki.rng, pki.now));
    auto crls = pki.crls(pki.now);
    std::vector<X509_CRL*> crlPtrs;
    for (auto& c : crls) crlPtrs.push_back(c.get());
    std::vector<X509*> inter{pki.baubau->certificate()};
    X509* anchor = pki.root->certificate();
    ChainInput in;
    in.leaf = device.certificate.get();
    in.intermediates = inter;
    in.anchors = std::span<X509* const>(&anchor, 1);
    in.crls = crlPtrs;
    in.time = pki.now;
    auto got = must(identityFromDeviceCertificate(in));
    EXPECT_EQ(got.identityKey, id.publicKey);

    must(pki.baubau->revoke(serialHex(device.certificate.get()), RevocationReason::KeyCompromise, pki.now + 1h));
    auto newCrls = pki.crls(pki.now + 2h);
    std::vector<X509_CRL*> newPtrs;
    for (auto& c : newCrls) newPtrs.push_back(c.get());
    in.crls = newPtrs;
    in.time = pki.now + 3h;
    EXPECT_FALSE(identityFromDeviceCertificate(in));

    auto signing = pki.issue(*pki.baubau, Profile::Signing, "Not a device");
    in.leaf = signing.certificate.get();
    in.crls = crlPtrs;
    in.time = pki.now;
    EXPECT_FALSE(identityFromDeviceCertificate(in));
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
            std::size_t p = 0;
            Bytes out;
            auto st = decryptAttachment(
                key,
                [&](std::span<std::byte> buf) -> Result<std::size_t> {
                    const std::size_t n = std::min(buf.size(), c.size() - p);
                    std::copy_n(c.begin() + static_cast<std::ptrdiff_t>(p), n, buf.begin());
                    p += n;
                    return n;
                },
                [&](std::span<const std::byte> d) -> Status {
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
    EXPECT_EQ(must(crypto::readFile(out, 1 << 20)), plain);

    // A damaged blob: the existing file at `out` stays as it was, nothing else is left.
    Bytes damaged = must(crypto::readFile(blob, 1 << 20));
    damaged[damaged.size() - 3] ^= std::byte{1};
    ASSERT_TRUE(crypto::writeFileAtomically(blob, damaged));
    EXPECT_FALSE(decryptAttachmentFile(key, blob.string(), out.string()));
    EXPECT_EQ(must(crypto::readFile(out, 1 << 20)), plain);
    std::filesystem::remove(out);
    EXPECT_FALSE(decryptAttachmentFile(key, blob.string(), out.string()));
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()), 2);
}

TEST(KeyStore, RoundTripsChangesPassphraseAndRefusesWrongOnesAndDamage)
{
    TempDir dir;
    test::SeededRandom rng(21);
    AccountData data;
    data.identity = IdentityKeyPair::generate(rng);
    data.signedPreKeys.push_back(makeSignedPreKey(data.identity, 1, rng, kT0));
    data.oneTimePreKeys.push_back({9, DhKeyPair::generate(rng)});
    data.sessions["kota-baubau/la-ode"] = text("opaque session record");
    const Argon2Parameters fast{1, 8 * 1024 * 1024}; // tests only; real files use the defaults
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

    const Bytes before = must(crypto::readFile(path, 1 << 20));
    {
        auto opened = KeyStoreFile::open(path, SecureBuffer::fromString("kata sandi lama"));
        ASSERT_TRUE(opened) << opened.error().message;
        EXPECT_EQ(opened->data().identity.publicKey, data.identity.publicKey);
        EXPECT_EQ(opened->data().sessions.at("kota-baubau/la-ode"), text("opaque session record"));
        ASSERT_TRUE(opened->changePassphrase(SecureBuffer::fromString("kata sandi baru"), rng, fast));
    }
    const Bytes after = must(crypto::readFile(path, 1 << 20));
    // Only the header and the wrapped master key changed length-wise the same; the contents
    // stay readable with the new passphrase and not the old one.
    EXPECT_EQ(before.size(), after.size());
    EXPECT_FALSE(KeyStoreFile::open(path, SecureBuffer::fromString("kata sandi lama")));
    ASSERT_TRUE(KeyStoreFile::open(path, SecureBuffer::fromString("kata sandi baru")));

    for (std::size_t i = 0; i < after.size(); i += 41) {
        Bytes bad = after;
        bad[i] ^= std::byte{0x01};
        ASSERT_TRUE(crypto::writeFileAtomically(path, bad));
        auto r = KeyStoreFile::open(path, SecureBuffer::fromString("kata sandi baru"));
        EXPECT_FALSE(r) << "flip at " << i;
    }
    ASSERT_TRUE(crypto::writeFileAtomically(path, std::span(after).first(after.size() / 2)));
    EXPECT_EQ(KeyStoreFile::open(path, SecureBuffer::fromString("kata sandi baru")).error().code, ErrorCode::InvalidInput);
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
    m.attachments.push_back({"anggaran.xlsx", "application/vnd.ms-excel", "blob-1", {SecretKey::random(rng), {}, {}, 1234}});
    const Bytes enc = m.encode();
    EXPECT_EQ(Memo::decode(enc).value().encode(), enc);
    EXPECT_EQ(m.encode(), enc);
    EXPECT_STREQ(classificationCode(Memo::decode(enc).value().classification), "R");

    auto issued = pki.issue(*pki.baubau, Profile::Signing, "Andi Pratama");
    auto signer = must(KeySigner::fromKey(std::move(issued.key), std::move(issued.certificate), std::move(issued.chain)));
    auto sealed = must(sealMemo(m, &signer, pki.now));
    auto back = must(SealedMemo::decode(sealed.encode()));
    ASSERT_TRUE(back.signature);
    // The auditor's check of an exported memo (NAME.memo + NAME.memo.p7s).
    X509* anchor = pki.root->certificate();
    auto crls = pki.crls(pki.now);
    std::vector<X509_CRL*> crlPtrs;
    for (auto& c : crls) crlPtrs.push_back(c.get());
    VerifyOptions o;
    o.anchors = std::span<X509* const>(&anchor, 1);
    o.crls = crlPtrs;
    o.now = pki.now;
    auto report = verifyDetachedSignature(*back.signature, back.memo, o);
    EXPECT_TRUE(report.valid) << (report.problems.empty() ? "" : report.problems.front());
    Bytes altered = back.memo;
    altered[altered.size() - 12] ^= std::byte{1};
    EXPECT_FALSE(verifyDetachedSignature(*back.signature, altered, o).valid);

    // And through the auditor's command itself: `sandi verify NAME.memo.p7s`.
    const auto dir = std::filesystem::temp_directory_path() / ("sandi-memo-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto put = [&](const std::string& name, std::span<const std::byte> bytes) {
        std::ofstream(dir / name, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    };
    auto putText = [&](const std::string& name, const std::string& text) { put(name, std::as_bytes(std::span(text))); };
    put("nota.memo", back.memo);
    put("nota.memo.p7s", *back.signature);
    putText("root.pem", certificatePem(anchor));
    std::string crlText;
    for (auto* c : crlPtrs) crlText += crlPem(c);
    putText("crls.pem", crlText);
    const std::string verify = std::string(SANDI_CLI) + " verify --trust " + (dir / "root.pem").string() + " --crl " +
                               (dir / "crls.pem").string() + " " + (dir / "nota.memo.p7s").string() + " > /dev/null";
    EXPECT_EQ(std::system(verify.c_str()), 0);
    put("nota.memo", altered);
    EXPECT_NE(std::system(verify.c_str()), 0);
    std::filesystem::remove_all(dir);

    m.body = std::string(kMaxMemoBodyBytes + 1, 'x');
    EXPECT_FALSE(sealMemo(m, nullptr, pki.now));
}

} // namespace
} // namespace sandi::test
