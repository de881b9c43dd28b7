// SPDX-License-Identifier: GPL-3.0-or-later
// The relay's storage, behind narrow interfaces (messages, prekeys, directory, blobs,
// audit), so that the SQLite default and the PostgreSQL backend of a later issue are
// interchangeable. The relay is stateless apart from what it keeps here.
//
// Threading: a Storage object is used from one thread only (the storage thread of
// StorageExecutor, storage_executor.h), which groups many requests into one
// transaction (group commit). Every method runs inside the transaction the executor
// opened with begin(); nothing is durable before commit() returned.
//
// Times are Unix milliseconds (qint64). Device ids are the relay protocol's (32
// lower-case hex digits, docs/protocol.md "Device ids").
#pragma once

#include "sandi/core/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <span>
#include <vector>

namespace sandi::server {

// One copy of a sent message, for one recipient device.
struct OutgoingCopy {
    QString recipient;  // device id
    QByteArray payload; // the end-to-end ciphertext, opaque to the relay
};

struct StoredMessage {
    quint64 mid = 0;   // the relay's id for this copy, unique, ascending per recipient
    QString recipient; // device id
    QString sender;    // device id
    QString clientId;  // the sender's client message id
    QByteArray payload;
    qint64 receivedAt = 0;
    qint64 expiresAt = 0;
};

struct InsertOutcome {
    bool duplicate = false;    // (sender, clientId) was stored before: nothing new was stored
    std::vector<quint64> mids; // the copies' ids (of the earlier send, for a duplicate), in input order
};

class MessageStore {
  public:
    virtual ~MessageStore() = default;
    // Stores one copy per recipient unless (sender, clientId) was seen before (then
    // returns the earlier ids with duplicate = true, and stores nothing). Refuses the
    // whole send, storing nothing, with Policy if any recipient would then hold more
    // than `maxQueuePerDevice` messages (the error's message names that device).
    // The deduplication record lives as long as the longest-lived copy.
    virtual Result<InsertOutcome> insert(const QString& sender, const QString& clientId,
                                         std::span<const OutgoingCopy> copies, qint64 now, qint64 expiresAt,
                                         qint64 maxQueuePerDevice) = 0;
    // The queued copies for `recipient` with mid > afterMid, ascending, at most `limit`,
    // not expired as of `now`.
    virtual Result<std::vector<StoredMessage>> pending(const QString& recipient, quint64 afterMid, int limit,
                                                       qint64 now) = 0;
    // Deletes the copies `mids` of `recipient`. A mid that exists but belongs to another
    // device fails the whole call with Policy and deletes nothing; unknown mids (already
    // acknowledged or expired) are ignored. Returns how many were deleted.
    virtual Result<int> acknowledge(const QString& recipient, std::span<const quint64> mids) = 0;
    // Deletes copies whose expiresAt <= now (and deduplication records that outlived
    // all their copies). Returns how many copies were deleted.
    virtual Result<int> expire(qint64 now) = 0;
    virtual Result<qint64> queueLength(const QString& recipient) = 0;
    virtual Result<qint64> totalQueued() = 0;
};

struct SignedPreKeyRecord {
    quint32 id = 0;
    QByteArray publicKey; // 32 bytes, X25519
    QByteArray signature; // 64 bytes, Ed25519 by the device's identity key
};

struct OneTimePreKeyRecord {
    quint32 id = 0;
    QByteArray publicKey; // 32 bytes
};

struct PreKeyFetch {
    SignedPreKeyRecord signedPreKey;
    std::optional<OneTimePreKeyRecord> oneTimePreKey; // consumed by this fetch
    qint64 oneTimeRemaining = 0;                      // left after this fetch
};

class PreKeyStore {
  public:
    virtual ~PreKeyStore() = default;
    // Replaces the device's signed prekey (when given) and adds one-time prekeys; an id
    // already stored for the device is replaced. Returns the one-time count afterwards.
    virtual Result<qint64> upload(const QString& device, const std::optional<SignedPreKeyRecord>& signedPreKey,
                                  std::span<const OneTimePreKeyRecord> oneTime) = 0;
    // The signed prekey and one one-time prekey (the lowest id), which is deleted in the
    // same transaction: two fetches never get the same one. NotFound without a signed prekey.
    virtual Result<PreKeyFetch> fetch(const QString& device) = 0;
    virtual Result<qint64> oneTimeCount(const QString& device) = 0;
};

// A device as its certificate describes it (the relay derives the directory from the
// certificates devices present; clients still validate the chain themselves).
struct DeviceRecord {
    QString device;                // device id
    QString nip;                   // subject serialNumber
    QString name;                  // subject CN
    QString position;              // subject title
    QString office;                // subject OU
    std::vector<QByteArray> chain; // DER, leaf first, as presented in the TLS handshake
    qint64 firstSeen = 0;
    qint64 lastSeen = 0;
    qint64 notAfter = 0; // the leaf's notAfter
};

class DirectoryStore {
  public:
    virtual ~DirectoryStore() = default;
    // Inserts or updates (chain, lastSeen and the subject fields; firstSeen kept).
    virtual Status upsert(const DeviceRecord& device) = 0;
    virtual Result<std::optional<DeviceRecord>> device(const QString& device) = 0;
    virtual Result<std::vector<DeviceRecord>> devicesOf(const QString& nip) = 0;
    virtual Result<std::vector<DeviceRecord>> all() = 0; // ordered by office, name, device
    // Forgets a device (revoked): also drops its prekeys and queued messages.
    virtual Status remove(const QString& device) = 0;
};

struct BlobInfo {
    QString blob;        // 32 lower-case hex digits, random
    QString owner;       // the uploading device
    qint64 size = 0;     // declared size
    qint64 received = 0; // bytes stored so far (durable)
    qint64 createdAt = 0;
    qint64 expiresAt = 0;
    [[nodiscard]] bool complete() const noexcept { return received == size; }
};

// Metadata in the database, contents wherever the implementation keeps them (the
// SQLite backend: one file per blob under DATA/blobs/).
class BlobStore {
  public:
    virtual ~BlobStore() = default;
    virtual Status create(const BlobInfo& info) = 0;
    virtual Result<std::optional<BlobInfo>> info(const QString& blob) = 0;
    // Appends `data` at `offset`, which must equal the bytes received so far (Policy
    // otherwise, nothing written); durable (fsync) before it returns. Returns received.
    virtual Result<qint64> append(const QString& blob, qint64 offset, const QByteArray& data) = 0;
    // Reads up to `length` bytes at `offset` of a complete blob.
    virtual Result<QByteArray> read(const QString& blob, qint64 offset, qint64 length) = 0;
    // Sum of declared sizes of the owner's blobs that have not expired.
    virtual Result<qint64> usage(const QString& owner) = 0;
    // Deletes blobs expired as of `now`, and incomplete ones created before
    // `incompleteBefore`. Returns how many.
    virtual Result<int> collect(qint64 now, qint64 incompleteBefore) = 0;
};

struct AuditEntry {
    quint64 seq = 0;     // 1, 2, 3, … without gaps
    qint64 time = 0;     // Unix ms
    QString event;       // e.g. "connect", "refused", "revoked", "limit", "prekeys-exhausted"
    QString device;      // may be empty (a refused handshake has none)
    QString detail;      // never message contents or secrets
    QByteArray previous; // SHA-256 of the previous entry's encoding (32 zero bytes for seq 1)
    QByteArray hash;     // SHA-256 of this entry's encoding (docs/protocol.md, "Audit log")
};

class AuditStore {
  public:
    virtual ~AuditStore() = default;
    // Appends with the next seq, chained to the last entry. Returns the entry stored.
    virtual Result<AuditEntry> append(qint64 time, const QString& event, const QString& device,
                                      const QString& detail) = 0;
    virtual Result<std::vector<AuditEntry>> entries(quint64 fromSeq, int limit) = 0;
};

// One backend: the five stores and their transaction.
class Storage {
  public:
    virtual ~Storage() = default;
    virtual Status begin() = 0;  // a write transaction
    virtual Status commit() = 0; // durable when it returns (one fsync for the whole batch)
    virtual void rollback() = 0;
    // A savepoint inside the transaction, so one failing request of a batch does not
    // undo the others.
    virtual Status savepoint() = 0;
    virtual Status releaseSavepoint() = 0;
    virtual void rollbackToSavepoint() = 0;

    virtual MessageStore& messages() = 0;
    virtual PreKeyStore& prekeys() = 0;
    virtual DirectoryStore& directory() = 0;
    virtual BlobStore& blobs() = 0;
    virtual AuditStore& audit() = 0;
};

// The encoding an audit entry's hash covers, shared by every backend and by
// `sandi-relay audit-verify`: u64 seq ‖ i64 time ‖ str event ‖ str device ‖ str detail ‖
// previous (32), integers big-endian, str = u32 length ‖ UTF-8.
QByteArray auditEntryEncoding(const AuditEntry& entry);
QByteArray auditEntryHash(const AuditEntry& entry);

// Checks a sequence of entries from seq 1: every hash, every link, no gap. Returns the
// number of entries, or an error naming the first bad seq.
Result<quint64> verifyAuditChain(const std::vector<AuditEntry>& entries);

} // namespace sandi::server
