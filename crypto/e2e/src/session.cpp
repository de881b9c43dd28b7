// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/e2e/session.h"

#include <algorithm>

namespace sandi::e2e {
namespace {

constexpr std::string_view kInfoX3dh = "Sandi X3DH v1";
constexpr std::string_view kInfoHeaderKeys = "Sandi X3DH header keys v1";
constexpr std::string_view kSignedPreKeyLabel = "Sandi signed prekey v1";
// type ‖ initiator identity ‖ ephemeral ‖ signed prekey id ‖ has one-time ‖ one-time id
constexpr std::size_t kPreKeyEnvelopeBytes = 1 + kPublicKeyBytes * 2 + 4 + 1 + 4;

std::int64_t seconds(TimePoint t)
{
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

struct X3dhKeys {
    RootKey sk;
    HeaderKey hka, nhkb;
};

// SK = HKDF(F ‖ DH1 ‖ DH2 ‖ DH3 [‖ DH4]), F = 32 × 0xFF; header keys from SK.
X3dhKeys deriveX3dh(std::span<const SecretKey* const> dhs)
{
    crypto::SecureBuffer ikm(32 + 32 * dhs.size());
    std::fill(ikm.data(), ikm.data() + 32, std::byte{0xFF});
    for (std::size_t i = 0; i < dhs.size(); ++i)
        std::copy(dhs[i]->bytes().begin(), dhs[i]->bytes().end(), ikm.data() + 32 + 32 * i);
    X3dhKeys k;
    hkdfSha256({}, ikm.bytes(), kInfoX3dh, k.sk.mutableBytes());
    crypto::SecureBuffer hk(64);
    hkdfSha256({}, k.sk.bytes(), kInfoHeaderKeys, hk.bytes());
    k.hka = HeaderKey::fromBytes(hk.bytes().first(32));
    k.nhkb = HeaderKey::fromBytes(hk.bytes().subspan(32));
    return k;
}

} // namespace

Bytes PreKeyBundle::encode() const
{
    Writer w;
    w.u8(kBundleVersion);
    w.fixed(identity);
    w.u32(signedPreKeyId);
    w.fixed(signedPreKey);
    w.fixed(signedPreKeySignature);
    w.u8(oneTimePreKeyId ? 1 : 0);
    if (oneTimePreKeyId) {
        w.u32(*oneTimePreKeyId);
        w.fixed(oneTimePreKey);
    }
    return std::move(w).take();
}

Result<PreKeyBundle> PreKeyBundle::decode(std::span<const std::byte> bytes)
{
    if (bytes.size() > kMaxBundleBytes) return fail(ErrorCode::InvalidInput, "prekey bundle: too large");
    Reader r(bytes, "prekey bundle");
    SANDI_ASSIGN(version, r.u8());
    if (version != kBundleVersion) return fail(ErrorCode::Unsupported, "prekey bundle: unknown version");
    PreKeyBundle b;
    SANDI_ASSIGN(identity, r.key<IdentityPublicKey>());
    SANDI_ASSIGN(spkId, r.u32());
    SANDI_ASSIGN(spk, r.key<DhPublicKey>());
    SANDI_ASSIGN(sig, r.array<kSignatureBytes>());
    SANDI_ASSIGN(hasOpk, r.u8());
    b.identity = identity;
    b.signedPreKeyId = spkId;
    b.signedPreKey = spk;
    b.signedPreKeySignature = sig;
    if (hasOpk > 1) return fail(ErrorCode::InvalidInput, "prekey bundle: malformed");
    if (hasOpk == 1) {
        SANDI_ASSIGN(opkId, r.u32());
        SANDI_ASSIGN(opk, r.key<DhPublicKey>());
        b.oneTimePreKeyId = opkId;
        b.oneTimePreKey = opk;
    }
    SANDI_TRY(r.end());
    return b;
}

Bytes signedPreKeyMessage(const DhPublicKey& key)
{
    Bytes m(asBytes(kSignedPreKeyLabel).begin(), asBytes(kSignedPreKeyLabel).end());
    m.insert(m.end(), key.begin(), key.end());
    return m;
}

SignedPreKey makeSignedPreKey(const IdentityKeyPair& identity, std::uint32_t id, crypto::Random& rng, TimePoint now)
{
    SignedPreKey k{id, DhKeyPair::generate(rng), {}, seconds(now)};
    k.signature = identity.sign(signedPreKeyMessage(k.keyPair.publicKey));
    return k;
}

const SignedPreKey* InMemoryPreKeyStore::signedPreKey(std::uint32_t id) const
{
    const auto it = m_signed.find(id);
    return it == m_signed.end() ? nullptr : &it->second;
}

const OneTimePreKey* InMemoryPreKeyStore::oneTimePreKey(std::uint32_t id) const
{
    const auto it = m_oneTime.find(id);
    return it == m_oneTime.end() ? nullptr : &it->second;
}

Status PreKeyStore::admitInitiation(std::uint32_t signedPreKeyId, const DhPublicKey& ephemeral, bool usesOneTimePreKey)
{
    SeenInitiations& seen = seenInitiations();
    if (seen.contains({signedPreKeyId, ephemeral}))
        return fail(ErrorCode::InvalidInput, "replayed session-starting message");
    if (seen.size() >= kMaxSeenInitiations) forgetRetiredInitiations();
    if (seen.size() >= kMaxSeenInitiations && !usesOneTimePreKey)
        return fail(ErrorCode::Policy,
                    "too many session-starting messages without a one-time prekey: the signed prekey "
                    "must be rotated (publish a new one, retire this one) before more are accepted");
    return {};
}

void PreKeyStore::rememberInitiation(std::uint32_t signedPreKeyId, const DhPublicKey& ephemeral)
{
    SeenInitiations& seen = seenInitiations();
    if (seen.size() >= kMaxSeenInitiations) forgetRetiredInitiations();
    if (seen.size() < kMaxSeenInitiations) seen.emplace(signedPreKeyId, ephemeral);
}

void PreKeyStore::forgetRetiredInitiations()
{
    SeenInitiations& seen = seenInitiations();
    for (auto it = seen.begin(); it != seen.end();) {
        const std::uint32_t id = it->first;
        const auto next = id == UINT32_MAX ? seen.end() : seen.lower_bound({id + 1, DhPublicKey{}});
        it = signedPreKey(id) == nullptr ? seen.erase(it, next) : next;
    }
}

Result<std::optional<Session>> InMemorySessionStore::load(const std::string& address) const
{
    const auto it = m_records.find(address);
    if (it == m_records.end()) return std::optional<Session>{};
    SANDI_ASSIGN(s, Session::parse(it->second));
    return std::optional<Session>(std::move(s));
}

Status InMemorySessionStore::store(const std::string& address, const Session& session)
{
    m_records[address] = session.serialise();
    return {};
}

Bytes Session::associatedData(bool) const
{
    // AD = Encode(IK_A) ‖ Encode(IK_B): the initiator's identity first.
    Bytes ad;
    const IdentityPublicKey& a = initiator ? localIdentity : remoteIdentity;
    const IdentityPublicKey& b = initiator ? remoteIdentity : localIdentity;
    ad.insert(ad.end(), a.begin(), a.end());
    ad.insert(ad.end(), b.begin(), b.end());
    return ad;
}

Session Session::clone() const
{
    Session c{ratchet.clone(), localIdentity, remoteIdentity, remoteIssuer, remoteSerial, pending, initiator};
    return c;
}

Bytes Session::serialise() const
{
    Writer w;
    w.u8(kSessionRecordVersion);
    w.u8(initiator ? 1 : 0);
    w.fixed(localIdentity);
    w.fixed(remoteIdentity);
    w.string(remoteIssuer);
    w.string(remoteSerial);
    w.u8(pending ? 1 : 0);
    if (pending) {
        w.fixed(pending->identity);
        w.fixed(pending->ephemeral);
        w.u32(pending->signedPreKeyId);
        w.u8(pending->oneTimePreKeyId ? 1 : 0);
        w.u32(pending->oneTimePreKeyId.value_or(0));
    }
    ratchet.serialise(w);
    return std::move(w).take();
}

Result<Session> Session::parse(std::span<const std::byte> bytes)
{
    Reader r(bytes, "session record");
    SANDI_ASSIGN(version, r.u8());
    if (version != kSessionRecordVersion) return fail(ErrorCode::Unsupported, "session record: unknown version");
    Session s;
    SANDI_ASSIGN(initiator, r.u8());
    if (initiator > 1) return fail(ErrorCode::InvalidInput, "session record: malformed");
    s.initiator = initiator == 1;
    SANDI_ASSIGN(local, r.key<IdentityPublicKey>());
    SANDI_ASSIGN(remote, r.key<IdentityPublicKey>());
    s.localIdentity = local;
    s.remoteIdentity = remote;
    SANDI_ASSIGN(issuer, r.string(kMaxCertificateNameBytes));
    SANDI_ASSIGN(serial, r.string(kMaxCertificateSerialBytes));
    s.remoteIssuer = std::move(issuer);
    s.remoteSerial = std::move(serial);
    SANDI_ASSIGN(hasPending, r.u8());
    if (hasPending > 1) return fail(ErrorCode::InvalidInput, "session record: malformed");
    if (hasPending == 1) {
        PendingPreKey p;
        SANDI_ASSIGN(id, r.key<IdentityPublicKey>());
        SANDI_ASSIGN(eph, r.key<DhPublicKey>());
        SANDI_ASSIGN(spk, r.u32());
        SANDI_ASSIGN(hasOpk, r.u8());
        SANDI_ASSIGN(opk, r.u32());
        if (hasOpk > 1 || (hasOpk == 0 && opk != 0)) return fail(ErrorCode::InvalidInput, "session record: malformed");
        p.identity = id;
        p.ephemeral = eph;
        p.signedPreKeyId = spk;
        if (hasOpk == 1) p.oneTimePreKeyId = opk;
        s.pending = p;
    }
    SANDI_ASSIGN(ratchet, RatchetState::parse(r));
    s.ratchet = std::move(ratchet);
    SANDI_TRY(r.end());
    return s;
}

Result<Session> initiateSession(const IdentityKeyPair& mine, const CertifiedIdentity& peer, const PreKeyBundle& theirs,
                                crypto::Random& rng)
{
    if (!crypto::constantTimeEqual(peer.identityKey, theirs.identity))
        return fail(ErrorCode::Policy,
                    "the prekey bundle's identity key is not the one the peer's device certificate certifies");
    if (!verifySignature(theirs.identity, signedPreKeyMessage(theirs.signedPreKey), theirs.signedPreKeySignature))
        return fail(ErrorCode::BadSignature, "the signed prekey's signature does not verify with the identity key");
    SANDI_ASSIGN(theirIdentityDh, dhPublicOf(theirs.identity));
    SANDI_ASSIGN(myIdentityDh, mine.dhSecret());
    DhKeyPair ephemeral = DhKeyPair::generate(rng);
    SANDI_ASSIGN(dh1, dh(myIdentityDh, theirs.signedPreKey));
    SANDI_ASSIGN(dh2, dh(ephemeral.secretKey, theirIdentityDh));
    SANDI_ASSIGN(dh3, dh(ephemeral.secretKey, theirs.signedPreKey));
    std::optional<SecretKey> dh4;
    if (theirs.oneTimePreKeyId) {
        SANDI_ASSIGN(d, dh(ephemeral.secretKey, theirs.oneTimePreKey));
        dh4 = std::move(d);
    }
    std::vector<const SecretKey*> parts{&dh1, &dh2, &dh3};
    if (dh4) parts.push_back(&*dh4);
    X3dhKeys keys = deriveX3dh(parts);
    SANDI_ASSIGN(ratchet, ratchetInitAlice(keys.sk, theirs.signedPreKey, keys.hka, keys.nhkb, rng));
    Session s;
    s.ratchet = std::move(ratchet);
    s.localIdentity = mine.publicKey;
    s.remoteIdentity = theirs.identity;
    s.remoteIssuer = peer.issuer;
    s.remoteSerial = peer.serial;
    s.initiator = true;
    s.pending = PendingPreKey{mine.publicKey, ephemeral.publicKey, theirs.signedPreKeyId, theirs.oneTimePreKeyId};
    return s;
}

Result<std::uint8_t> messageType(std::span<const std::byte> message)
{
    if (message.empty()) return fail(ErrorCode::InvalidInput, "empty message");
    const auto t = std::to_integer<std::uint8_t>(message[0]);
    if (t != kMessageTypeRatchet && t != kMessageTypePreKey)
        return fail(ErrorCode::InvalidInput, "unknown message type");
    return t;
}

// The ratchet's associated data: the session's (both identities) and the message's
// envelope (type, and for a first message its X3DH values), so every byte is bound.
Bytes envelopeAd(const Session& s, std::span<const std::byte> envelope)
{
    Bytes ad = s.associatedData(true);
    ad.insert(ad.end(), envelope.begin(), envelope.end());
    return ad;
}

namespace {

Bytes typedPlaintext(ContentType type, std::span<const std::byte> body)
{
    Bytes out;
    out.reserve(1 + body.size());
    out.push_back(static_cast<std::byte>(type));
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

Result<SessionPlaintext> untyped(Bytes plaintext, std::uint32_t lost)
{
    if (plaintext.empty()) return fail(ErrorCode::InvalidInput, "session message: no content type");
    const auto t = std::to_integer<std::uint8_t>(plaintext[0]);
    if (t < static_cast<std::uint8_t>(ContentType::SealedMemo) ||
        t > static_cast<std::uint8_t>(ContentType::GroupChange)) {
        crypto::secureWipe(plaintext);
        return fail(ErrorCode::InvalidInput, "session message: unknown content type " + std::to_string(t));
    }
    SessionPlaintext out{static_cast<ContentType>(t), Bytes(plaintext.begin() + 1, plaintext.end()), lost};
    crypto::secureWipe(plaintext);
    return out;
}

} // namespace

Result<Bytes> sessionEncrypt(Session& s, ContentType type, std::span<const std::byte> body, crypto::Random& rng)
{
    if (body.size() > kMaxBodyBytes) return fail(ErrorCode::InvalidArgument, "message too large");
    Bytes plaintext = typedPlaintext(type, body);
    // ratchetEncrypt checks everything before it changes the state: no copy needed.
    Writer w;
    if (s.pending) {
        w.u8(kMessageTypePreKey);
        w.fixed(s.pending->identity);
        w.fixed(s.pending->ephemeral);
        w.u32(s.pending->signedPreKeyId);
        w.u8(s.pending->oneTimePreKeyId ? 1 : 0);
        w.u32(s.pending->oneTimePreKeyId.value_or(0));
    } else {
        w.u8(kMessageTypeRatchet);
    }
    auto wire = ratchetEncrypt(s.ratchet, plaintext, envelopeAd(s, w.data()), rng);
    crypto::secureWipe(plaintext);
    if (!wire) return fail(std::move(wire).error());
    w.fixed(*wire);
    return std::move(w).take();
}

Result<SessionPlaintext> sessionDecrypt(Session& session, std::span<const std::byte> message, TimePoint now,
                                        crypto::Random& rng)
{
    SANDI_ASSIGN(type, messageType(message));
    std::size_t envelope = 1;
    if (type == kMessageTypePreKey) {
        // Alice's messages carry the X3DH values until Bob answers; they are bound to
        // the ratchet's associated data, and must name the session's peer.
        envelope += kPreKeyEnvelopeBytes - 1;
        if (message.size() < envelope) return fail(ErrorCode::InvalidInput, "prekey message: truncated");
        if (!std::equal(session.remoteIdentity.begin(), session.remoteIdentity.end(), message.begin() + 1))
            return fail(ErrorCode::InvalidInput, "the message's identity is not this session's peer");
    }
    // Decrypted on a copy, kept only if the content type is one we know: a refused
    // message changes nothing (but expired skipped keys, which go in any case).
    dropExpiredSkippedKeys(session.ratchet, now);
    RatchetState next = session.ratchet.clone();
    SANDI_ASSIGN(
        pt, ratchetDecrypt(next, message.subspan(envelope), envelopeAd(session, message.first(envelope)), now, rng));
    SANDI_ASSIGN(out, untyped(std::move(pt.plaintext), pt.lostMessages));
    session.ratchet = std::move(next);
    session.pending.reset(); // the peer answered: it has the session
    return out;
}

Result<Accepted> acceptSession(const IdentityKeyPair& mine, PreKeyStore& prekeys, const IdentityResolver& resolve,
                               std::span<const std::byte> message, TimePoint now, crypto::Random& rng)
{
    SANDI_ASSIGN(type, messageType(message));
    if (type != kMessageTypePreKey) return fail(ErrorCode::InvalidInput, "not a session-starting message");
    Reader r(message.subspan(1), "prekey message");
    SANDI_ASSIGN(theirIdentity, r.key<IdentityPublicKey>());
    SANDI_ASSIGN(ephemeral, r.key<DhPublicKey>());
    SANDI_ASSIGN(spkId, r.u32());
    SANDI_ASSIGN(hasOpk, r.u8());
    SANDI_ASSIGN(opkId, r.u32());
    if (hasOpk > 1 || (hasOpk == 0 && opkId != 0)) return fail(ErrorCode::InvalidInput, "prekey message: malformed");
    const std::span<const std::byte> wire = message.subspan(kPreKeyEnvelopeBytes);

    // Who is this? Only a certified identity starts a session, and nothing is decrypted
    // or changed before that is settled.
    if (!resolve) return fail(ErrorCode::InvalidArgument, "no identity resolver");
    auto certified = resolve(theirIdentity);
    if (!certified) return fail(certified.error().context("the initiator's identity is not certified"));
    if (!crypto::constantTimeEqual(certified->identityKey, theirIdentity))
        return fail(ErrorCode::Policy, "the resolver certified another identity key than the message names");

    const SignedPreKey* spk = prekeys.signedPreKey(spkId);
    if (spk == nullptr) return fail(ErrorCode::NotFound, "unknown signed prekey " + std::to_string(spkId));
    const OneTimePreKey* opk = nullptr;
    if (hasOpk == 1) {
        opk = prekeys.oneTimePreKey(opkId);
        if (opk == nullptr)
            return fail(ErrorCode::NotFound,
                        "one-time prekey " + std::to_string(opkId) + " unknown or already used (a replay?)");
    }
    SANDI_TRY(prekeys.admitInitiation(spkId, ephemeral, opk != nullptr));
    SANDI_ASSIGN(theirIdentityDh, dhPublicOf(theirIdentity));
    SANDI_ASSIGN(myIdentityDh, mine.dhSecret());
    SANDI_ASSIGN(dh1, dh(spk->keyPair.secretKey, theirIdentityDh));
    SANDI_ASSIGN(dh2, dh(myIdentityDh, ephemeral));
    SANDI_ASSIGN(dh3, dh(spk->keyPair.secretKey, ephemeral));
    std::optional<SecretKey> dh4;
    if (opk != nullptr) {
        SANDI_ASSIGN(d, dh(opk->keyPair.secretKey, ephemeral));
        dh4 = std::move(d);
    }
    std::vector<const SecretKey*> parts{&dh1, &dh2, &dh3};
    if (dh4) parts.push_back(&*dh4);
    X3dhKeys keys = deriveX3dh(parts);

    Session s;
    s.ratchet = ratchetInitBob(keys.sk, spk->keyPair.clone(), keys.hka, keys.nhkb);
    s.localIdentity = mine.publicKey;
    s.remoteIdentity = theirIdentity;
    s.remoteIssuer = certified->issuer;
    s.remoteSerial = certified->serial;
    s.initiator = false;
    SANDI_ASSIGN(pt, ratchetDecrypt(s.ratchet, wire, envelopeAd(s, message.first(kPreKeyEnvelopeBytes)), now, rng));
    SANDI_ASSIGN(plaintext, untyped(std::move(pt.plaintext), pt.lostMessages));
    prekeys.rememberInitiation(spkId, ephemeral);
    if (opk != nullptr) prekeys.removeOneTimePreKey(opkId);
    return Accepted{std::move(s), std::move(plaintext)};
}

Status processPreKeyBundle(SessionStore& sessions, const std::string& address, const IdentityKeyPair& mine,
                           const CertifiedIdentity& peer, const PreKeyBundle& bundle, crypto::Random& rng)
{
    SANDI_ASSIGN(session, initiateSession(mine, peer, bundle, rng));
    return sessions.store(address, session);
}

Result<Bytes> encryptMessage(SessionStore& sessions, const std::string& address, ContentType type,
                             std::span<const std::byte> body, crypto::Random& rng)
{
    SANDI_ASSIGN(loaded, sessions.load(address));
    if (!loaded) return fail(ErrorCode::NotFound, "no session with " + address);
    Session session = std::move(*loaded);
    SANDI_ASSIGN(wire, sessionEncrypt(session, type, body, rng));
    SANDI_TRY(sessions.store(address, session)); // persist before send
    return wire;
}

Result<SessionPlaintext> decryptMessage(SessionStore& sessions, const std::string& address, const IdentityKeyPair& mine,
                                        PreKeyStore& prekeys, const IdentityResolver& resolve,
                                        std::span<const std::byte> message, TimePoint now, crypto::Random& rng)
{
    SANDI_ASSIGN(type, messageType(message));
    SANDI_ASSIGN(loaded, sessions.load(address));
    const std::string previousName = previousSessionName(address);
    if (type == kMessageTypeRatchet) {
        if (!loaded) return fail(ErrorCode::NotFound, "no session with " + address);
        Session session = loaded->clone();
        auto pt = sessionDecrypt(session, message, now, rng);
        if (pt) {
            SANDI_TRY(sessions.store(address, session));
            return pt;
        }
        if (pt.error().code != ErrorCode::BadSignature) return fail(std::move(pt).error());
        // Both sides started a session at once, and the peer still writes on the one this
        // side replaced: that earlier session reads it and becomes the current one again.
        SANDI_ASSIGN(previous, sessions.load(previousName));
        if (!previous) return fail(std::move(pt).error());
        Session earlier = std::move(*previous);
        auto again = sessionDecrypt(earlier, message, now, rng);
        if (!again) return fail(std::move(pt).error());
        SANDI_TRY(sessions.store(previousName, *loaded));
        SANDI_TRY(sessions.store(address, earlier));
        return again;
    }
    if (message.size() < kPreKeyEnvelopeBytes) return fail(ErrorCode::InvalidInput, "prekey message: truncated");
    if (loaded) {
        if (!std::equal(loaded->remoteIdentity.begin(), loaded->remoteIdentity.end(), message.begin() + 1))
            return fail(ErrorCode::Policy, "a session-starting message from " + address +
                                               " names another identity than the session's peer");
        // Alice's messages until she hears from Bob: the stored session reads them.
        Session session = loaded->clone();
        auto pt = sessionDecrypt(session, message, now, rng);
        if (pt) {
            SANDI_TRY(sessions.store(address, session));
            return pt;
        }
        // Anything but an authentication failure (a replay, a limit) is the answer.
        if (pt.error().code != ErrorCode::BadSignature) return fail(std::move(pt).error());
        // Not this session's keys: a new session from the same peer (it started over), or
        // a forgery, which X3DH below refuses too without changing anything.
    }
    SANDI_ASSIGN(accepted, acceptSession(mine, prekeys, resolve, message, now, rng));
    // The replaced session is kept (one per peer): if both sides started at once, the
    // peer's next messages may still come on it.
    if (loaded) SANDI_TRY(sessions.store(previousName, *loaded));
    SANDI_TRY(sessions.store(address, accepted.session));
    return std::move(accepted.plaintext);
}

std::string previousSessionName(const std::string& address)
{
    return address + '\x1f' + "previous";
}

} // namespace sandi::e2e
