// SPDX-License-Identifier: GPL-3.0-or-later
// The Double Ratchet with header encryption (Signal's specification, section 4),
// as plain state and free functions. docs/protocol.md gives every label and layout.
#pragma once

#include "sandi/core/time.h"
#include "sandi/e2e/primitives.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace sandi::e2e {

using crypto::TimePoint;

inline constexpr std::uint8_t kRatchetVersion = 2;      // the ratchet message's version byte (protocol version 2)
inline constexpr std::uint8_t kRatchetStateVersion = 1; // the ratchet state record
inline constexpr std::uint32_t kMaxSkip = 1000;         // messages skipped in one chain step
inline constexpr std::size_t kMaxSkippedKeys = 2000;    // stored skipped message keys, oldest dropped
inline constexpr std::chrono::hours kSkippedKeyLifetime{24 * 30}; // then deleted, read or not
inline constexpr std::size_t kMaxPlaintextBytes = 1 << 20;        // 1 MiB per message (attachments go separately)
inline constexpr std::size_t kHeaderBytes = kPublicKeyBytes + 4 + 4;
inline constexpr std::size_t kEncryptedHeaderBytes = kAeadNonceBytes + kHeaderBytes + kAeadTagBytes;

struct SkippedMessageKey {
    HeaderKey headerKey;
    std::uint32_t n = 0;
    MessageKey messageKey;
    std::int64_t storedAt = 0; // seconds since the epoch
};

struct RatchetState {
    DhKeyPair dhs;
    std::optional<DhPublicKey> dhr;
    RootKey rk;
    std::optional<ChainKey> cks, ckr;
    std::optional<HeaderKey> hks, hkr;
    HeaderKey nhks, nhkr;
    std::uint32_t ns = 0, nr = 0, pn = 0;
    std::vector<SkippedMessageKey> skipped;

    [[nodiscard]] RatchetState clone() const;
    void serialise(Writer& w) const;
    static Result<RatchetState> parse(Reader& r);
};

// RatchetInitAliceHE / RatchetInitBobHE.
Result<RatchetState> ratchetInitAlice(const RootKey& sk, const DhPublicKey& bobRatchetKey, const HeaderKey& sharedHka,
                                      const HeaderKey& sharedNhkb, crypto::Random& rng);
RatchetState ratchetInitBob(const RootKey& sk, DhKeyPair bobRatchetKeyPair, const HeaderKey& sharedHka,
                            const HeaderKey& sharedNhkb);

// What a decryption yields.
struct RatchetPlaintext {
    Bytes plaintext;
    // Messages of the peer's previous sending chain given up at this DH ratchet step
    // because more than kMaxSkip of them were missing: their keys are never derived and
    // they can never be read. Non-zero means the session lost messages: the application
    // should say so to the user, and may re-initialise the session.
    std::uint32_t lostMessages = 0;
};

// Wire: version (1) ‖ encrypted header (80) ‖ ciphertext. `ad` is bound to both.
Result<Bytes> ratchetEncrypt(RatchetState& state, std::span<const std::byte> plaintext, std::span<const std::byte> ad,
                             crypto::Random& rng);
// Deletes the skipped message keys older than kSkippedKeyLifetime. ratchetDecrypt does it
// first (even when the message then fails); a store also calls it before saving, so
// keys expire on a session that receives nothing more.
void dropExpiredSkippedKeys(RatchetState& state, TimePoint now);
// Transactional: on any failure `state` is unchanged, except that expired skipped keys
// are gone. Replays and duplicates fail. A counter jump of more than kMaxSkip within the
// current receiving chain is refused; the same gap in the previous chain at a DH
// ratchet step abandons that chain's rest (RatchetPlaintext::lostMessages).
Result<RatchetPlaintext> ratchetDecrypt(RatchetState& state, std::span<const std::byte> message,
                                        std::span<const std::byte> ad, TimePoint now, crypto::Random& rng);

// Test-visible: how many header decryptions this thread has tried (a measure of the work
// one message can cause; tests check it stays bounded).
[[nodiscard]] std::uint64_t headerDecryptionsTried() noexcept;

} // namespace sandi::e2e
