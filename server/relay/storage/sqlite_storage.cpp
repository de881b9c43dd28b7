// SPDX-License-Identifier: GPL-3.0-or-later
// SQLite backend (sqlite_storage.h). Every statement is prepared with bound values;
// QtSql's errors become ErrorCode::Io with the driver's text (never a bound value, so
// never a payload). Blob contents live in files the database does not cover: they are
// fsync()ed before append() returns and deleted only after the deleting transaction
// committed.
#include "sqlite_storage.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>
#include <QtEndian>

#include <algorithm>
#include <cerrno>
#include <limits>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sandi::server {

namespace {

constexpr qsizetype kHashBytes = 32;   // SHA-256, the audit chain's links
constexpr qsizetype kBlobIdChars = 32; // 128 random bits in lower-case hex
constexpr qsizetype kMidBytes = 8;     // one mid in a deduplication record
constexpr qsizetype kChainLengthBytes = 4;
constexpr qint64 kMaxSqlInteger = std::numeric_limits<qint64>::max();

// Version 1 of the schema. Portable SQL: the PostgreSQL backend differs only in types
// (BYTEA for BLOB, BIGINT for the INTEGER keys, which are SQLite's 64-bit rowids here).
// Message ids come from `counters`, not from the database's auto-increment, so they are
// never reused and are known in input order.
constexpr const char* kSchemaV1[] = {
    "CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
    "INSERT INTO counters (name, value) VALUES ('mid', 0)",
    "CREATE TABLE messages (mid INTEGER PRIMARY KEY, recipient TEXT NOT NULL, sender TEXT NOT NULL,"
    " client_id TEXT NOT NULL, payload BLOB NOT NULL, received_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)",
    "CREATE INDEX messages_by_recipient ON messages (recipient, mid)",
    "CREATE INDEX messages_by_expiry ON messages (expires_at)",
    "CREATE TABLE sends (sender TEXT NOT NULL, client_id TEXT NOT NULL, expires_at BIGINT NOT NULL,"
    " mids BLOB NOT NULL, PRIMARY KEY (sender, client_id))",
    "CREATE INDEX sends_by_expiry ON sends (expires_at)",
    "CREATE TABLE signed_prekeys (device TEXT PRIMARY KEY, id BIGINT NOT NULL, public_key BLOB NOT NULL,"
    " signature BLOB NOT NULL)",
    "CREATE TABLE one_time_prekeys (device TEXT NOT NULL, id BIGINT NOT NULL, public_key BLOB NOT NULL,"
    " PRIMARY KEY (device, id))",
    "CREATE TABLE devices (device TEXT PRIMARY KEY, nip TEXT NOT NULL, name TEXT NOT NULL, position TEXT NOT NULL,"
    " office TEXT NOT NULL, chain BLOB NOT NULL, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL,"
    " not_after BIGINT NOT NULL)",
    "CREATE INDEX devices_by_nip ON devices (nip)",
    "CREATE TABLE blobs (blob TEXT PRIMARY KEY, owner TEXT NOT NULL, size BIGINT NOT NULL, received BIGINT NOT NULL,"
    " created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)",
    "CREATE INDEX blobs_by_owner ON blobs (owner)",
    "CREATE INDEX blobs_by_expiry ON blobs (expires_at)",
    "CREATE TABLE audit (seq INTEGER PRIMARY KEY, time BIGINT NOT NULL, event TEXT NOT NULL, device TEXT NOT NULL,"
    " detail TEXT NOT NULL, previous BLOB NOT NULL, hash BLOB NOT NULL)",
};

std::string str(const QString& s)
{
    return s.toStdString();
}

Unexpected<Error> sqlFailure(std::string_view what, const QSqlError& error)
{
    return fail(ErrorCode::Io, std::string(what) + ": " + str(error.text()));
}

Unexpected<Error> osFailure(const std::string& what, int err)
{
    return fail(ErrorCode::Io, what + ": " + std::generic_category().message(err));
}

// QtSql binds a null QString or QByteArray as SQL NULL; the columns are NOT NULL and
// an empty value is a value.
QVariant text(const QString& s)
{
    return s.isNull() ? QVariant(QString::fromLatin1("")) : QVariant(s);
}
QVariant blob(const QByteArray& b)
{
    return b.isNull() ? QVariant(QByteArray("")) : QVariant(b);
}
QVariant integer(qint64 v)
{
    return QVariant(static_cast<qlonglong>(v));
}

// Prepared statements kept for reuse, by SQL text.
using StatementPool = QHash<QString, std::vector<QSqlQuery>>;

// A prepared statement lent out by SqliteStorage::Statements: it goes back to the pool,
// reset, when this is destroyed, so no statement stays active past its use.
class Statement final {
  public:
    Statement(QSqlQuery query, QString sql, StatementPool& pool)
        : m_query(std::move(query)), m_sql(std::move(sql)), m_pool(&pool)
    {
    }
    Statement(Statement&& other) noexcept
        : m_query(std::move(other.m_query)), m_sql(std::move(other.m_sql)), m_pool(std::exchange(other.m_pool, nullptr))
    {
    }
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement()
    {
        if (m_pool == nullptr) return;
        m_query.finish();
        (*m_pool)[m_sql].push_back(std::move(m_query));
    }
    bool next() { return m_query.next(); }
    [[nodiscard]] QVariant value(int column) const { return m_query.value(column); }
    void finish() { m_query.finish(); }
    [[nodiscard]] int numRowsAffected() const { return m_query.numRowsAffected(); }

