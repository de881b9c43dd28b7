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
    PublicKey identity{};                // Ed25519, as bound by the device certificate
    std::uint32_t signedPreKeyId = 0;
    PublicKey signedPreKey{};
    Signature signedPreKeySignature{};
    std::optional<std::uint32_t> oneTimePreKeyId;
    PublicKey oneTimePreKey{};

    [[nodiscard]] Bytes encode() const;
    static Result<PreKeyBundle> decode(std::span<const std::byte> bytes);
};

SignedPreKey makeSignedPreKey(const IdentityKeyPair& identity, std::uint32_t id, crypto::Random& rng, TimePoint now);
// The bytes the identity key signs: "Sandi signed prekey v1" ‖ key.
Bytes signedPreKeyMessage(const PublicKey& key);

// The initiator keeps the X3DH values on its messages until the first answer arrives.
struct PendingPreKey {
    PublicKey identity{};
    PublicKey ephemeral{};
    std::uint32_t signedPreKeyId = 0;
    std::optional<std::uint32_t> oneTimePreKeyId;
};

struct Session {
    RatchetState ratchet;
    PublicKey localIdentity{};
    PublicKey remoteIdentity{};
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

class PreKeyStore {
public:
    virtual ~PreKeyStore() = default;
    virtual const SignedPreKey* signedPreKey(std::uint32_t id) const = 0;
    virtual const OneTimePreKey* oneTimePreKey(std::uint32_t id) const = 0;
    virtual void removeOneTimePreKey(std::uint32_t id) = 0;
    // Records the initiator's ephemeral key, accepted against signed prekey
    // `signedPreKeyId`; false if it was seen before (a replayed first message, which
    // matters when no one-time prekey was used). A store keeps these as long as the
    // signed prekey: across restarts too.
    virtual bool rememberInitiation(std::uint32_t signedPreKeyId, const PublicKey& ephemeral) = 0;
};

class InMemoryPreKeyStore final : public PreKeyStore {
public:
    void addSignedPreKey(SignedPreKey key) { m_signed[key.id] = std::move(key); }
    void addOneTimePreKey(OneTimePreKey key) { m_oneTime[key.id] = std::move(key); }
    const SignedPreKey* signedPreKey(std::uint32_t id) const override;
    const OneTimePreKey* oneTimePreKey(std::uint32_t id) const override;
    void removeOneTimePreKey(std::uint32_t id) override { m_oneTime.erase(id); }
    bool rememberInitiation(std::uint32_t signedPreKeyId, const PublicKey& ephemeral) override
    {
        return m_seen.emplace(signedPreKeyId, ephemeral).second;
    }
    [[nodiscard]] std::size_t oneTimePreKeyCount() const noexcept { return m_oneTime.size(); }

private:
    std::map<std::uint32_t, SignedPreKey> m_signed;
    std::map<std::uint32_t, OneTimePreKey> m_oneTime;
    std::set<std::pair<std::uint32_t, PublicKey>> m_seen;
};

class SessionStore {
public:
    virtual ~SessionStore() = default;
    virtual std::optional<Session> load(const std::string& address) const = 0;
    virtual void store(const std::string& address, const Session& session) = 0;
};

class InMemorySessionStore final : public SessionStore {
public:
    std::optional<Session> load(const std::string& address) const override;
    void store(const std::string& address, const Session& session) override { m_records[address] = session.serialise(); }

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
    Bytes plaintext;
};
Result<Accepted> acceptSession(const IdentityKeyPair& mine, PreKeyStore& prekeys, const IdentityResolver& resolve,
                               std::span<const std::byte> message, TimePoint now, crypto::Random& rng);

// Both: on an established session. Transactional (a failure leaves `session` as it was).
Result<Bytes> sessionEncrypt(Session& session, std::span<const std::byte> plaintext, crypto::Random& rng);
Result<Bytes> sessionDecrypt(Session& session, std::span<const std::byte> message, TimePoint now, crypto::Random& rng);

// The message type (first byte), for routing a message to acceptSession or sessionDecrypt.
Result<std::uint8_t> messageType(std::span<const std::byte> message);

} // namespace sandi::e2e
