// SPDX-License-Identifier: GPL-3.0-or-later
// X3DH (Signal's specification) and 1:1 sessions over the header-encrypted Double
// Ratchet. Sessions are plain records serialised in one versioned format; the
// stores are interfaces, with in-memory versions for tests.
#pragma once

#include "sandi/e2e/certified_identity.h"
#include "sandi/e2e/ratchet.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace sandi::e2e {

inline constexpr std::uint8_t kSessionRecordVersion = 2;
inline constexpr std::uint8_t kMessageTypeRatchet = 1;
inline constexpr std::uint8_t kMessageTypePreKey = 2;
inline constexpr std::uint8_t kBundleVersion = 1;
inline constexpr std::size_t kMaxBundleBytes = 1024; // a prekey bundle from the directory

// The first byte of every pairwise plaintext: what the rest is. Decoders refuse others.
enum class ContentType : std::uint8_t {
    SealedMemo = 1,            // SealedMemo::encode()
    SenderKeyDistribution = 2, // senderKeyDistribution()
    Receipt = 3,               // a delivery or read receipt (defined by the client)
    GroupChange = 4,           // a signed group membership change (defined by the client)
};
inline constexpr std::size_t kMaxBodyBytes = kMaxPlaintextBytes - 1; // the content type takes one byte

// A decrypted pairwise message.
struct SessionPlaintext {
    ContentType type = ContentType::SealedMemo;
    Bytes body;
    // Messages of the peer's previous chain abandoned at this step (RatchetPlaintext).
    std::uint32_t lostMessages = 0;
};

struct SignedPreKey {
    std::uint32_t id = 0;
    DhKeyPair keyPair;
    Signature signature{};
    std::int64_t createdAt = 0;
};

struct OneTimePreKey {
    std::uint32_t id = 0;
    DhKeyPair keyPair;
};

// What a device publishes (through the relay's directory) so others can start sessions.
struct PreKeyBundle {
    IdentityPublicKey identity{}; // Ed25519, as bound by the device certificate
    std::uint32_t signedPreKeyId = 0;
    DhPublicKey signedPreKey{};
    Signature signedPreKeySignature{};
    std::optional<std::uint32_t> oneTimePreKeyId;
    DhPublicKey oneTimePreKey{};

    [[nodiscard]] Bytes encode() const;
    static Result<PreKeyBundle> decode(std::span<const std::byte> bytes);
};

SignedPreKey makeSignedPreKey(const IdentityKeyPair& identity, std::uint32_t id, crypto::Random& rng, TimePoint now);
// The bytes the identity key signs: "Sandi signed prekey v1" ‖ key.
Bytes signedPreKeyMessage(const DhPublicKey& key);

// The initiator keeps the X3DH values on its messages until the first answer arrives.
struct PendingPreKey {
    IdentityPublicKey identity{};
    DhPublicKey ephemeral{};
    std::uint32_t signedPreKeyId = 0;
    std::optional<std::uint32_t> oneTimePreKeyId;
};

struct Session {
    RatchetState ratchet;
    IdentityPublicKey localIdentity{};
    IdentityPublicKey remoteIdentity{};
    // The peer's device certificate, as checked when the session started: its issuer
    // (RFC 2253) and serial number (hex). A client re-checks revocation by them.
    std::string remoteIssuer;
    std::string remoteSerial;
    std::optional<PendingPreKey> pending;

    [[nodiscard]] Bytes associatedData(bool initiatorFirst) const;
    bool initiator = false;

    [[nodiscard]] Session clone() const;
    [[nodiscard]] Bytes serialise() const;
    static Result<Session> parse(std::span<const std::byte> bytes);
};

// This device's identity.
class IdentityStore {
  public:
    virtual ~IdentityStore() = default;
    [[nodiscard]] virtual const IdentityKeyPair& identity() const = 0;
};