  private:
    QSqlQuery m_query;
    QString m_sql;
    StatementPool* m_pool;
};

} // namespace

// Prepared statements by SQL text, reused: preparing (parsing and planning) was most of
// the cost of the relay's small statements. A statement is lent to one caller at a
// time; the same SQL run while it is lent out gets a statement of its own.
class SqliteStorage::Statements final {
  public:
    explicit Statements(const QSqlDatabase& db) : m_db(db) {}
    Statements(const Statements&) = delete;
    Statements& operator=(const Statements&) = delete;
    ~Statements() = default;

    // Prepares `sql` (or reuses it), binds `values` in order and executes it.
    Result<Statement> run(const QString& sql, const QVariantList& values, std::string_view what)
    {
        std::vector<QSqlQuery>& idle = m_idle[sql];
        std::optional<QSqlQuery> q;
        if (!idle.empty()) {
            q.emplace(std::move(idle.back()));
            idle.pop_back();
        } else {
            q.emplace(m_db);
            q->setForwardOnly(true);
            if (!q->prepare(sql)) return sqlFailure(what, q->lastError());
        }
        for (qsizetype i = 0; i < values.size(); ++i)
            q->bindValue(static_cast<int>(i), values[i]);
        const bool ok = q->exec();
        const QSqlError error = ok ? QSqlError() : q->lastError();
        Statement statement(std::move(*q), sql, m_idle);
        if (!ok) return sqlFailure(what, error); // the statement goes back, reset
        return statement;
    }

    // The first column of the first row (0 without a row, or for NULL).
    Result<qint64> scalar(const QString& sql, const QVariantList& values, std::string_view what)
    {
        SANDI_ASSIGN(q, run(sql, values, what));
        if (!q.next()) return qint64{0};
        return static_cast<qint64>(q.value(0).toLongLong());
    }

    Result<int> changed(const QString& sql, const QVariantList& values, std::string_view what)
    {
        SANDI_ASSIGN(q, run(sql, values, what));
        return std::max(0, q.numRowsAffected());
    }

  private:
    const QSqlDatabase& m_db;
    StatementPool m_idle;
};

namespace {

QByteArray encodeMids(const std::vector<quint64>& mids)
{
    QByteArray out(static_cast<qsizetype>(mids.size()) * kMidBytes, Qt::Uninitialized);
    for (std::size_t i = 0; i < mids.size(); ++i)
        qToBigEndian(mids[i], out.data() + static_cast<qsizetype>(i) * kMidBytes);
    return out;
}

Result<std::vector<quint64>> decodeMids(const QByteArray& bytes)
{
    if (bytes.size() % kMidBytes != 0) return fail(ErrorCode::InvalidInput, "corrupt deduplication record");
    std::vector<quint64> mids;
    for (qsizetype at = 0; at < bytes.size(); at += kMidBytes)
        mids.push_back(qFromBigEndian<quint64>(bytes.constData() + at));
    return mids;
}

// The certificate chain: each DER prefixed by its u32 big-endian length.
QByteArray encodeChain(const std::vector<QByteArray>& chain)
{
    QByteArray out;
    for (const QByteArray& der : chain) {
        char length[kChainLengthBytes];
        qToBigEndian(static_cast<quint32>(der.size()), length);
        out.append(length, kChainLengthBytes);
        out.append(der);
    }
    return out;
}

Result<std::vector<QByteArray>> decodeChain(const QByteArray& bytes)
{
    std::vector<QByteArray> chain;
    qsizetype at = 0;
    while (at < bytes.size()) {
        if (bytes.size() - at < kChainLengthBytes) return fail(ErrorCode::InvalidInput, "corrupt certificate chain");
        const auto length = static_cast<qsizetype>(qFromBigEndian<quint32>(bytes.constData() + at));
        at += kChainLengthBytes;
        if (bytes.size() - at < length) return fail(ErrorCode::InvalidInput, "corrupt certificate chain");
        chain.push_back(bytes.mid(at, length));
        at += length;
    }
    return chain;
}

bool isBlobId(const QString& id)
{
    if (id.size() != kBlobIdChars) return false;
    return std::all_of(id.begin(), id.end(), [](QChar c) {
        return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'));
    });
}

// A file descriptor closed on scope exit.
class Fd {
  public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd()
    {
        if (m_fd >= 0) ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    [[nodiscard]] int get() const { return m_fd; }
    [[nodiscard]] bool valid() const { return m_fd >= 0; }

  private:
    int m_fd;
};

Status fsyncDirectory(const QString& dir)
{
    const Fd fd(::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) return osFailure("opening the blob directory", errno);
    if (::fsync(fd.get()) != 0) return osFailure("syncing the blob directory", errno);
    return {};
}

Result<StoredMessage> messageFrom(const Statement& q)
{
    StoredMessage m;
    m.mid = static_cast<quint64>(q.value(0).toLongLong());
    m.recipient = q.value(1).toString();
    m.sender = q.value(2).toString();
    m.clientId = q.value(3).toString();
    m.payload = q.value(4).toByteArray();
    m.receivedAt = q.value(5).toLongLong();
    m.expiresAt = q.value(6).toLongLong();
    return m;
}

constexpr const char* kDeviceColumns = "device, nip, name, position, office, chain, first_seen, last_seen, not_after";

Result<DeviceRecord> deviceFrom(const Statement& q)
{
    DeviceRecord d;
    d.device = q.value(0).toString();
    d.nip = q.value(1).toString();
    d.name = q.value(2).toString();
    d.position = q.value(3).toString();
    d.office = q.value(4).toString();
    SANDI_ASSIGN(chain, decodeChain(q.value(5).toByteArray()));
    d.chain = std::move(chain);
    d.firstSeen = q.value(6).toLongLong();
    d.lastSeen = q.value(7).toLongLong();
    d.notAfter = q.value(8).toLongLong();
    return d;
}

Result<BlobInfo> blobFrom(const Statement& q)
{
    BlobInfo b;
    b.blob = q.value(0).toString();
    b.owner = q.value(1).toString();
    b.size = q.value(2).toLongLong();
    b.received = q.value(3).toLongLong();
    b.createdAt = q.value(4).toLongLong();
    b.expiresAt = q.value(5).toLongLong();
    return b;
}

} // namespace

// ---- messages ---------------------------------------------------------------------

class SqliteStorage::Messages final : public MessageStore {
  public:
    explicit Messages(SqliteStorage& storage) : m_s(storage) {}

