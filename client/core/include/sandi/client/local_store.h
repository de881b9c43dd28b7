// SPDX-License-Identifier: GPL-3.0-or-later
// The client's local history: one SQLCipher database per account (STORE/history.db),
// keyed with a 32-byte key derived from the key store (Account::historyKey), so the
// file is unreadable without the passphrase. Holds the decrypted memos (and a full-text
// index over them), the outbox (persist-before-send), the inbox's deduplication
// records, the memo ids already opened (replay refusal), receipts, groups and the
// directory cache. Nothing decrypted is written anywhere else.
//
// Debian 12's SQLCipher (3.4) has FTS3/FTS4 but not FTS5: the index is FTS4.
//
// Used from one thread. Every mutating call is one transaction, durable when it returns.
#pragma once

#include "sandi/core/result.h"
#include "sandi/core/secure_buffer.h"
#include "sandi/e2e/memo.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace sandi::client {

inline constexpr int kLocalStoreSchemaVersion = 1;
inline constexpr std::size_t kHistoryKeyBytes = 32;
inline constexpr std::size_t kMaxSearchTextBytes = 1024; // search(): longer text is InvalidArgument

enum class Direction : std::uint8_t { Incoming = 0, Outgoing = 1 };
enum class DeliveryState : std::uint8_t { Queued = 0, Accepted = 1, Delivered = 2, Read = 3 };

struct StoredAttachment {
    int index = 0;
    std::string name;
    std::string mediaType;
    std::string blobId;
    std::uint64_t size = 0;
    crypto::SecureBuffer keyMaterial; // e2e AttachmentKey encoded (key ‖ header ‖ sha256 ‖ size)
};

struct StoredMemo {
    std::string id; // memo id, 32 lower-case hex digits (SealedMemo::memoId)
    Direction direction = Direction::Incoming;
    std::string peerNip;                 // the sender's NIP (incoming) or "" (outgoing)
    std::string peerDevice;              // the sending device id (incoming)
    std::vector<std::string> recipients; // NIPs (outgoing), or the group name prefixed "group:"
    std::string group;                   // group name, "" for a direct memo
    std::string classification;          // "B", "T", "R", "SR"
    std::string urgency;                 // "biasa", "segera", "sangat-segera"
    std::string nomor, dari, tanggal, lampiran, hal, body;
    std::vector<std::string> kepada, tembusan;
    std::string signerName, signerPosition, signerNip;
    bool signedMemo = false;
    std::string verdict;                         // "valid", "invalid: …", "unsigned"
    std::int64_t receivedAt = 0;                 // Unix ms (incoming: when stored; outgoing: when composed)
    std::optional<std::int64_t> expiresAt;       // Unix seconds
    std::optional<std::int64_t> readAt;          // Unix ms, this device read it
    DeliveryState state = DeliveryState::Queued; // outgoing: the best receipt seen
    std::vector<std::uint8_t> sealed;            // the SealedMemo bytes (signature included): export
    std::vector<StoredAttachment> attachments;
};

// A send waiting for the relay's "accepted": the ciphertexts, made (and the session
// states saved) before the first attempt, so a retry sends the same bytes with the
// same client id.
struct OutboxEntry {
    std::string clientId;
    std::string memoId; // "" for a receipt or a control message
    std::int64_t createdAt = 0;
    std::int64_t expiresAt = 0;                                            // Unix ms
    std::vector<std::pair<std::string, std::vector<std::uint8_t>>> copies; // (device id, ciphertext)
    int attempts = 0;
};

struct GroupRecord {
    std::string name;
    std::string owner;                // NIP of the creator
    std::vector<std::string> members; // NIPs, sorted
    std::uint64_t version = 0;        // increases with every change
};

class LocalStore final {
  public:
    // Opens or creates STORE/history.db. A wrong key → WrongPassphrase; a damaged file
    // → InvalidInput; a schema newer than this binary → Unsupported. Never deletes data.
    static Result<LocalStore> open(const std::filesystem::path& file, const crypto::SecureBuffer& key);
    LocalStore(LocalStore&&) noexcept;
    LocalStore& operator=(LocalStore&&) noexcept;
    ~LocalStore();

    // History.
    Status putMemo(const StoredMemo& memo); // AlreadyExists if the id is stored
    Result<std::optional<StoredMemo>> memo(const std::string& id);
    // Newest first; `limit` 0 = all.
    Result<std::vector<StoredMemo>> memos(int limit = 0);
    Status markRead(const std::string& id, std::int64_t at);
    Status setDeliveryState(const std::string& id, DeliveryState state); // only raises
    // Full-text search over hal, body, nomor, dari and the peer's NIP; newest first.
    // Every whitespace-separated part of `text` is a phrase whose last word may be a
    // prefix; all parts must match. FTS operators and quotes in `text` are plain text.
    Result<std::vector<StoredMemo>> search(const std::string& text, int limit = 100);
    Result<int> deleteExpired(std::int64_t nowSeconds);

    // Inbox deduplication: (sender device, client id) pairs already processed.
    Result<bool> seenDelivery(const std::string& senderDevice, const std::string& clientId);
    Status rememberDelivery(const std::string& senderDevice, const std::string& clientId, std::int64_t at);
    // Stores an incoming memo and its delivery record in one transaction.
    Status putIncoming(const StoredMemo& memo, const std::string& senderDevice, const std::string& clientId);

    // The MemoIdStore for e2e::openSealedMemo, over this database.
    [[nodiscard]] e2e::MemoIdStore& memoIds();

    // Outbox.
    Status enqueue(const OutboxEntry& entry);  // AlreadyExists for a known client id
    Result<std::vector<OutboxEntry>> outbox(); // oldest first
    Status outboxAttempted(const std::string& clientId);
    Status outboxDone(const std::string& clientId); // accepted by the relay: removed

    // Groups.
    Status putGroup(const GroupRecord& group); // insert or replace (version must not go down: Policy)
    Result<std::optional<GroupRecord>> group(const std::string& name);
    Result<std::vector<GroupRecord>> groups();

    // Small key/value settings (last seen relay state, etc.), never secrets.
    Status setSetting(const std::string& key, const std::string& value);
    Result<std::optional<std::string>> setting(const std::string& key);

  private:
    struct Impl;
    explicit LocalStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace sandi::client
