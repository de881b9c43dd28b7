// SPDX-License-Identifier: GPL-3.0-or-later
// Groups with sender keys: each member has a chain key and an Ed25519 signing key
// for the group, distributed to the other members over the pairwise sessions. A
// group message is encrypted once with the sender's next message key and signed.
// When a member leaves or is removed, everyone makes a new sender key and gives
// it only to those who remain: the removed member cannot read what follows.
#pragma once

#include "sandi/e2e/ratchet.h"
#include "sandi/e2e/session.h"

#include <map>
#include <string>

namespace sandi::e2e {

inline constexpr std::uint8_t kGroupMessageVersion = 2; // group messages (protocol version 2)
inline constexpr std::size_t kGroupSaltBytes = 24;      // random, per message: the HKDF salt of its keys
inline constexpr std::size_t kCommitKeyBytes = 32;
inline constexpr std::size_t kCommitmentBytes = 32; // HMAC-SHA-256(commit_key, plaintext)
inline constexpr std::size_t kMaxGroupIdBytes = 64;
// version ‖ string group id ‖ sender identity ‖ key id ‖ iteration ‖ chain key ‖ signing public key
inline constexpr std::size_t kMaxDistributionBytes =
    1 + 4 + kMaxGroupIdBytes + kPublicKeyBytes + 4 + 4 + kSecretKeyBytes + kPublicKeyBytes;
// version ‖ string group id ‖ sender identity ‖ key id ‖ iteration ‖ salt ‖ commitment ‖
// bytes ciphertext ‖ signature: checked before the signature is.
inline constexpr std::size_t kMaxGroupMessageBytes = 1 + 4 + kMaxGroupIdBytes + kPublicKeyBytes + 4 + 4 +
                                                     kGroupSaltBytes + kCommitmentBytes + 4 + kMaxPlaintextBytes +
                                                     kAeadTagBytes + kSignatureBytes;

inline constexpr std::uint8_t kSenderKeyRecordVersion = 2;

struct SenderKeyState {
    // The Ed25519 identity key of the device that owns this sender key: for a received
    // one, the certified peer of the pairwise session the distribution came over.
    IdentityPublicKey senderIdentity{};
    std::uint32_t keyId = 0;
    ChainKey chainKey;
    std::uint32_t iteration = 0;
    SigningPublicKey signingPublic{};
    std::optional<SecretKey> signingSeed; // only in the sender's own state
    struct Skipped {
        MessageKey messageKey;
        std::int64_t storedAt = 0; // seconds since the epoch; gone after kSkippedKeyLifetime
    };
    std::map<std::uint32_t, Skipped> skipped; // iteration → key, at most kMaxSkippedKeys

    [[nodiscard]] SenderKeyState clone() const;
    void serialise(Writer& w) const;
    static Result<SenderKeyState> parse(Reader& r);
};

// The name a store keeps a sender key under: u16 length ‖ group id ‖ u16 length ‖
// sender address (big-endian lengths), so no two (group, sender) pairs share a name.
std::string senderKeyRecordName(std::string_view group, std::string_view sender);

// Sender keys by group and sender device ("" for this device's own). Atomic, like
// SessionStore; load tells an absent record (std::nullopt) from an unreadable one (error).
class SenderKeyStore {
  public:
    virtual ~SenderKeyStore() = default;
    [[nodiscard]] virtual Result<std::optional<SenderKeyState>> load(const std::string& group,
                                                                     const std::string& sender) const = 0;
    [[nodiscard]] virtual Status store(const std::string& group, const std::string& sender,
                                       const SenderKeyState& state) = 0;
    [[nodiscard]] virtual Status remove(const std::string& group, const std::string& sender) = 0;
};

class InMemorySenderKeyStore final : public SenderKeyStore {
  public:
    [[nodiscard]] Result<std::optional<SenderKeyState>> load(const std::string& group,
                                                             const std::string& sender) const override;
    [[nodiscard]] Status store(const std::string& group, const std::string& sender,
                               const SenderKeyState& state) override;
    [[nodiscard]] Status remove(const std::string& group, const std::string& sender) override
    {
        m_records.erase(senderKeyRecordName(group, sender));
        return {};
    }

  private:
    std::map<std::string, Bytes> m_records; // serialised, as a real store keeps them
};

// A sender key record (SenderKeyState::serialise), whole: trailing bytes are refused.
Result<SenderKeyState> parseSenderKeyRecord(std::span<const std::byte> record);
Bytes senderKeyRecord(const SenderKeyState& state);

// A new sender key for this device (identity key `myIdentity`) in a group.
SenderKeyState createSenderKey(const IdentityPublicKey& myIdentity, crypto::Random& rng);
// What the other members receive (inside pairwise session messages): group id, the
// sender's identity key, key id, iteration, chain key and signing public key.
Bytes senderKeyDistribution(std::string_view groupId, const SenderKeyState& mine);
struct Distributed {
    std::string groupId;
    SenderKeyState state;
};
// `from` is the pairwise session the distribution arrived on: a distribution naming
// another identity than that session's (certified) peer is refused.
Result<Distributed> processSenderKeyDistribution(const Session& from, std::span<const std::byte> message);

// The key, nonce and commitment key come from the next message key and a random salt
// drawn from `rng`, so a rolled-back state never reuses a keystream.
Result<Bytes> groupEncrypt(SenderKeyState& mine, std::string_view groupId, std::span<const std::byte> plaintext,
                           crypto::Random& rng);
// Transactional (except that expired skipped keys go first); replays, messages signed
// by another key, naming another sender identity than the distribution's, or whose
// plaintext does not match its commitment fail.
Result<Bytes> groupDecrypt(SenderKeyState& theirs, std::string_view groupId, std::span<const std::byte> message,
                           TimePoint now);
// Deletes skipped keys older than kSkippedKeyLifetime (a store calls it before saving).
void dropExpiredSkippedKeys(SenderKeyState& state, TimePoint now);

} // namespace sandi::e2e