    // NOLINTBEGIN(bugprone-easily-swappable-parameters): MessageStore's signature
    Result<InsertOutcome> insert(const QString& sender, const QString& clientId, std::span<const OutgoingCopy> copies,
                                 qint64 now, qint64 expiresAt, qint64 maxQueuePerDevice) override
    // NOLINTEND(bugprone-easily-swappable-parameters)
    {
        Statements& sql = *m_s.m_statements;
        if (copies.empty()) return fail(ErrorCode::InvalidArgument, "a send needs at least one copy");

        // Deduplication first: a retried send is answered with the first one's ids.
        {
            SANDI_ASSIGN(previous, sql.run(QStringLiteral("SELECT expires_at, mids FROM sends WHERE sender = ? AND "
                                                          "client_id = ?"),
                                           {text(sender), text(clientId)}, "reading a deduplication record"));
            if (previous.next()) {
                if (previous.value(0).toLongLong() > now) {
                    SANDI_ASSIGN(mids, decodeMids(previous.value(1).toByteArray()));
                    return InsertOutcome{true, std::move(mids)};
                }
                // Outlived its copies, not yet expired by expire(): a new send.
                previous.finish();
                SANDI_TRY(sql.run(QStringLiteral("DELETE FROM sends WHERE sender = ? AND client_id = ?"),
                                  {text(sender), text(clientId)}, "deleting a deduplication record"));
            }
        }

        // The queue limit, per recipient, before anything is stored.
        QHash<QString, qint64> adding;
        std::vector<QString> order;
        for (const OutgoingCopy& copy : copies) {
            if (!adding.contains(copy.recipient)) order.push_back(copy.recipient);
            ++adding[copy.recipient];
        }
        for (const QString& recipient : order) {
            SANDI_ASSIGN(queued, sql.scalar(QStringLiteral(
                                                "SELECT COUNT(*) FROM messages WHERE recipient = ? AND expires_at > ?"),
                                            {text(recipient), integer(now)}, "counting a queue"));
            if (queued + adding.value(recipient) > maxQueuePerDevice) {
                return fail(ErrorCode::Policy, "the queue of device " + str(recipient) + " is full (" +
                                                   std::to_string(queued) + " queued, limit " +
                                                   std::to_string(maxQueuePerDevice) + ")");
            }
        }

        // Ids in input order from the counter (never reused, unlike a rowid).
        const auto count = static_cast<qint64>(copies.size());
        SANDI_TRY(sql.run(QStringLiteral("UPDATE counters SET value = value + ? WHERE name = ?"),
                          {integer(count), text(QStringLiteral("mid"))}, "allocating message ids"));
        SANDI_ASSIGN(last, sql.scalar(QStringLiteral("SELECT value FROM counters WHERE name = ?"),
                                      {text(QStringLiteral("mid"))}, "allocating message ids"));
        InsertOutcome outcome;
        for (qint64 i = 0; i < count; ++i) {
            const qint64 mid = last - count + 1 + i;
            const OutgoingCopy& copy = copies[static_cast<std::size_t>(i)];
            SANDI_TRY(
                sql.run(QStringLiteral("INSERT INTO messages (mid, recipient, sender, client_id, payload, received_at,"
                                       " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                        {integer(mid), text(copy.recipient), text(sender), text(clientId), blob(copy.payload),
                         integer(now), integer(expiresAt)},
                        "storing a message"));
            outcome.mids.push_back(static_cast<quint64>(mid));
        }
        SANDI_TRY(sql.run(QStringLiteral("INSERT INTO sends (sender, client_id, expires_at, mids) VALUES (?, ?, ?, ?)"),
                          {text(sender), text(clientId), integer(expiresAt), blob(encodeMids(outcome.mids))},
                          "storing a deduplication record"));
        return outcome;
    }

    Result<std::vector<StoredMessage>> pending(const QString& recipient, quint64 afterMid, int limit,
                                               qint64 now) override
    {
        std::vector<StoredMessage> out;
        if (limit <= 0 || afterMid >= static_cast<quint64>(kMaxSqlInteger)) return out;
        SANDI_ASSIGN(q, m_s.m_statements->run(
                            QStringLiteral("SELECT mid, recipient, sender, client_id, payload, received_at, expires_at"
                                           " FROM messages WHERE recipient = ? AND mid > ? AND expires_at > ?"
                                           " ORDER BY mid LIMIT ?"),
                            {text(recipient), integer(static_cast<qint64>(afterMid)), integer(now), integer(limit)},
                            "reading a queue"));
        while (q.next()) {
            SANDI_ASSIGN(m, messageFrom(q));
            out.push_back(std::move(m));
        }
        return out;
    }