class InMemoryIdentityStore final : public IdentityStore {
  public:
    explicit InMemoryIdentityStore(IdentityKeyPair identity) : m_identity(std::move(identity)) {}
    [[nodiscard]] const IdentityKeyPair& identity() const override { return m_identity; }

  private:
    IdentityKeyPair m_identity;
};

// First messages accepted, as (signed prekey id, EK_A), ordered: a replayed first message
// is refused even when it used no one-time prekey. Bounded by kMaxSeenInitiations.
using SeenInitiations = std::set<std::pair<std::uint32_t, DhPublicKey>>;
inline constexpr std::size_t kMaxSeenInitiations = 100'000;
// From here on the owner should publish a new signed prekey and retire the old one
// (PreKeyStore::shouldRotateSignedPreKey), before first messages start being refused.
inline constexpr std::size_t kSeenInitiationsRotateAt = 90'000;

class PreKeyStore {
  public:
    virtual ~PreKeyStore() = default;
    virtual const SignedPreKey* signedPreKey(std::uint32_t id) const = 0;
    virtual const OneTimePreKey* oneTimePreKey(std::uint32_t id) const = 0;
    virtual void removeOneTimePreKey(std::uint32_t id) = 0;
    // The remembered first messages (across restarts too, as long as the signed prekey lives).
    virtual SeenInitiations& seenInitiations() = 0;
    [[nodiscard]] virtual const SeenInitiations& seenInitiations() const = 0;

    // Whether a first message (EK_A against signed prekey `signedPreKeyId`) may be
    // accepted, checked before it is decrypted: fails for a replay (InvalidInput) and,
    // when kMaxSeenInitiations are remembered, for one without a one-time prekey
    // (Policy: rotate the signed prekey). Entries of a live signed prekey are never
    // evicted; those of retired signed prekeys are dropped here when the set is full.
    [[nodiscard]] Status admitInitiation(std::uint32_t signedPreKeyId, const DhPublicKey& ephemeral,
                                         bool usesOneTimePreKey);
    // Records an accepted first message. When full (only a message with a one-time
    // prekey gets here then), nothing is recorded: the spent one-time prekey refuses a replay.
    void rememberInitiation(std::uint32_t signedPreKeyId, const DhPublicKey& ephemeral);
    // True once kSeenInitiationsRotateAt first messages are remembered.
    [[nodiscard]] bool shouldRotateSignedPreKey() const { return seenInitiations().size() >= kSeenInitiationsRotateAt; }
    // Drops the entries of signed prekeys this store no longer holds (one look-up per
    // distinct signed prekey id, not per entry).
    void forgetRetiredInitiations();
};

class InMemoryPreKeyStore final : public PreKeyStore {
  public:
    void addSignedPreKey(SignedPreKey key) { m_signed[key.id] = std::move(key); }
    void removeSignedPreKey(std::uint32_t id) { m_signed.erase(id); }
    void addOneTimePreKey(OneTimePreKey key) { m_oneTime[key.id] = std::move(key); }
    const SignedPreKey* signedPreKey(std::uint32_t id) const override;
    const OneTimePreKey* oneTimePreKey(std::uint32_t id) const override;
    void removeOneTimePreKey(std::uint32_t id) override { m_oneTime.erase(id); }
    SeenInitiations& seenInitiations() override { return m_seen; }
    [[nodiscard]] const SeenInitiations& seenInitiations() const override { return m_seen; }
    [[nodiscard]] std::size_t oneTimePreKeyCount() const noexcept { return m_oneTime.size(); }

  private:
    std::map<std::uint32_t, SignedPreKey> m_signed;
    std::map<std::uint32_t, OneTimePreKey> m_oneTime;
    SeenInitiations m_seen;
};

// Sessions by peer address. Both calls are atomic: a record is replaced whole or not at
// all (and, for a persistent store, is durable when store() returns).
class SessionStore {
  public:
    virtual ~SessionStore() = default;
    // std::nullopt: no session for this address; an error: there is a record but it
    // cannot be read (corrupt: InvalidInput/Unsupported; or I/O).
    [[nodiscard]] virtual Result<std::optional<Session>> load(const std::string& address) const = 0;
    [[nodiscard]] virtual Status store(const std::string& address, const Session& session) = 0;
};

