// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/e2e/group.h"

#include <sodium.h>

namespace sandi::e2e {
namespace {

constexpr std::string_view kInfoGroup = "Sandi sender message keys v2";

// key ‖ nonce ‖ commit_key = HKDF(salt = the message's random salt, ikm = mk): a sender
// key restored from a backup that reuses an iteration still draws a fresh key and nonce.
struct MessageKeys {
    std::array<std::byte, kAeadKeyBytes + kAeadNonceBytes + kCommitKeyBytes> bytes{};
    ~MessageKeys() { crypto::secureWipe(bytes); }
    [[nodiscard]] std::span<const std::byte> key() const { return std::span(bytes).first(kAeadKeyBytes); }
    [[nodiscard]] std::span<const std::byte> nonce() const
    {
        return std::span(bytes).subspan(kAeadKeyBytes, kAeadNonceBytes);
    }
    [[nodiscard]] std::span<const std::byte> commitKey() const
    {
        return std::span(bytes).subspan(kAeadKeyBytes + kAeadNonceBytes);
    }
};

void messageKeys(const MessageKey& mk, std::span<const std::byte> salt, MessageKeys& out)
{
    hkdfSha256(salt, mk.bytes(), kInfoGroup, out.bytes);
}

} // namespace

SenderKeyState SenderKeyState::clone() const
{
    SenderKeyState c{senderIdentity,
                     keyId,
                     chainKey.clone(),
                     iteration,
                     signingPublic,
                     signingSeed ? std::optional<SecretKey>(signingSeed->clone()) : std::nullopt,
                     {}};
    for (const auto& [i, k] : skipped)
        c.skipped.emplace(i, Skipped{k.messageKey.clone(), k.storedAt});
    return c;
}

void SenderKeyState::serialise(Writer& w) const
{
    w.u8(kSenderKeyRecordVersion);
    w.fixed(senderIdentity);
    w.u32(keyId);
    w.fixed(chainKey.bytes());
    w.u32(iteration);
    w.fixed(signingPublic);
    w.u8(signingSeed ? 1 : 0);
    if (signingSeed) w.fixed(signingSeed->bytes());
    w.u32(static_cast<std::uint32_t>(skipped.size()));
    for (const auto& [i, k] : skipped) {
        w.u32(i);
        w.fixed(k.messageKey.bytes());
        w.u64(static_cast<std::uint64_t>(k.storedAt));
    }
}

Result<SenderKeyState> SenderKeyState::parse(Reader& r)
{
    SANDI_ASSIGN(version, r.u8());
    if (version != kSenderKeyRecordVersion) return fail(ErrorCode::Unsupported, "sender key record: unknown version");
    SenderKeyState s;
    SANDI_ASSIGN(sender, r.key<IdentityPublicKey>());
    s.senderIdentity = sender;
    SANDI_ASSIGN(keyId, r.u32());
    SANDI_ASSIGN(chain, r.fixed(kSecretKeyBytes));
    SANDI_ASSIGN(iteration, r.u32());
    SANDI_ASSIGN(pub, r.key<SigningPublicKey>());
    SANDI_ASSIGN(hasSeed, r.u8());
    s.keyId = keyId;
    s.chainKey = ChainKey::fromBytes(chain);
    s.iteration = iteration;
    s.signingPublic = pub;
    if (hasSeed > 1) return fail(ErrorCode::InvalidInput, "sender key record: malformed");
    if (hasSeed == 1) {
        SANDI_ASSIGN(seed, r.fixed(kSecretKeyBytes));
        s.signingSeed = SecretKey::fromBytes(seed);
    }
    SANDI_ASSIGN(count, r.u32());
    if (count > kMaxSkippedKeys) return fail(ErrorCode::InvalidInput, "sender key record: too many skipped keys");
    for (std::uint32_t n = 0; n < count; ++n) {
        SANDI_ASSIGN(i, r.u32());
        SANDI_ASSIGN(k, r.fixed(kSecretKeyBytes));
        SANDI_ASSIGN(at, r.u64());
        // Skipped iterations lie behind the chain, strictly ascending (one encoding).
        if (i >= s.iteration || (!s.skipped.empty() && s.skipped.rbegin()->first >= i))
            return fail(ErrorCode::InvalidInput, "sender key record: skipped keys out of order");
        s.skipped.emplace_hint(s.skipped.end(), i, Skipped{MessageKey::fromBytes(k), static_cast<std::int64_t>(at)});
    }
    return s;
}

std::string senderKeyRecordName(std::string_view group, std::string_view sender)
{
    if (group.size() > UINT16_MAX || sender.size() > UINT16_MAX) std::abort(); // programmer error: ids are short
    std::string name;
    for (std::string_view part : {group, sender}) {
        name += static_cast<char>(part.size() >> 8U);
        name += static_cast<char>(part.size() & 0xFFU);
        name += part;
    }
    return name;
}

Result<SenderKeyState> parseSenderKeyRecord(std::span<const std::byte> record)
{
    Reader r(record, "sender key record");
    SANDI_ASSIGN(s, SenderKeyState::parse(r));
    SANDI_TRY(r.end());
    return s;
}

Bytes senderKeyRecord(const SenderKeyState& state)
{
    Writer w;
    state.serialise(w);
    return std::move(w).take();
}

Result<std::optional<SenderKeyState>> InMemorySenderKeyStore::load(const std::string& group,
                                                                   const std::string& sender) const
{
    const auto it = m_records.find(senderKeyRecordName(group, sender));
    if (it == m_records.end()) return std::optional<SenderKeyState>{};
    SANDI_ASSIGN(s, parseSenderKeyRecord(it->second));
    return std::optional<SenderKeyState>(std::move(s));
}

Status InMemorySenderKeyStore::store(const std::string& group, const std::string& sender, const SenderKeyState& state)
{
    m_records[senderKeyRecordName(group, sender)] = senderKeyRecord(state);
    return {};
}

SenderKeyState createSenderKey(const IdentityPublicKey& myIdentity, crypto::Random& rng)
{
    SenderKeyState s;
    s.senderIdentity = myIdentity;
    std::array<std::byte, 4> id{};
    rng.fill(id);
    s.keyId = (std::to_integer<std::uint32_t>(id[0]) << 24U) | (std::to_integer<std::uint32_t>(id[1]) << 16U) |
              (std::to_integer<std::uint32_t>(id[2]) << 8U) | std::to_integer<std::uint32_t>(id[3]);
    s.chainKey = ChainKey::random(rng);
    IdentityKeyPair signing = IdentityKeyPair::generate(rng);
    s.signingPublic = SigningPublicKey::fromBytes(signing.publicKey.bytes()); // an Ed25519 key pair in the signing role
    s.signingSeed = std::move(signing.seed);
    return s;
}

Bytes senderKeyDistribution(std::string_view groupId, const SenderKeyState& mine)
{
    Writer w;
    w.u8(kGroupMessageVersion);
    w.string(groupId);
    w.fixed(mine.senderIdentity);
    w.u32(mine.keyId);
    w.u32(mine.iteration);
    w.fixed(mine.chainKey.bytes());
    w.fixed(mine.signingPublic);
    return std::move(w).take();
}

Result<Distributed> processSenderKeyDistribution(const Session& from, std::span<const std::byte> message)
{
    if (message.size() > kMaxDistributionBytes)
        return fail(ErrorCode::InvalidInput, "sender key distribution: too large");
    Reader r(message, "sender key distribution");
    SANDI_ASSIGN(version, r.u8());
    if (version != kGroupMessageVersion)
        return fail(ErrorCode::Unsupported, "sender key distribution: unknown version");
    SANDI_ASSIGN(groupId, r.string(kMaxGroupIdBytes));
    SANDI_ASSIGN(sender, r.key<IdentityPublicKey>());
    if (!crypto::constantTimeEqual(sender, from.remoteIdentity))
        return fail(ErrorCode::Policy, "sender key distribution: names another identity than the session's peer");
    SANDI_ASSIGN(keyId, r.u32());
    SANDI_ASSIGN(iteration, r.u32());
    SANDI_ASSIGN(chain, r.fixed(kSecretKeyBytes));
    SANDI_ASSIGN(pub, r.key<SigningPublicKey>());
    SANDI_TRY(r.end());
    Distributed d;
    d.groupId = std::move(groupId);
    d.state.senderIdentity = sender;
    d.state.keyId = keyId;
    d.state.iteration = iteration;
    d.state.chainKey = ChainKey::fromBytes(chain);
    d.state.signingPublic = pub;
    return d;
}

Result<Bytes> groupEncrypt(SenderKeyState& mine, std::string_view groupId, std::span<const std::byte> plaintext,
                           crypto::Random& rng)
{
    if (!mine.signingSeed) return fail(ErrorCode::InvalidArgument, "not this device's own sender key");
    if (plaintext.size() > kMaxPlaintextBytes) return fail(ErrorCode::InvalidArgument, "message too large");
    if (groupId.size() > kMaxGroupIdBytes) return fail(ErrorCode::InvalidArgument, "group id too long");
    SenderKeyState s = mine.clone();
    const std::uint32_t iteration = s.iteration;
    MessageKey mk = chainStep(s.chainKey);
    ++s.iteration;
    std::array<std::byte, kGroupSaltBytes> salt{};
    rng.fill(salt);
    MessageKeys keys;
    messageKeys(mk, salt, keys);
    const auto commitment = hmacSha256(keys.commitKey(), plaintext);
    Writer w;
    w.u8(kGroupMessageVersion);
    w.string(groupId);
    w.fixed(s.senderIdentity);
    w.u32(s.keyId);
    w.u32(iteration);
    w.fixed(salt);
    w.fixed(commitment);
    const Bytes ct = aeadEncrypt(keys.key(), keys.nonce(), w.data(), plaintext);
    w.bytes(ct);
    SANDI_ASSIGN(signer, IdentityKeyPair::fromSeed(s.signingSeed->bytes()));
    const Signature sig = signer.sign(w.data());
    w.fixed(sig);
    mine = std::move(s);
    return std::move(w).take();
}

void dropExpiredSkippedKeys(SenderKeyState& state, TimePoint now)
{
    const auto limit =
        std::chrono::duration_cast<std::chrono::seconds>((now - kSkippedKeyLifetime).time_since_epoch()).count();
    std::erase_if(state.skipped, [&](const auto& entry) { return entry.second.storedAt < limit; });
}

Result<Bytes> groupDecrypt(SenderKeyState& theirs, std::string_view groupId, std::span<const std::byte> message,
                           TimePoint now)
{
    if (message.size() < kSignatureBytes) return fail(ErrorCode::InvalidInput, "group message: truncated");
    if (message.size() > kMaxGroupMessageBytes)
        return fail(ErrorCode::InvalidInput, "group message: larger than allowed");
    const auto signedPart = message.first(message.size() - kSignatureBytes);
    Signature sig{};
    std::copy(message.end() - kSignatureBytes, message.end(), sig.begin());
    if (!verifySignature(theirs.signingPublic, signedPart, sig))
        return fail(ErrorCode::BadSignature, "group message: not signed by this sender's group key");
    Reader r(signedPart, "group message");
    SANDI_ASSIGN(version, r.u8());
    if (version != kGroupMessageVersion) return fail(ErrorCode::Unsupported, "group message: unknown version");
    SANDI_ASSIGN(gid, r.string(kMaxGroupIdBytes));
    SANDI_ASSIGN(sender, r.key<IdentityPublicKey>());
    SANDI_ASSIGN(keyId, r.u32());
    SANDI_ASSIGN(iteration, r.u32());
    SANDI_ASSIGN(salt, r.array<kGroupSaltBytes>());
    SANDI_ASSIGN(commitment, r.array<kCommitmentBytes>());
    const std::size_t headerLen = signedPart.size() - r.remaining();
    SANDI_ASSIGN(ct, r.bytes(kMaxPlaintextBytes + kAeadTagBytes));
    SANDI_TRY(r.end());
    if (gid != groupId) return fail(ErrorCode::InvalidInput, "group message: for another group");
    if (!crypto::constantTimeEqual(sender, theirs.senderIdentity))
        return fail(ErrorCode::Policy, "group message: from another sender than this sender key's");
    if (keyId != theirs.keyId) return fail(ErrorCode::NotFound, "group message: unknown sender key (re-keyed?)");

    dropExpiredSkippedKeys(theirs, now); // read or not
    SenderKeyState s = theirs.clone();
    MessageKey mk;
    if (iteration < s.iteration) {
        auto it = s.skipped.find(iteration);
        if (it == s.skipped.end()) return fail(ErrorCode::InvalidInput, "duplicate or replayed group message");
        mk = std::move(it->second.messageKey);
        s.skipped.erase(it);
    } else {
        if (iteration - s.iteration > kMaxSkip) return fail(ErrorCode::Policy, "group message too far ahead");
        const auto storedAt = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
        while (s.iteration < iteration) {
            s.skipped.emplace(s.iteration, SenderKeyState::Skipped{chainStep(s.chainKey), storedAt});
            ++s.iteration;
        }
        while (s.skipped.size() > kMaxSkippedKeys)
            s.skipped.erase(s.skipped.begin());
        mk = chainStep(s.chainKey);
        ++s.iteration;
    }
    MessageKeys keys;
    messageKeys(mk, salt, keys);
    SANDI_ASSIGN(pt, aeadDecrypt(keys.key(), keys.nonce(), signedPart.first(headerLen), ct));
    // The commitment binds the plaintext (AEADs are not key-committing): checked in
    // constant time, and nothing is returned or changed unless it matches.
    auto expected = hmacSha256(keys.commitKey(), pt);
    const bool same = crypto::constantTimeEqual(expected, commitment);
    crypto::secureWipe(expected);
    if (!same) {
        crypto::secureWipe(pt);
        return fail(ErrorCode::BadSignature, "group message: the plaintext does not match its commitment");
    }
    theirs = std::move(s);
    return pt;
}

} // namespace sandi::e2e