    Result<int> acknowledge(const QString& recipient, std::span<const quint64> mids) override
    {
        Statements& sql = *m_s.m_statements;
        // Every mid checked before any is deleted.
        for (const quint64 mid : mids) {
            if (mid > static_cast<quint64>(kMaxSqlInteger)) continue; // never allocated
            SANDI_ASSIGN(q, sql.run(QStringLiteral("SELECT recipient FROM messages WHERE mid = ?"),
                                    {integer(static_cast<qint64>(mid))}, "reading a message"));
            if (q.next() && q.value(0).toString() != recipient) {
                return fail(ErrorCode::Policy,
                            "message " + std::to_string(mid) + " is not queued for device " + str(recipient));
            }
        }
        int deleted = 0;
        for (const quint64 mid : mids) {
            if (mid > static_cast<quint64>(kMaxSqlInteger)) continue;
            SANDI_ASSIGN(n, sql.changed(QStringLiteral("DELETE FROM messages WHERE mid = ? AND recipient = ?"),
                                        {integer(static_cast<qint64>(mid)), text(recipient)}, "deleting a message"));
            deleted += n;
        }
        return deleted;
    }

    Result<int> expire(qint64 now) override
    {
        SANDI_ASSIGN(deleted, m_s.m_statements->changed(QStringLiteral("DELETE FROM messages WHERE expires_at <= ?"),
                                                        {integer(now)}, "expiring messages"));
        SANDI_TRY(m_s.m_statements->run(QStringLiteral("DELETE FROM sends WHERE expires_at <= ?"), {integer(now)},
                                        "expiring deduplication records"));
        return deleted;
    }

    Result<qint64> queueLength(const QString& recipient) override
    {
        return m_s.m_statements->scalar(QStringLiteral("SELECT COUNT(*) FROM messages WHERE recipient = ?"),
                                        {text(recipient)}, "counting a queue");
    }

    Result<qint64> totalQueued() override
    {
        return m_s.m_statements->scalar(QStringLiteral("SELECT COUNT(*) FROM messages"), {},
                                        "counting queued messages");
    }

  private:
    SqliteStorage& m_s;
};

// ---- prekeys ----------------------------------------------------------------------

class SqliteStorage::PreKeys final : public PreKeyStore {
  public:
    explicit PreKeys(SqliteStorage& storage) : m_s(storage) {}

    Result<qint64> upload(const QString& device, const std::optional<SignedPreKeyRecord>& signedPreKey,
                          std::span<const OneTimePreKeyRecord> oneTime) override
    {
        Statements& sql = *m_s.m_statements;
        if (signedPreKey) {
            SANDI_TRY(sql.run(QStringLiteral("DELETE FROM signed_prekeys WHERE device = ?"), {text(device)},
                              "replacing a signed prekey"));
            SANDI_TRY(sql.run(
                QStringLiteral("INSERT INTO signed_prekeys (device, id, public_key, signature)"
                               " VALUES (?, ?, ?, ?)"),
                {text(device), integer(signedPreKey->id), blob(signedPreKey->publicKey), blob(signedPreKey->signature)},
                "storing a signed prekey"));
        }
        for (const OneTimePreKeyRecord& key : oneTime) {
            SANDI_TRY(sql.run(QStringLiteral("DELETE FROM one_time_prekeys WHERE device = ? AND id = ?"),
                              {text(device), integer(key.id)}, "replacing a one-time prekey"));
            SANDI_TRY(sql.run(QStringLiteral("INSERT INTO one_time_prekeys (device, id, public_key) VALUES (?, ?, ?)"),
                              {text(device), integer(key.id), blob(key.publicKey)}, "storing a one-time prekey"));
        }
        return oneTimeCount(device);
    }

    Result<PreKeyFetch> fetch(const QString& device) override
    {
        Statements& sql = *m_s.m_statements;
        PreKeyFetch out;
        {
            SANDI_ASSIGN(
                q, sql.run(QStringLiteral("SELECT id, public_key, signature FROM signed_prekeys WHERE device = ?"),
                           {text(device)}, "reading a signed prekey"));
            if (!q.next()) return fail(ErrorCode::NotFound, "device " + str(device) + " has no signed prekey");
            out.signedPreKey.id = static_cast<quint32>(q.value(0).toLongLong());
            out.signedPreKey.publicKey = q.value(1).toByteArray();
            out.signedPreKey.signature = q.value(2).toByteArray();
        }
        {
            SANDI_ASSIGN(q, sql.run(QStringLiteral("SELECT id, public_key FROM one_time_prekeys WHERE device = ?"
                                                   " ORDER BY id LIMIT 1"),
                                    {text(device)}, "reading a one-time prekey"));
            if (q.next()) {
                OneTimePreKeyRecord key;
                key.id = static_cast<quint32>(q.value(0).toLongLong());
                key.publicKey = q.value(1).toByteArray();
                q.finish();
                SANDI_TRY(sql.run(QStringLiteral("DELETE FROM one_time_prekeys WHERE device = ? AND id = ?"),
                                  {text(device), integer(key.id)}, "consuming a one-time prekey"));
                out.oneTimePreKey = std::move(key);
            }
        }
        SANDI_ASSIGN(remaining, oneTimeCount(device));
        out.oneTimeRemaining = remaining;
        return out;
    }