class InMemorySessionStore final : public SessionStore {
  public:
    [[nodiscard]] Result<std::optional<Session>> load(const std::string& address) const override;
    [[nodiscard]] Status store(const std::string& address, const Session& session) override;

  private:
    std::map<std::string, Bytes> m_records; // serialised, as a real store keeps them
};

// Alice: X3DH with Bob's bundle. `peer` is Bob's certified identity (from his device
// certificate); a bundle whose identity key is not the certified one is refused, and
// the signed prekey's signature is checked against the certified key.
Result<Session> initiateSession(const IdentityKeyPair& mine, const CertifiedIdentity& peer, const PreKeyBundle& theirs,
                                crypto::Random& rng);
// Bob: from Alice's first message. `resolve` maps the identity key the message names to
// a certified identity or refuses; it is called before anything is decrypted or any
// state (one-time prekeys, remembered first messages) changes. Returns the session and
// the first plaintext; the one-time prekey is deleted only once the message has been
// decrypted.
struct Accepted {
    Session session;
    SessionPlaintext plaintext;
};
Result<Accepted> acceptSession(const IdentityKeyPair& mine, PreKeyStore& prekeys, const IdentityResolver& resolve,
                               std::span<const std::byte> message, TimePoint now, crypto::Random& rng);

// Both: on an established session. Transactional (a failure leaves `session` as it was).
// The plaintext is `u8 type ‖ body`.
Result<Bytes> sessionEncrypt(Session& session, ContentType type, std::span<const std::byte> body, crypto::Random& rng);
Result<SessionPlaintext> sessionDecrypt(Session& session, std::span<const std::byte> message, TimePoint now,
                                        crypto::Random& rng);

// Where decryptMessage keeps the session an X3DH replaced: the address, U+001F, "previous".
std::string previousSessionName(const std::string& address);

// The message type (first byte), for routing a message to acceptSession or sessionDecrypt.
Result<std::uint8_t> messageType(std::span<const std::byte> message);

// The session cipher over a SessionStore (libsignal's message_encrypt/message_decrypt):
// each call loads the session, advances it and stores it, and hands out its result only
// after the store succeeded (persist before send; a message is never returned from a
// state that was not saved). Use these; the functions above are their building blocks.

// Starts a session with `peer` (certified) from its bundle and stores it for `address`,
// replacing any earlier one.
[[nodiscard]] Status processPreKeyBundle(SessionStore& sessions, const std::string& address,
                                         const IdentityKeyPair& mine, const CertifiedIdentity& peer,
                                         const PreKeyBundle& bundle, crypto::Random& rng);
[[nodiscard]] Result<Bytes> encryptMessage(SessionStore& sessions, const std::string& address, ContentType type,
                                           std::span<const std::byte> body, crypto::Random& rng);
// Routes by type (docs/protocol.md, "Routing"): a type-1 message needs the stored session
// (NotFound otherwise); a type-2 message goes to the stored session if it is one with the
// identity it names and decrypts there, else to X3DH (acceptSession, with `prekeys` and
// `resolve`), whose new session replaces the stored one once the message authenticated.
// A type-2 message naming another identity than the stored session's peer is refused
// (Policy): the application deletes the session first if the peer really changed.
//
// A session replaced by X3DH is kept under previousSessionName(address); a type-1
// message the current session cannot authenticate is tried on it, and if it reads there
// it becomes the current session again (the two swap). So two devices that start
// sessions with each other at the same time lose no message and converge on one session.
[[nodiscard]] Result<SessionPlaintext>
decryptMessage(SessionStore& sessions, const std::string& address, const IdentityKeyPair& mine, PreKeyStore& prekeys,
               const IdentityResolver& resolve, std::span<const std::byte> message, TimePoint now, crypto::Random& rng);

} // namespace sandi::e2e