    Result<qint64> oneTimeCount(const QString& device) override
    {
        return m_s.m_statements->scalar(QStringLiteral("SELECT COUNT(*) FROM one_time_prekeys WHERE device = ?"),
                                        {text(device)}, "counting one-time prekeys");
    }

  private:
    SqliteStorage& m_s;
};

// ---- directory --------------------------------------------------------------------

class SqliteStorage::Directory final : public DirectoryStore {
  public:
    explicit Directory(SqliteStorage& storage) : m_s(storage) {}

    Status upsert(const DeviceRecord& d) override
    {
        Statements& sql = *m_s.m_statements;
        SANDI_ASSIGN(known, sql.scalar(QStringLiteral("SELECT COUNT(*) FROM devices WHERE device = ?"),
                                       {text(d.device)}, "reading a device"));
        if (known > 0) {
            SANDI_TRY(
                sql.run(QStringLiteral("UPDATE devices SET nip = ?, name = ?, position = ?, office = ?, chain = ?,"
                                       " last_seen = ?, not_after = ? WHERE device = ?"),
                        {text(d.nip), text(d.name), text(d.position), text(d.office), blob(encodeChain(d.chain)),
                         integer(d.lastSeen), integer(d.notAfter), text(d.device)},
                        "updating a device"));
            return {};
        }
        SANDI_TRY(sql.run(QStringLiteral("INSERT INTO devices (") + QLatin1String(kDeviceColumns) +
                              QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                          {text(d.device), text(d.nip), text(d.name), text(d.position), text(d.office),
                           blob(encodeChain(d.chain)), integer(d.firstSeen), integer(d.lastSeen), integer(d.notAfter)},
                          "storing a device"));
        return {};
    }

    Result<std::optional<DeviceRecord>> device(const QString& device) override
    {
        SANDI_ASSIGN(list, select(QStringLiteral("WHERE device = ?"), {text(device)}));
        if (list.empty()) return std::optional<DeviceRecord>{};
        return std::optional<DeviceRecord>{std::move(list.front())};
    }

    Result<std::vector<DeviceRecord>> devicesOf(const QString& nip) override
    {
        return select(QStringLiteral("WHERE nip = ? ORDER BY device"), {text(nip)});
    }

    Result<std::vector<DeviceRecord>> all() override
    {
        return select(QStringLiteral("ORDER BY office, name, device"), {});
    }

    Status remove(const QString& device) override
    {
        Statements& sql = *m_s.m_statements;
        SANDI_TRY(sql.run(QStringLiteral("DELETE FROM one_time_prekeys WHERE device = ?"), {text(device)},
                          "deleting a device's one-time prekeys"));
        SANDI_TRY(sql.run(QStringLiteral("DELETE FROM signed_prekeys WHERE device = ?"), {text(device)},
                          "deleting a device's signed prekey"));
        SANDI_TRY(sql.run(QStringLiteral("DELETE FROM messages WHERE recipient = ?"), {text(device)},
                          "deleting a device's queue"));
        SANDI_TRY(sql.run(QStringLiteral("DELETE FROM devices WHERE device = ?"), {text(device)}, "deleting a device"));
        return {};
    }

  private:
    Result<std::vector<DeviceRecord>> select(const QString& tail, const QVariantList& values)
    {
        SANDI_ASSIGN(q, m_s.m_statements->run(QStringLiteral("SELECT ") + QLatin1String(kDeviceColumns) +
                                                  QStringLiteral(" FROM devices ") + tail,
                                              values, "reading devices"));
        std::vector<DeviceRecord> out;
        while (q.next()) {
            SANDI_ASSIGN(d, deviceFrom(q));
            out.push_back(std::move(d));
        }
        return out;
    }

    SqliteStorage& m_s;
};

// ---- blobs ------------------------------------------------------------------------

class SqliteStorage::Blobs final : public BlobStore {
  public:
    explicit Blobs(SqliteStorage& storage) : m_s(storage) {}

    Status create(const BlobInfo& info) override
    {
        if (!isBlobId(info.blob)) return fail(ErrorCode::InvalidArgument, "not a blob id (32 lower-case hex digits)");
        if (info.size < 0) return fail(ErrorCode::InvalidArgument, "a blob's size cannot be negative");
        SANDI_ASSIGN(known, m_s.m_statements->scalar(QStringLiteral("SELECT COUNT(*) FROM blobs WHERE blob = ?"),
                                                     {text(info.blob)}, "reading a blob"));
        if (known > 0) return fail(ErrorCode::AlreadyExists, "blob " + str(info.blob) + " exists");
        SANDI_TRY(m_s.m_statements->run(
            QStringLiteral("INSERT INTO blobs (blob, owner, size, received, created_at, expires_at)"
                           " VALUES (?, ?, ?, ?, ?, ?)"),
            {text(info.blob), text(info.owner), integer(info.size), integer(0), integer(info.createdAt),
             integer(info.expiresAt)},
            "storing a blob"));
        return {};
    }

    Result<std::optional<BlobInfo>> info(const QString& blobId) override
    {
        if (!isBlobId(blobId)) return std::optional<BlobInfo>{};
        SANDI_ASSIGN(q, m_s.m_statements->run(
                            QStringLiteral("SELECT blob, owner, size, received, created_at, expires_at FROM blobs"
                                           " WHERE blob = ?"),
                            {text(blobId)}, "reading a blob"));
        if (!q.next()) return std::optional<BlobInfo>{};
        SANDI_ASSIGN(b, blobFrom(q));
        return std::optional<BlobInfo>{std::move(b)};
    }

    Result<qint64> append(const QString& blobId, qint64 offset, const QByteArray& data) override
    {
        SANDI_ASSIGN(found, existing(blobId));
        const BlobInfo& b = found;
        if (offset != b.received) {
            return fail(ErrorCode::Policy, "blob " + str(blobId) + ": append at offset " + std::to_string(offset) +
                                               ", but " + std::to_string(b.received) + " bytes were received");
        }
        if (data.size() > b.size - b.received) {
            return fail(ErrorCode::Policy, "blob " + str(blobId) + ": " + std::to_string(data.size()) +
                                               " bytes would exceed its declared size of " + std::to_string(b.size));
        }
        if (data.isEmpty()) return b.received;
        SANDI_TRY(writeDurably(blobId, offset, data));
        const qint64 received = offset + data.size();
        SANDI_TRY(m_s.m_statements->run(QStringLiteral("UPDATE blobs SET received = ? WHERE blob = ?"),
                                        {integer(received), text(blobId)}, "recording a blob's progress"));
        return received;
    }

    Result<QByteArray> read(const QString& blobId, qint64 offset, qint64 length) override
    {
        SANDI_ASSIGN(found, existing(blobId));
        const BlobInfo& b = found;
        if (!b.complete()) {
            return fail(ErrorCode::Policy, "blob " + str(blobId) + " is not complete (" + std::to_string(b.received) +
                                               " of " + std::to_string(b.size) + " bytes)");
        }
        if (offset < 0 || length < 0 || offset > b.size) {
            return fail(ErrorCode::InvalidArgument, "blob " + str(blobId) + ": read at " + std::to_string(offset) +
                                                        " outside its " + std::to_string(b.size) + " bytes");
        }
        const qint64 n = std::min(length, b.size - offset);
        if (n == 0) return QByteArray();
        const Fd fd(::open(QFile::encodeName(path(blobId)).constData(), O_RDONLY | O_CLOEXEC));
        if (!fd.valid()) return osFailure("opening blob " + str(blobId), errno);
        QByteArray out(n, Qt::Uninitialized);
        qint64 done = 0;
        while (done < n) {
            const ssize_t got = ::pread(fd.get(), out.data() + done, static_cast<std::size_t>(n - done),
                                        static_cast<off_t>(offset + done));
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) return osFailure("reading blob " + str(blobId), errno);
            if (got == 0) return fail(ErrorCode::Io, "blob " + str(blobId) + "'s file is shorter than its size");
            done += got;
        }
        return out;
    }

    Result<qint64> usage(const QString& owner) override
    {
        // Expired blobs count until collect() removed them (this interface has no clock).
        return m_s.m_statements->scalar(QStringLiteral("SELECT COALESCE(SUM(size), 0) FROM blobs WHERE owner = ?"),
                                        {text(owner)}, "summing a device's blobs");
    }

    Result<int> collect(qint64 now, qint64 incompleteBefore) override
    {
        std::vector<QString> doomed;
        {
            SANDI_ASSIGN(q,
                         m_s.m_statements->run(QStringLiteral("SELECT blob FROM blobs WHERE expires_at <= ?"
                                                              " OR (received < size AND created_at < ?)"),
                                               {integer(now), integer(incompleteBefore)}, "finding blobs to collect"));
            while (q.next())
                doomed.push_back(q.value(0).toString());
        }
        for (const QString& id : doomed) {
            SANDI_TRY(m_s.m_statements->run(QStringLiteral("DELETE FROM blobs WHERE blob = ?"), {text(id)},
                                            "deleting a blob"));
            if (isBlobId(id)) m_s.unlinkAfterCommit(path(id));
        }
        return static_cast<int>(doomed.size());
    }

  private:
    [[nodiscard]] QString path(const QString& blobId) const
    {
        return m_s.m_dataDir + QStringLiteral("/blobs/") + blobId;
    }

    Result<BlobInfo> existing(const QString& blobId)
    {
        SANDI_ASSIGN(found, info(blobId));
        if (!found) return fail(ErrorCode::NotFound, "no blob " + str(blobId));
        return std::move(*found);
    }

    // Writes `data` at `offset` (dropping whatever a rolled-back append left beyond it)
    // and fsync()s the file, and the directory when the file is new.
    Status writeDurably(const QString& blobId, qint64 offset, const QByteArray& data)
    {
        const QByteArray file = QFile::encodeName(path(blobId));
        bool created = false;
        int raw = ::open(file.constData(), O_WRONLY | O_CLOEXEC);
        if (raw < 0 && errno == ENOENT) {
            raw = ::open(file.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
            created = raw >= 0;
        }
        const Fd fd(raw);
        if (!fd.valid()) return osFailure("opening blob " + str(blobId), errno);
        struct stat st {};
        if (::fstat(fd.get(), &st) != 0) return osFailure("reading blob " + str(blobId), errno);
        if (st.st_size < offset)
            return fail(ErrorCode::Io, "blob " + str(blobId) + "'s file is shorter than the bytes recorded");
        qint64 done = 0;
        while (done < data.size()) {
            const ssize_t put =
                ::pwrite(fd.get(), data.constData() + done, static_cast<std::size_t>(data.size() - done),
                         static_cast<off_t>(offset + done));
            if (put < 0 && errno == EINTR) continue;
            if (put < 0) return osFailure("writing blob " + str(blobId), errno);
            done += put;
        }
        if (::ftruncate(fd.get(), static_cast<off_t>(offset + data.size())) != 0)
            return osFailure("truncating blob " + str(blobId), errno);
        if (::fsync(fd.get()) != 0) return osFailure("syncing blob " + str(blobId), errno);
        if (created) SANDI_TRY(fsyncDirectory(m_s.m_dataDir + QStringLiteral("/blobs")));
        return {};
    }

    SqliteStorage& m_s;
};

// ---- audit ------------------------------------------------------------------------

class SqliteStorage::Audit final : public AuditStore {
  public:
    explicit Audit(SqliteStorage& storage) : m_s(storage) {}

    Result<AuditEntry> append(qint64 time, const QString& event, const QString& device, const QString& detail) override
    {
        AuditEntry entry;
        entry.time = time;
        entry.event = event;
        entry.device = device;
        entry.detail = detail;
        {
            SANDI_ASSIGN(q,
                         m_s.m_statements->run(QStringLiteral("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"),
                                               {}, "reading the audit log"));
            if (q.next()) {
                entry.seq = static_cast<quint64>(q.value(0).toLongLong()) + 1;
                entry.previous = q.value(1).toByteArray();
            } else {
                entry.seq = 1;
                entry.previous = QByteArray(kHashBytes, '\0');
            }
        }
        entry.hash = auditEntryHash(entry);
        SANDI_TRY(
            m_s.m_statements->run(QStringLiteral("INSERT INTO audit (seq, time, event, device, detail, previous, hash)"
                                                 " VALUES (?, ?, ?, ?, ?, ?, ?)"),
                                  {integer(static_cast<qint64>(entry.seq)), integer(time), text(event), text(device),
                                   text(detail), blob(entry.previous), blob(entry.hash)},
                                  "appending to the audit log"));
        return entry;
    }

    Result<std::vector<AuditEntry>> entries(quint64 fromSeq, int limit) override
    {
        std::vector<AuditEntry> out;
        if (limit <= 0 || fromSeq > static_cast<quint64>(kMaxSqlInteger)) return out;
        SANDI_ASSIGN(
            q, m_s.m_statements->run(QStringLiteral("SELECT seq, time, event, device, detail, previous, hash FROM audit"
                                                    " WHERE seq >= ? ORDER BY seq LIMIT ?"),
                                     {integer(static_cast<qint64>(fromSeq)), integer(limit)}, "reading the audit log"));
        while (q.next()) {
            AuditEntry e;
            e.seq = static_cast<quint64>(q.value(0).toLongLong());
            e.time = q.value(1).toLongLong();
            e.event = q.value(2).toString();
            e.device = q.value(3).toString();
            e.detail = q.value(4).toString();
            e.previous = q.value(5).toByteArray();
            e.hash = q.value(6).toByteArray();
            out.push_back(std::move(e));
        }
        return out;
    }

  private:
    SqliteStorage& m_s;
};

// ---- the storage ------------------------------------------------------------------

SqliteStorage::SqliteStorage(QString dataDir)
    : m_dataDir(std::move(dataDir)),
      m_connectionName(QStringLiteral("sandi-relay-storage-") + QUuid::createUuid().toString(QUuid::WithoutBraces)),
      m_messages(std::make_unique<Messages>(*this)), m_prekeys(std::make_unique<PreKeys>(*this)),
      m_directory(std::make_unique<Directory>(*this)), m_blobs(std::make_unique<Blobs>(*this)),
      m_audit(std::make_unique<Audit>(*this)), m_statements(std::make_unique<Statements>(m_db))
{
}

SqliteStorage::~SqliteStorage()
{
    if (m_inTransaction) rollback();
    m_statements.reset(); // the prepared statements go before their connection
    if (m_db.isValid()) m_db.close();
    m_db = QSqlDatabase(); // no handle may remain when the connection is removed
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<SqliteStorage>> SqliteStorage::open(const QString& dataDir)
{
    if (dataDir.isEmpty()) return fail(ErrorCode::InvalidArgument, "no data directory given");
    const QString absolute = QDir(dataDir).absolutePath();
    if (!QDir().mkpath(absolute + QStringLiteral("/blobs")))
        return fail(ErrorCode::Io, "cannot create the data directory " + str(absolute) + "/blobs");
    std::unique_ptr<SqliteStorage> storage(new SqliteStorage(absolute));
    SANDI_TRY(storage->connect());
    SANDI_TRY(storage->migrate());
    return storage;
}

Status SqliteStorage::connect()
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!m_db.isValid()) return fail(ErrorCode::Io, "QtSql's SQLite driver (QSQLITE) is not available");
    m_db.setDatabaseName(m_dataDir + QStringLiteral("/relay.db"));
    if (!m_db.open()) return sqlFailure("opening " + str(m_dataDir) + "/relay.db", m_db.lastError());

    // A committed batch survives power loss: WAL, fsync at every commit.
    {
        SANDI_ASSIGN(
            q, m_statements->run(QStringLiteral("PRAGMA journal_mode = WAL"), {}, "enabling write-ahead logging"));
        if (!q.next() || q.value(0).toString().toLower() != QStringLiteral("wal"))
            return fail(ErrorCode::Io, "relay.db refuses write-ahead logging");
    }
    SANDI_TRY(exec(QStringLiteral("PRAGMA synchronous = FULL"), "setting synchronous"));
    SANDI_ASSIGN(synchronous, m_statements->scalar(QStringLiteral("PRAGMA synchronous"), {}, "reading synchronous"));
    if (synchronous != 2) return fail(ErrorCode::Io, "relay.db refuses synchronous = FULL");
    SANDI_TRY(exec(QStringLiteral("PRAGMA foreign_keys = ON"), "enabling foreign keys"));
    // A pragma takes no bound value; the number is this file's constant.
    SANDI_TRY(exec(QStringLiteral("PRAGMA busy_timeout = ") + QString::number(kSqliteBusyTimeoutMs),
                   "setting the busy timeout"));
    return {};
}

Status SqliteStorage::migrate()
{
    SANDI_TRY(begin());
    auto migrated = [this]() -> Status {
        SANDI_TRY(exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"),
                       "creating the schema version table"));
        SANDI_ASSIGN(version, m_statements->scalar(QStringLiteral("SELECT MAX(version) FROM schema_version"), {},
                                                   "reading the schema version"));
        if (version > kSqliteSchemaVersion) {
            return fail(ErrorCode::Unsupported, "relay.db has schema version " + std::to_string(version) +
                                                    ", newer than the " + std::to_string(kSqliteSchemaVersion) +
                                                    " this sandi-relay knows: run a newer sandi-relay");
        }
        if (version < 1) {
            for (const char* statement : kSchemaV1)
                SANDI_TRY(exec(QString::fromLatin1(statement), "creating the schema"));
        }
        // Later versions: `if (version < 2) { ... }`, each step in this transaction.
        if (version < kSqliteSchemaVersion) {
            SANDI_TRY(exec(QStringLiteral("DELETE FROM schema_version"), "recording the schema version"));
            SANDI_TRY(m_statements->run(QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"),
                                        {integer(kSqliteSchemaVersion)}, "recording the schema version"));
        }
        return {};
    }();
    if (!migrated) {
        rollback();
        return migrated;
    }
    return commit();
}

Status SqliteStorage::exec(const QString& sql, const char* what)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql)) return sqlFailure(what, q.lastError());
    return {};
}

Status SqliteStorage::control(const QString& sql, const char* what)
{
    SANDI_TRY(m_statements->run(sql, {}, what));
    return {};
}

Status SqliteStorage::begin()
{
    // IMMEDIATE: the write lock now, not at the first write (no deadlock-prone upgrade).
    SANDI_TRY(control(QStringLiteral("BEGIN IMMEDIATE"), "beginning a transaction"));
    m_inTransaction = true;
    m_pendingUnlinks.clear();
    m_savepointMarks.clear();
    return {};
}

Status SqliteStorage::commit()
{
    SANDI_TRY(control(QStringLiteral("COMMIT"), "committing"));
    m_inTransaction = false;
    m_savepointMarks.clear();
    unlinkPending();
    return {};
}

void SqliteStorage::rollback()
{
    // Fails only when there is no transaction left to roll back.
    static_cast<void>(control(QStringLiteral("ROLLBACK"), "rolling back"));
    m_inTransaction = false;
    m_pendingUnlinks.clear();
    m_savepointMarks.clear();
}

Status SqliteStorage::savepoint()
{
    SANDI_TRY(control(QStringLiteral("SAVEPOINT sp"), "setting a savepoint"));
    m_savepointMarks.push_back(m_pendingUnlinks.size());
    return {};
}

Status SqliteStorage::releaseSavepoint()
{
    SANDI_TRY(control(QStringLiteral("RELEASE sp"), "releasing a savepoint"));
    if (!m_savepointMarks.empty()) m_savepointMarks.pop_back();
    return {};
}

void SqliteStorage::rollbackToSavepoint()
{
    // ROLLBACK TO keeps the savepoint; RELEASE removes it, so savepoints do not nest
    // up within a batch. Both fail only when the transaction itself is gone, which
    // commit() then reports.
    static_cast<void>(control(QStringLiteral("ROLLBACK TO sp"), "rolling back to a savepoint"));
    static_cast<void>(control(QStringLiteral("RELEASE sp"), "releasing a savepoint"));
    if (!m_savepointMarks.empty()) {
        m_pendingUnlinks.resize(std::min(m_pendingUnlinks.size(), m_savepointMarks.back()));
        m_savepointMarks.pop_back();
    }
}

void SqliteStorage::unlinkAfterCommit(const QString& path)
{
    m_pendingUnlinks.push_back(path);
    if (!m_inTransaction) unlinkPending();
}

void SqliteStorage::unlinkPending()
{
    // A file that is not there was never written (no append) or is gone already.
    for (const QString& path : m_pendingUnlinks)
        ::unlink(QFile::encodeName(path).constData());
    m_pendingUnlinks.clear();
}

MessageStore& SqliteStorage::messages()
{
    return *m_messages;
}
PreKeyStore& SqliteStorage::prekeys()
{
    return *m_prekeys;
}
DirectoryStore& SqliteStorage::directory()
{
    return *m_directory;
}
BlobStore& SqliteStorage::blobs()
{
    return *m_blobs;
}
AuditStore& SqliteStorage::audit()
{
    return *m_audit;
}

} // namespace sandi::server
