// SPDX-License-Identifier: GPL-3.0-or-later
// LocalStore over the SQLCipher C API (Debian 12: SQLCipher 3.4.1, SQLite 3.15.2, so
// no UPSERT, no RETURNING, FTS4 and not FTS5). Every value goes through a bound
// parameter; every mutating call is one BEGIN IMMEDIATE … COMMIT. Error messages name
// the operation and carry sqlite3_errmsg, never the key or a memo's contents.
#include "sandi/client/local_store.h"

#include <sqlcipher/sqlite3.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstring>
#include <limits>
#include <set>
#include <span>
#include <string_view>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

namespace sandi::client {
namespace {

namespace fs = std::filesystem;

constexpr int kBusyTimeoutMs = 5000;                // another process of the same account holding the lock
constexpr std::uint32_t kMaxListEntries = 1U << 20; // a stored list longer than this is damage

// The schema of version 1. The memo's rowid (seq) is the FTS docid; the triggers keep
// memo_fts in step with memos whatever deletes a memo (deleteExpired, the cascade).
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE memos (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    direction INTEGER NOT NULL CHECK (direction IN (0, 1)),
    peer_nip TEXT NOT NULL,
    peer_device TEXT NOT NULL,
    recipients BLOB NOT NULL,
    group_name TEXT NOT NULL,
    classification TEXT NOT NULL,
    urgency TEXT NOT NULL,
    nomor TEXT NOT NULL,
    dari TEXT NOT NULL,
    tanggal TEXT NOT NULL,
    lampiran TEXT NOT NULL,
    hal TEXT NOT NULL,
    body TEXT NOT NULL,
    kepada BLOB NOT NULL,
    tembusan BLOB NOT NULL,
    signer_name TEXT NOT NULL,
    signer_position TEXT NOT NULL,
    signer_nip TEXT NOT NULL,
    signed INTEGER NOT NULL CHECK (signed IN (0, 1)),
    verdict TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    expires_at INTEGER,
    read_at INTEGER,
    state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),
    sealed BLOB NOT NULL
);
CREATE INDEX memos_by_time ON memos (received_at);
CREATE INDEX memos_by_expiry ON memos (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE attachments (
    memo_id TEXT NOT NULL REFERENCES memos (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    blob_id TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    key_material BLOB NOT NULL,
    PRIMARY KEY (memo_id, idx)
);
CREATE VIRTUAL TABLE memo_fts USING fts4 (hal, body, nomor, dari, peer_nip, tokenize=unicode61);
CREATE TRIGGER memos_fts_insert AFTER INSERT ON memos BEGIN
    INSERT INTO memo_fts (docid, hal, body, nomor, dari, peer_nip)
        VALUES (new.seq, new.hal, new.body, new.nomor, new.dari, new.peer_nip);
END;
CREATE TRIGGER memos_fts_delete AFTER DELETE ON memos BEGIN
    DELETE FROM memo_fts WHERE docid = old.seq;
END;
CREATE TRIGGER memos_fts_update AFTER UPDATE OF hal, body, nomor, dari, peer_nip ON memos BEGIN
    UPDATE memo_fts SET hal = new.hal, body = new.body, nomor = new.nomor, dari = new.dari, peer_nip = new.peer_nip
        WHERE docid = new.seq;
END;
CREATE TABLE deliveries (
    sender_device TEXT NOT NULL,
    client_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (sender_device, client_id)
);
CREATE TABLE memo_ids (id BLOB PRIMARY KEY);
CREATE TABLE outbox (
    client_id TEXT PRIMARY KEY,
    memo_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    copies BLOB NOT NULL
);
CREATE TABLE group_records (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    members BLOB NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 0)
);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

// The memo columns in the order readMemo() reads them (the table aliased m).
constexpr const char* kMemoColumns =
    "m.id, m.direction, m.peer_nip, m.peer_device, m.recipients, m.group_name, m.classification, m.urgency, "
    "m.nomor, m.dari, m.tanggal, m.lampiran, m.hal, m.body, m.kepada, m.tembusan, m.signer_name, "
    "m.signer_position, m.signer_nip, m.signed, m.verdict, m.received_at, m.expires_at, m.read_at, m.state, "
    "m.sealed";

ErrorCode errorCodeFor(int rc) noexcept
{
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_FORMAT:
    case SQLITE_MISMATCH:
    case SQLITE_SCHEMA:
        return ErrorCode::InvalidInput;
    case SQLITE_CONSTRAINT:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
        return ErrorCode::InvalidArgument;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_PERM:
    case SQLITE_PROTOCOL:
    case SQLITE_NOLFS:
    case SQLITE_NOMEM:
    case SQLITE_AUTH:
        return ErrorCode::Io;
    default:
        return ErrorCode::InvalidInput;
    }
}

std::string operationText(std::string_view operation)
{
    return "history database, " + std::string(operation) + ": ";
}

// The connection's last error (valid right after the failing call).
Error sqliteError(sqlite3* db, int rc, std::string_view operation)
{
    const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return Error{errorCodeFor(rc), operationText(operation) + message};
}

Unexpected<Error> failIn(ErrorCode code, std::string_view operation, std::string_view message)
{
    return fail(code, operationText(operation) + std::string(message));
}

std::span<const std::byte> asBytes(std::string_view s) noexcept
{
    return std::as_bytes(std::span(s.data(), s.size()));
}

std::span<const std::byte> asBytes(const std::vector<std::uint8_t>& v) noexcept
{
    return std::as_bytes(std::span(v.data(), v.size()));
}

// A prepared statement. Bind errors are kept and reported by the next step(), so the
// binds of one statement read as one chain.
class Statement final {
  public:
    // `operation` names the public call (a string literal) for error messages.
    // NOLINTNEXTLINE(bugprone-easily-swappable-parameters): swapped, the operation's name does not prepare as SQL
    static Result<Statement> prepare(sqlite3* db, std::string_view sql, std::string_view operation)
    {
        sqlite3_stmt* stmt = nullptr;
        const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
        if (rc != SQLITE_OK) {
            Error e = sqliteError(db, rc, operation);
            sqlite3_finalize(stmt);
            return fail(std::move(e));
        }
        return Statement(db, stmt, operation);
    }

    Statement(Statement&& other) noexcept
        : m_db(other.m_db), m_stmt(std::exchange(other.m_stmt, nullptr)), m_operation(other.m_operation),
          m_bindError(other.m_bindError)
    {
    }
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() { sqlite3_finalize(m_stmt); }

    Statement& bind(int index, std::string_view text)
    {
        // A null pointer would bind NULL, not "".
        const char* data = text.data() != nullptr ? text.data() : "";
        return keep(sqlite3_bind_text64(m_stmt, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    }
    Statement& bind(int index, std::span<const std::byte> blob)
    {
        if (blob.empty()) return keep(sqlite3_bind_zeroblob(m_stmt, index, 0)); // an empty blob, not NULL
        return keep(sqlite3_bind_blob64(m_stmt, index, blob.data(), blob.size(), SQLITE_TRANSIENT));
    }
    Statement& bind(int index, std::int64_t value) { return keep(sqlite3_bind_int64(m_stmt, index, value)); }
    Statement& bind(int index, std::optional<std::int64_t> value)
    {
        if (!value) return keep(sqlite3_bind_null(m_stmt, index));
        return bind(index, *value);
    }

    // true: a row is ready; false: done.
    Result<bool> step()
    {
        if (m_bindError != SQLITE_OK)
            return fail(errorCodeFor(m_bindError), operationText(m_operation) + sqlite3_errstr(m_bindError));
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        return fail(sqliteError(m_db, rc, m_operation));
    }
    // Runs a statement to its end (rows, if any, are not read).
    Status run()
    {
        for (;;) {
            SANDI_ASSIGN(row, step());
            if (!row) return {};
        }
    }

    [[nodiscard]] bool isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
    [[nodiscard]] std::int64_t integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
    [[nodiscard]] std::string text(int column) const
    {
        const unsigned char* p = sqlite3_column_text(m_stmt, column);
        const int n = sqlite3_column_bytes(m_stmt, column);
        if (p == nullptr || n <= 0) return {};
        return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)};
    }
    // Valid until the next step or the statement's end.
    [[nodiscard]] std::span<const std::byte> blob(int column) const
    {
        const void* p = sqlite3_column_blob(m_stmt, column);
        const int n = sqlite3_column_bytes(m_stmt, column);
        if (p == nullptr || n <= 0) return {};
        return {static_cast<const std::byte*>(p), static_cast<std::size_t>(n)};
    }
    [[nodiscard]] std::string_view operation() const noexcept { return m_operation; }

  private:
    Statement(sqlite3* db, sqlite3_stmt* stmt, std::string_view operation) noexcept
        : m_db(db), m_stmt(stmt), m_operation(operation)
    {
    }
    Statement& keep(int rc) noexcept
    {
        if (m_bindError == SQLITE_OK && rc != SQLITE_OK) m_bindError = rc;
        return *this;
    }

    sqlite3* m_db;
    sqlite3_stmt* m_stmt;
    std::string_view m_operation;
    int m_bindError = SQLITE_OK;
};

// SQL without parameters (schema, pragmas, transaction control).
Status exec(sqlite3* db, const char* sql, std::string_view operation)
{
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return fail(sqliteError(db, rc, operation));
    return {};
}

// Runs `body` inside BEGIN IMMEDIATE … COMMIT; anything failing rolls it all back.
template <class Body> Status inTransaction(sqlite3* db, std::string_view operation, Body&& body)
{
    SANDI_TRY(exec(db, "BEGIN IMMEDIATE", operation));
    Status status = std::forward<Body>(body)();
    if (status) status = exec(db, "COMMIT", operation);
    // A failed COMMIT may leave the transaction open (SQLITE_BUSY) or have ended it.
    if (!status && sqlite3_get_autocommit(db) == 0) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return status;
}

// Lists as one BLOB: u32 count, then u32 length ‖ bytes per entry (big-endian), since
// an entry may contain any character a separator could be.
void putU32(std::vector<std::byte>& out, std::uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::byte>((v >> shift) & 0xffU));
}

Result<std::uint32_t> checkedU32(std::size_t n, std::string_view operation)
{
    if (n > std::numeric_limits<std::uint32_t>::max())
        return failIn(ErrorCode::InvalidArgument, operation, "a value is too large to store");
    return static_cast<std::uint32_t>(n);
}

Status putBytes(std::vector<std::byte>& out, std::span<const std::byte> bytes, std::string_view operation)
{
    SANDI_ASSIGN(n, checkedU32(bytes.size(), operation));
    putU32(out, n);
    out.insert(out.end(), bytes.begin(), bytes.end());
    return {};
}

Result<std::vector<std::byte>> encodeList(const std::vector<std::string>& list, std::string_view operation)
{
    std::vector<std::byte> out;
    SANDI_ASSIGN(count, checkedU32(list.size(), operation));
    putU32(out, count);
    for (const auto& entry : list)
        SANDI_TRY(putBytes(out, asBytes(entry), operation));
    return out;
}

Result<std::vector<std::byte>> encodeCopies(const OutboxEntry& entry, std::string_view operation)
{
    std::vector<std::byte> out;
    SANDI_ASSIGN(count, checkedU32(entry.copies.size(), operation));
    putU32(out, count);
    for (const auto& [device, ciphertext] : entry.copies) {
        SANDI_TRY(putBytes(out, asBytes(device), operation));
        SANDI_TRY(putBytes(out, asBytes(ciphertext), operation));
    }
    return out;
}

class BlobReader final {
  public:
    BlobReader(std::span<const std::byte> bytes, std::string_view operation) noexcept
        : m_bytes(bytes), m_operation(operation)
    {
    }
    Result<std::uint32_t> u32()
    {
        if (m_bytes.size() < 4) return damaged();
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < 4; ++i)
            v = (v << 8) | std::to_integer<std::uint32_t>(m_bytes[i]);
        m_bytes = m_bytes.subspan(4);
        return v;
    }
    Result<std::span<const std::byte>> bytes()
    {
        SANDI_ASSIGN(n, u32());
        if (m_bytes.size() < n) return damaged();
        auto out = m_bytes.first(n);
        m_bytes = m_bytes.subspan(n);
        return out;
    }
    Status end() const
    {
        if (!m_bytes.empty()) return damaged();
        return {};
    }
    // Each entry takes at least its 4-byte length.
    Result<std::uint32_t> count()
    {
        SANDI_ASSIGN(n, u32());
        if (n > kMaxListEntries || n > m_bytes.size() / 4) return damaged();
        return n;
    }

  private:
    [[nodiscard]] Unexpected<Error> damaged() const
    {
        return failIn(ErrorCode::InvalidInput, m_operation, "a stored list is damaged");
    }
    std::span<const std::byte> m_bytes;
    std::string_view m_operation;
};

std::string toString(std::span<const std::byte> b)
{
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

Result<std::vector<std::string>> decodeList(std::span<const std::byte> blob, std::string_view operation)
{
    BlobReader r(blob, operation);
    SANDI_ASSIGN(count, r.count());
    std::vector<std::string> list;
    list.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        SANDI_ASSIGN(entry, r.bytes());
        list.push_back(toString(entry));
    }
    SANDI_TRY(r.end());
    return list;
}

Result<std::vector<std::pair<std::string, std::vector<std::uint8_t>>>> decodeCopies(std::span<const std::byte> blob,
                                                                                    std::string_view operation)
{
    BlobReader r(blob, operation);
    SANDI_ASSIGN(count, r.count());
    std::vector<std::pair<std::string, std::vector<std::uint8_t>>> copies;
    copies.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        SANDI_ASSIGN(device, r.bytes());
        SANDI_ASSIGN(ciphertext, r.bytes());
        std::vector<std::uint8_t> c(ciphertext.size());
        if (!ciphertext.empty()) std::memcpy(c.data(), ciphertext.data(), ciphertext.size());
        copies.emplace_back(toString(device), std::move(c));
    }
    SANDI_TRY(r.end());
    return copies;
}

bool isMemoId(std::string_view id) noexcept
{
    if (id.size() != 2 * e2e::kMemoIdBytes) return false;
    for (const char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

Status checkMemo(const StoredMemo& memo, std::string_view operation)
{
    if (!isMemoId(memo.id))
        return failIn(ErrorCode::InvalidArgument, operation, "a memo id is 32 lower-case hex digits");
    if (memo.direction != Direction::Incoming && memo.direction != Direction::Outgoing)
        return failIn(ErrorCode::InvalidArgument, operation, "unknown direction");
    if (memo.state > DeliveryState::Read)
        return failIn(ErrorCode::InvalidArgument, operation, "unknown delivery state");
    std::set<int> indexes;
    for (const auto& a : memo.attachments) {
        if (a.size > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return failIn(ErrorCode::InvalidArgument, operation, "an attachment size is too large");
        if (!indexes.insert(a.index).second)
            return failIn(ErrorCode::InvalidArgument, operation, "two attachments have the same index");
    }
    return {};
}

// Whether `sql` (one parameter, ?1 = key) returns a row.
// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): every call passes the operation as a literal
Result<bool> exists(sqlite3* db, const char* sql, std::string_view key, std::string_view operation)
{
    SANDI_ASSIGN(st, Statement::prepare(db, sql, operation));
    st.bind(1, key);
    return st.step();
}

// Inside a transaction: the memo row (the trigger adds its FTS row) and its attachments.
Status insertMemo(sqlite3* db, const StoredMemo& memo, std::string_view operation)
{
    SANDI_TRY(checkMemo(memo, operation));
    SANDI_ASSIGN(known, exists(db, "SELECT 1 FROM memos WHERE id = ?1", memo.id, operation));
    if (known) return failIn(ErrorCode::AlreadyExists, operation, "memo " + memo.id + " is already stored");
    SANDI_ASSIGN(recipients, encodeList(memo.recipients, operation));
    SANDI_ASSIGN(kepada, encodeList(memo.kepada, operation));
    SANDI_ASSIGN(tembusan, encodeList(memo.tembusan, operation));
    SANDI_ASSIGN(st, Statement::prepare(db,
                                        "INSERT INTO memos (id, direction, peer_nip, peer_device, recipients, "
                                        "group_name, classification, urgency, nomor, dari, tanggal, lampiran, hal, "
                                        "body, kepada, tembusan, signer_name, signer_position, signer_nip, signed, "
                                        "verdict, received_at, expires_at, read_at, state, sealed) VALUES (?1, ?2, "
                                        "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
                                        "?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
                                        operation));
    st.bind(1, memo.id)
        .bind(2, std::int64_t{static_cast<std::uint8_t>(memo.direction)})
        .bind(3, memo.peerNip)
        .bind(4, memo.peerDevice)
        .bind(5, std::span<const std::byte>(recipients))
        .bind(6, memo.group)
        .bind(7, memo.classification)
        .bind(8, memo.urgency)
        .bind(9, memo.nomor)
        .bind(10, memo.dari)
        .bind(11, memo.tanggal)
        .bind(12, memo.lampiran)
        .bind(13, memo.hal)
        .bind(14, memo.body)
        .bind(15, std::span<const std::byte>(kepada))
        .bind(16, std::span<const std::byte>(tembusan))
        .bind(17, memo.signerName)
        .bind(18, memo.signerPosition)
        .bind(19, memo.signerNip)
        .bind(20, std::int64_t{memo.signedMemo ? 1 : 0})
        .bind(21, memo.verdict)
        .bind(22, memo.receivedAt)
        .bind(23, memo.expiresAt)
        .bind(24, memo.readAt)
        .bind(25, std::int64_t{static_cast<std::uint8_t>(memo.state)})
        .bind(26, asBytes(memo.sealed));
    SANDI_TRY(st.run());

    for (const auto& a : memo.attachments) {
        SANDI_ASSIGN(at, Statement::prepare(db,
                                            "INSERT INTO attachments (memo_id, idx, name, media_type, blob_id, size, "
                                            "key_material) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                            operation));
        at.bind(1, memo.id)
            .bind(2, std::int64_t{a.index})
            .bind(3, a.name)
            .bind(4, a.mediaType)
            .bind(5, a.blobId)
            .bind(6, static_cast<std::int64_t>(a.size))
            .bind(7, a.keyMaterial.bytes()); // copied by SQLite (SQLITE_TRANSIENT) into the encrypted page
        SANDI_TRY(at.run());
    }
    return {};
}

// One memo row as kMemoColumns lists it (attachments are read separately).
Result<StoredMemo> readMemo(const Statement& st)
{
    const auto op = st.operation();
    StoredMemo m;
    m.id = st.text(0);
    const std::int64_t direction = st.integer(1);
    if (direction < 0 || direction > 1) return failIn(ErrorCode::InvalidInput, op, "a stored direction is damaged");
    m.direction = static_cast<Direction>(static_cast<std::uint8_t>(direction));
    m.peerNip = st.text(2);
    m.peerDevice = st.text(3);
    SANDI_ASSIGN(recipients, decodeList(st.blob(4), op));
    m.recipients = std::move(recipients);
    m.group = st.text(5);
    m.classification = st.text(6);
    m.urgency = st.text(7);
    m.nomor = st.text(8);
    m.dari = st.text(9);
    m.tanggal = st.text(10);
    m.lampiran = st.text(11);
    m.hal = st.text(12);
    m.body = st.text(13);
    SANDI_ASSIGN(kepada, decodeList(st.blob(14), op));
    m.kepada = std::move(kepada);
    SANDI_ASSIGN(tembusan, decodeList(st.blob(15), op));
    m.tembusan = std::move(tembusan);
    m.signerName = st.text(16);
    m.signerPosition = st.text(17);
    m.signerNip = st.text(18);
    m.signedMemo = st.integer(19) != 0;
    m.verdict = st.text(20);
    m.receivedAt = st.integer(21);
    if (!st.isNull(22)) m.expiresAt = st.integer(22);
    if (!st.isNull(23)) m.readAt = st.integer(23);
    const std::int64_t state = st.integer(24);
    if (state < 0 || state > static_cast<std::int64_t>(DeliveryState::Read))
        return failIn(ErrorCode::InvalidInput, op, "a stored delivery state is damaged");
    m.state = static_cast<DeliveryState>(static_cast<std::uint8_t>(state));
    const auto sealed = st.blob(25);
    m.sealed.resize(sealed.size());
    if (!sealed.empty()) std::memcpy(m.sealed.data(), sealed.data(), sealed.size());
    return m;
}

Status readAttachments(sqlite3* db, StoredMemo& memo, std::string_view operation)
{
    SANDI_ASSIGN(st, Statement::prepare(db,
                                        "SELECT idx, name, media_type, blob_id, size, key_material FROM attachments "
                                        "WHERE memo_id = ?1 ORDER BY idx",
                                        operation));
    st.bind(1, memo.id);
    for (;;) {
        SANDI_ASSIGN(row, st.step());
        if (!row) return {};
        const std::int64_t index = st.integer(0);
        const std::int64_t size = st.integer(4);
        if (index < INT_MIN || index > INT_MAX || size < 0)
            return failIn(ErrorCode::InvalidInput, operation, "a stored attachment is damaged");
        StoredAttachment a;
        a.index = static_cast<int>(index);
        a.name = st.text(1);
        a.mediaType = st.text(2);
        a.blobId = st.text(3);
        a.size = static_cast<std::uint64_t>(size);
        a.keyMaterial = crypto::SecureBuffer::fromBytes(st.blob(5)); // straight from SQLite's row: no other copy
        memo.attachments.push_back(std::move(a));
    }
}

// Runs a SELECT of kMemoColumns to its end, then reads each memo's attachments.
Result<std::vector<StoredMemo>> readMemos(sqlite3* db, Statement& st)
{
    std::vector<StoredMemo> out;
    for (;;) {
        SANDI_ASSIGN(row, st.step());
        if (!row) break;
        SANDI_ASSIGN(m, readMemo(st));
        out.push_back(std::move(m));
    }
    for (auto& m : out)
        SANDI_TRY(readAttachments(db, m, st.operation()));
    return out;
}

Result<std::int64_t> sqlLimit(int limit, std::string_view operation)
{
    if (limit < 0) return failIn(ErrorCode::InvalidArgument, operation, "a negative limit");
    return limit == 0 ? std::int64_t{-1} : std::int64_t{limit}; // LIMIT -1: no limit
}

bool isSpace(char c) noexcept
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The FTS4 query for `text`, built from the index's own tokenizer (temp.memo_tokens):
// each whitespace-separated part becomes one quoted phrase of its tokens, the last one a
// prefix ("001/abc" → "001 abc*"). Tokens never hold a quote, a star or a space, so no
// user text is ever read as FTS syntax. Empty when `text` has no token.
Result<std::string> ftsQuery(sqlite3* db, std::string_view text)
{
    constexpr std::string_view operation = "search";
    SANDI_ASSIGN(st, Statement::prepare(db,
                                        "SELECT token, start, \"end\" FROM temp.memo_tokens WHERE input = ?1 "
                                        "ORDER BY position",
                                        operation));
    st.bind(1, text);
    std::string query;
    bool inPhrase = false;
    std::size_t previousEnd = 0;
    for (;;) {
        SANDI_ASSIGN(row, st.step());
        if (!row) break;
        const std::string token = st.text(0);
        const std::int64_t start = st.integer(1);
        const std::int64_t end = st.integer(2);
        if (token.empty() || token.find_first_of("\"* \t\r\n\f\v") != std::string::npos) continue;
        if (start < 0 || end < start || static_cast<std::size_t>(end) > text.size())
            return failIn(ErrorCode::InvalidInput, operation, "the tokenizer returned a bad offset");
        const auto from = static_cast<std::size_t>(start);
        bool sameChunk = inPhrase && from >= previousEnd;
        if (sameChunk)
            for (std::size_t i = previousEnd; i < from; ++i)
                if (isSpace(text[i])) sameChunk = false;
        if (inPhrase && !sameChunk) query += "*\" ";
        if (!sameChunk)
            query += '"';
        else
            query += ' ';
        query += token;
        inPhrase = true;
        previousEnd = static_cast<std::size_t>(end);
    }
    if (inPhrase) query += "*\"";
    return query;
}

// 0 for an empty database (no table at all), else the stored version.
Result<int> storedSchemaVersion(sqlite3* db)
{
    constexpr std::string_view op = "open";
    {
        SANDI_ASSIGN(st, Statement::prepare(db, "SELECT count(*) FROM sqlite_master", op));
        SANDI_ASSIGN(row, st.step());
        if (!row) return failIn(ErrorCode::InvalidInput, op, "cannot read the schema");
        if (st.integer(0) == 0) return 0;
    }
    SANDI_ASSIGN(known,
                 exists(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", "schema_version", op));
    if (!known) return failIn(ErrorCode::InvalidInput, op, "the file is not a Sandi history database");
    SANDI_ASSIGN(st, Statement::prepare(db, "SELECT version FROM schema_version", op));
    SANDI_ASSIGN(row, st.step());
    if (!row) return failIn(ErrorCode::InvalidInput, op, "the schema version is missing");
    const std::int64_t version = st.integer(0);
    SANDI_ASSIGN(more, st.step());
    if (more || version < 1 || version > INT_MAX)
        return failIn(ErrorCode::InvalidInput, op, "the schema version is damaged");
    return static_cast<int>(version);
}

Status checkSchemaVersion(int version)
{
    if (version > kLocalStoreSchemaVersion)
        return failIn(ErrorCode::Unsupported, "open",
                      "the history database has schema version " + std::to_string(version) +
                          ", newer than this Sandi (" + std::to_string(kLocalStoreSchemaVersion) +
                          "): update Sandi to open it");
    return {};
}

// Creates the schema if the database is still empty (another process may have just
// created it), else checks the version. Never drops anything.
Status prepareSchema(sqlite3* db)
{
    return inTransaction(db, "open", [db]() -> Status {
        SANDI_ASSIGN(version, storedSchemaVersion(db));
        if (version != 0) return checkSchemaVersion(version);
        SANDI_TRY(exec(db, kSchemaV1, "open (creating the schema)"));
        SANDI_ASSIGN(st, Statement::prepare(db, "INSERT INTO schema_version (version) VALUES (?1)", "open"));
        st.bind(1, std::int64_t{kLocalStoreSchemaVersion});
        return st.run();
    });
}

// `PRAGMA key = "x'<hex>'";` with the raw 32-byte key (no KDF). The text lives only in
// a SecureBuffer, wiped when it goes out of scope; it is never logged.
Status applyKey(sqlite3* db, const crypto::SecureBuffer& key)
{
    constexpr std::string_view kPrefix = "PRAGMA key = \"x'";
    constexpr std::string_view kSuffix = "'\";";
    constexpr std::array<char, 16> kHex{'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    crypto::SecureBuffer pragma(kPrefix.size() + 2 * key.size() + kSuffix.size()); // NUL-terminated (hidden byte)
    char* out = reinterpret_cast<char*>(pragma.data());
    out = std::copy(kPrefix.begin(), kPrefix.end(), out);
    for (const std::byte b : key.bytes()) {
        *out++ = kHex[std::to_integer<std::size_t>(b) >> 4];
        *out++ = kHex[std::to_integer<std::size_t>(b) & 0xfU];
    }
    std::copy(kSuffix.begin(), kSuffix.end(), out);
    const int rc = sqlite3_exec(db, pragma.chars(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return fail(ErrorCode::Crypto, operationText("open") + "the key was refused");
    return {};
}

// PRAGMA cipher_version answers only in SQLCipher: with the plain SQLite linked instead,
// PRAGMA key would be ignored and the history written in clear.
Status requireSqlCipher(sqlite3* db)
{
    SANDI_ASSIGN(st, Statement::prepare(db, "PRAGMA cipher_version", "open"));
    SANDI_ASSIGN(row, st.step());
    if (!row || st.text(0).empty())
        return failIn(ErrorCode::Crypto, "open", "SQLite without SQLCipher: refusing to store history unencrypted");
    return {};
}

// The first read of the file: SQLITE_NOTADB is a key that does not decrypt page 1.
Status verifyKey(sqlite3* db)
{
    const int rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master;", nullptr, nullptr, nullptr);
    if ((rc & 0xff) == SQLITE_NOTADB)
        return fail(ErrorCode::WrongPassphrase, "the history database does not open with this key: wrong "
                                                "passphrase or another account's database");
    if (rc != SQLITE_OK) {
        const Error e = sqliteError(db, rc, "open");
        return fail(e.code == ErrorCode::Io ? ErrorCode::Io : ErrorCode::InvalidInput, e.message);
    }
    return {};
}

Status enableWal(sqlite3* db)
{
    SANDI_ASSIGN(st, Statement::prepare(db, "PRAGMA journal_mode = WAL", "open"));
    SANDI_ASSIGN(row, st.step());
    if (!row || st.text(0) != "wal")
        return failIn(ErrorCode::Unsupported, "open", "the file system does not allow a write-ahead log");
    return {};
}

// The history file and its -wal/-shm (which SQLite gives the database file's mode) are
// the user's alone: create it 0600 before SQLite would create it 0644.
Status createPrivateFile(const fs::path& file)
{
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0) {
        ::close(fd);
        return {};
    }
    if (errno == EEXIST) return {};
    return failIn(ErrorCode::Io, "open",
                  file.string() + ": " + std::error_code(errno, std::generic_category()).message());
}

struct DbCloser {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

} // namespace

struct LocalStore::Impl {
    // The memo ids this device has opened, for e2e::openSealedMemo (replay refusal).
    class MemoIds final : public e2e::MemoIdStore {
      public:
        explicit MemoIds(sqlite3* db) noexcept : m_db(db) {}
        [[nodiscard]] Result<bool> contains(std::span<const std::byte> memoId) const override
        {
            constexpr std::string_view op = "memoIds.contains";
            if (memoId.empty()) return failIn(ErrorCode::InvalidArgument, op, "an empty memo id");
            SANDI_ASSIGN(st, Statement::prepare(m_db, "SELECT 1 FROM memo_ids WHERE id = ?1", op));
            st.bind(1, memoId);
            return st.step();
        }
        Status remember(std::span<const std::byte> memoId) override
        {
            constexpr std::string_view op = "memoIds.remember";
            if (memoId.empty()) return failIn(ErrorCode::InvalidArgument, op, "an empty memo id");
            return inTransaction(m_db, op, [&]() -> Status {
                SANDI_ASSIGN(st, Statement::prepare(m_db, "INSERT OR IGNORE INTO memo_ids (id) VALUES (?1)", op));
                st.bind(1, memoId);
                return st.run();
            });
        }

      private:
        sqlite3* m_db;
    };

    explicit Impl(DbHandle db) noexcept : m_db(std::move(db)), m_memoIds(m_db.get()) {}
    [[nodiscard]] sqlite3* db() const noexcept { return m_db.get(); }

    DbHandle m_db;
    MemoIds m_memoIds;
};

Result<LocalStore> LocalStore::open(const std::filesystem::path& file, const crypto::SecureBuffer& key)
{
    if (key.size() != kHistoryKeyBytes)
        return failIn(ErrorCode::InvalidArgument, "open",
                      "the history key is not " + std::to_string(kHistoryKeyBytes) + " bytes");
    SANDI_TRY(createPrivateFile(file));
    sqlite3* raw = nullptr;
    const int rc =
        sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    DbHandle db(raw);
    if (rc != SQLITE_OK) return fail(sqliteError(db.get(), rc, "open"));
    sqlite3_extended_result_codes(db.get(), 1);

    SANDI_TRY(applyKey(db.get(), key));
    SANDI_TRY(requireSqlCipher(db.get()));
    SANDI_TRY(verifyKey(db.get()));
    // Nothing has been written yet: a wrong key, a foreign or a newer database leave the file as it was.
    sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
    SANDI_TRY(
        exec(db.get(), "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;", "open"));
    SANDI_ASSIGN(version, storedSchemaVersion(db.get()));
    SANDI_TRY(checkSchemaVersion(version));
    SANDI_TRY(enableWal(db.get()));
    SANDI_TRY(prepareSchema(db.get()));
    // The tokenizer of memo_fts, for turning search text into quoted terms.
    SANDI_TRY(exec(db.get(), "CREATE VIRTUAL TABLE temp.memo_tokens USING fts3tokenize('unicode61')", "open"));
    return LocalStore(std::make_unique<Impl>(std::move(db)));
}

LocalStore::LocalStore(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
LocalStore::LocalStore(LocalStore&&) noexcept = default;
LocalStore& LocalStore::operator=(LocalStore&&) noexcept = default;
LocalStore::~LocalStore() = default;

// History.

Status LocalStore::putMemo(const StoredMemo& memo)
{
    sqlite3* db = m_impl->db();
    return inTransaction(db, "putMemo", [&]() { return insertMemo(db, memo, "putMemo"); });
}

Result<std::optional<StoredMemo>> LocalStore::memo(const std::string& id)
{
    constexpr std::string_view op = "memo";
    sqlite3* db = m_impl->db();
    SANDI_ASSIGN(
        st, Statement::prepare(db, std::string("SELECT ") + kMemoColumns + " FROM memos AS m WHERE m.id = ?1", op));
    st.bind(1, id);
    SANDI_ASSIGN(found, readMemos(db, st));
    if (found.empty()) return std::optional<StoredMemo>();
    return std::optional<StoredMemo>(std::move(found.front()));
}

Result<std::vector<StoredMemo>> LocalStore::memos(int limit)
{
    constexpr std::string_view op = "memos";
    sqlite3* db = m_impl->db();
    SANDI_ASSIGN(sqlLimitValue, sqlLimit(limit, op));
    SANDI_ASSIGN(st, Statement::prepare(db,
                                        std::string("SELECT ") + kMemoColumns +
                                            " FROM memos AS m ORDER BY m.received_at DESC, m.seq DESC LIMIT ?1",
                                        op));
    st.bind(1, sqlLimitValue);
    return readMemos(db, st);
}

Status LocalStore::markRead(const std::string& id, std::int64_t at)
{
    constexpr std::string_view op = "markRead";
    sqlite3* db = m_impl->db();
    return inTransaction(db, op, [&]() -> Status {
        SANDI_ASSIGN(known, exists(db, "SELECT 1 FROM memos WHERE id = ?1", id, op));
        if (!known) return failIn(ErrorCode::NotFound, op, "no memo " + id);
        // The first reading on this device is the one kept.
        SANDI_ASSIGN(st, Statement::prepare(db, "UPDATE memos SET read_at = ?2 WHERE id = ?1 AND read_at IS NULL", op));
        st.bind(1, id).bind(2, at);
        return st.run();
    });
}

Status LocalStore::setDeliveryState(const std::string& id, DeliveryState state)
{
    constexpr std::string_view op = "setDeliveryState";
    if (state > DeliveryState::Read) return failIn(ErrorCode::InvalidArgument, op, "unknown delivery state");
    sqlite3* db = m_impl->db();
    return inTransaction(db, op, [&]() -> Status {
        SANDI_ASSIGN(known, exists(db, "SELECT 1 FROM memos WHERE id = ?1", id, op));
        if (!known) return failIn(ErrorCode::NotFound, op, "no memo " + id);
        // Receipts arrive in any order: a lower state than the stored one changes nothing.
        SANDI_ASSIGN(st, Statement::prepare(db, "UPDATE memos SET state = ?2 WHERE id = ?1 AND state < ?2", op));
        st.bind(1, id).bind(2, std::int64_t{static_cast<std::uint8_t>(state)});
        return st.run();
    });
}

Result<std::vector<StoredMemo>> LocalStore::search(const std::string& text, int limit)
{
    constexpr std::string_view op = "search";
    if (text.size() > kMaxSearchTextBytes)
        return failIn(ErrorCode::InvalidArgument, op,
                      "the search text is longer than " + std::to_string(kMaxSearchTextBytes) + " bytes");
    sqlite3* db = m_impl->db();
    SANDI_ASSIGN(sqlLimitValue, sqlLimit(limit, op));
    SANDI_ASSIGN(query, ftsQuery(db, text));
    if (query.empty()) return std::vector<StoredMemo>();
    SANDI_ASSIGN(st, Statement::prepare(db,
                                        std::string("SELECT ") + kMemoColumns +
                                            " FROM memos AS m WHERE m.seq IN (SELECT docid FROM memo_fts WHERE "
                                            "memo_fts MATCH ?1) ORDER BY m.received_at DESC, m.seq DESC LIMIT ?2",
                                        op));
    st.bind(1, query).bind(2, sqlLimitValue);
    return readMemos(db, st);
}

Result<int> LocalStore::deleteExpired(std::int64_t nowSeconds)
{
    constexpr std::string_view op = "deleteExpired";
    sqlite3* db = m_impl->db();
    int deleted = 0;
    Status removed = inTransaction(db, op, [&]() -> Status {
        // Attachments go by the foreign key's cascade, FTS rows by the trigger.
        SANDI_ASSIGN(st,
                     Statement::prepare(db, "DELETE FROM memos WHERE expires_at IS NOT NULL AND expires_at <= ?1", op));
        st.bind(1, nowSeconds);
        SANDI_TRY(st.run());
        deleted = sqlite3_changes(db);
        // Merge the FTS segments so the deleted memos' terms leave the index's pages.
        if (deleted > 0) return exec(db, "INSERT INTO memo_fts (memo_fts) VALUES ('optimize')", op);
        return {};
    });
    if (!removed) return fail(std::move(removed).error());
    if (deleted > 0) {
        // Move the deletion out of the write-ahead log into the (secure-deleted) pages.
        // Busy (a reader elsewhere) is no failure: the next checkpoint does it.
        const int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
        if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
            return fail(sqliteError(db, rc, op));
    }
    return deleted;
}

// Inbox deduplication.

Result<bool> LocalStore::seenDelivery(const std::string& senderDevice, const std::string& clientId)
{
    SANDI_ASSIGN(st, Statement::prepare(m_impl->db(),
                                        "SELECT 1 FROM deliveries WHERE sender_device = ?1 AND client_id = ?2",
                                        "seenDelivery"));
    st.bind(1, senderDevice).bind(2, clientId);
    return st.step();
}

namespace {
Status insertDelivery(sqlite3* db, const std::string& senderDevice, const std::string& clientId, std::int64_t at,
                      bool refuseKnown, std::string_view op)
{
    if (senderDevice.empty() || clientId.empty())
        return failIn(ErrorCode::InvalidArgument, op, "a delivery needs a sender device and a client id");
    if (refuseKnown) {
        SANDI_ASSIGN(
            st, Statement::prepare(db, "SELECT 1 FROM deliveries WHERE sender_device = ?1 AND client_id = ?2", op));
        st.bind(1, senderDevice).bind(2, clientId);
        SANDI_ASSIGN(known, st.step());
        if (known) return failIn(ErrorCode::AlreadyExists, op, "this delivery was already processed");
    }
    // Remembering a known delivery again keeps the first time.
    SANDI_ASSIGN(st,
                 Statement::prepare(
                     db, "INSERT OR IGNORE INTO deliveries (sender_device, client_id, at) VALUES (?1, ?2, ?3)", op));
    st.bind(1, senderDevice).bind(2, clientId).bind(3, at);
    return st.run();
}
} // namespace

Status LocalStore::rememberDelivery(const std::string& senderDevice, const std::string& clientId, std::int64_t at)
{
    sqlite3* db = m_impl->db();
    return inTransaction(db, "rememberDelivery",
                         [&]() { return insertDelivery(db, senderDevice, clientId, at, false, "rememberDelivery"); });
}

Status LocalStore::putIncoming(const StoredMemo& memo, const std::string& senderDevice, const std::string& clientId)
{
    constexpr std::string_view op = "putIncoming";
    sqlite3* db = m_impl->db();
    return inTransaction(db, op, [&]() -> Status {
        SANDI_TRY(insertDelivery(db, senderDevice, clientId, memo.receivedAt, true, op));
        return insertMemo(db, memo, op);
    });
}

e2e::MemoIdStore& LocalStore::memoIds()
{
    return m_impl->m_memoIds;
}

// Outbox.

Status LocalStore::enqueue(const OutboxEntry& entry)
{
    constexpr std::string_view op = "enqueue";
    if (entry.clientId.empty()) return failIn(ErrorCode::InvalidArgument, op, "an outbox entry needs a client id");
    if (entry.attempts < 0) return failIn(ErrorCode::InvalidArgument, op, "a negative number of attempts");
    sqlite3* db = m_impl->db();
    SANDI_ASSIGN(copies, encodeCopies(entry, op));
    return inTransaction(db, op, [&]() -> Status {
        SANDI_ASSIGN(known, exists(db, "SELECT 1 FROM outbox WHERE client_id = ?1", entry.clientId, op));
        if (known) return failIn(ErrorCode::AlreadyExists, op, "client id " + entry.clientId + " is already queued");
        SANDI_ASSIGN(st, Statement::prepare(db,
                                            "INSERT INTO outbox (client_id, memo_id, created_at, expires_at, "
                                            "attempts, copies) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                            op));
        st.bind(1, entry.clientId)
            .bind(2, entry.memoId)
            .bind(3, entry.createdAt)
            .bind(4, entry.expiresAt)
            .bind(5, std::int64_t{entry.attempts})
            .bind(6, std::span<const std::byte>(copies));
        return st.run();
    });
}

Result<std::vector<OutboxEntry>> LocalStore::outbox()
{
    constexpr std::string_view op = "outbox";
    SANDI_ASSIGN(st, Statement::prepare(m_impl->db(),
                                        "SELECT client_id, memo_id, created_at, expires_at, attempts, copies FROM "
                                        "outbox ORDER BY created_at, rowid",
                                        op));
    std::vector<OutboxEntry> out;
    for (;;) {
        SANDI_ASSIGN(row, st.step());
        if (!row) return out;
        OutboxEntry e;
        e.clientId = st.text(0);
        e.memoId = st.text(1);
        e.createdAt = st.integer(2);
        e.expiresAt = st.integer(3);
        const std::int64_t attempts = st.integer(4);
        if (attempts < 0 || attempts > INT_MAX)
            return failIn(ErrorCode::InvalidInput, op, "a stored attempt count is damaged");
        e.attempts = static_cast<int>(attempts);
        SANDI_ASSIGN(copies, decodeCopies(st.blob(5), op));
        e.copies = std::move(copies);
        out.push_back(std::move(e));
    }
}

namespace {
// One UPDATE or DELETE by the outbox's client id; NotFound when no entry has it.
Status changeOutbox(sqlite3* db, const char* sql, const std::string& clientId, std::string_view op)
{
    return inTransaction(db, op, [&]() -> Status {
        SANDI_ASSIGN(st, Statement::prepare(db, sql, op));
        st.bind(1, clientId);
        SANDI_TRY(st.run());
        if (sqlite3_changes(db) == 0) return failIn(ErrorCode::NotFound, op, "no outbox entry " + clientId);
        return {};
    });
}
} // namespace

Status LocalStore::outboxAttempted(const std::string& clientId)
{
    return changeOutbox(m_impl->db(), "UPDATE outbox SET attempts = attempts + 1 WHERE client_id = ?1", clientId,
                        "outboxAttempted");
}

Status LocalStore::outboxDone(const std::string& clientId)
{
    return changeOutbox(m_impl->db(), "DELETE FROM outbox WHERE client_id = ?1", clientId, "outboxDone");
}

// Groups.

Status LocalStore::putGroup(const GroupRecord& group)
{
    constexpr std::string_view op = "putGroup";
    if (group.name.empty()) return failIn(ErrorCode::InvalidArgument, op, "a group needs a name");
    if (group.version > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return failIn(ErrorCode::InvalidArgument, op, "the group version is too large");
    sqlite3* db = m_impl->db();
    SANDI_ASSIGN(members, encodeList(group.members, op));
    return inTransaction(db, op, [&]() -> Status {
        {
            SANDI_ASSIGN(st, Statement::prepare(db, "SELECT version FROM group_records WHERE name = ?1", op));
            st.bind(1, group.name);
            SANDI_ASSIGN(row, st.step());
            if (row && st.integer(0) > static_cast<std::int64_t>(group.version))
                return failIn(ErrorCode::Policy, op,
                              "group version " + std::to_string(group.version) + " is older than the stored version " +
                                  std::to_string(st.integer(0)));
        }
        SANDI_ASSIGN(
            st, Statement::prepare(db,
                                   "INSERT OR REPLACE INTO group_records (name, owner, members, version) VALUES (?1, "
                                   "?2, ?3, ?4)",
                                   op));
        st.bind(1, group.name)
            .bind(2, group.owner)
            .bind(3, std::span<const std::byte>(members))
            .bind(4, static_cast<std::int64_t>(group.version));
        return st.run();
    });
}

namespace {
Result<GroupRecord> readGroup(const Statement& st)
{
    GroupRecord g;
    g.name = st.text(0);
    g.owner = st.text(1);
    SANDI_ASSIGN(members, decodeList(st.blob(2), st.operation()));
    g.members = std::move(members);
    const std::int64_t version = st.integer(3);
    if (version < 0) return failIn(ErrorCode::InvalidInput, st.operation(), "a stored group version is damaged");
    g.version = static_cast<std::uint64_t>(version);
    return g;
}
} // namespace

Result<std::optional<GroupRecord>> LocalStore::group(const std::string& name)
{
    SANDI_ASSIGN(st, Statement::prepare(m_impl->db(),
                                        "SELECT name, owner, members, version FROM group_records WHERE name = ?1",
                                        "group"));
    st.bind(1, name);
    SANDI_ASSIGN(row, st.step());
    if (!row) return std::optional<GroupRecord>();
    SANDI_ASSIGN(g, readGroup(st));
    return std::optional<GroupRecord>(std::move(g));
}

Result<std::vector<GroupRecord>> LocalStore::groups()
{
    SANDI_ASSIGN(st,
                 Statement::prepare(m_impl->db(),
                                    "SELECT name, owner, members, version FROM group_records ORDER BY name", "groups"));
    std::vector<GroupRecord> out;
    for (;;) {
        SANDI_ASSIGN(row, st.step());
        if (!row) return out;
        SANDI_ASSIGN(g, readGroup(st));
        out.push_back(std::move(g));
    }
}

// Settings.

Status LocalStore::setSetting(const std::string& key, const std::string& value)
{
    constexpr std::string_view op = "setSetting";
    if (key.empty()) return failIn(ErrorCode::InvalidArgument, op, "a setting needs a key");
    sqlite3* db = m_impl->db();
    return inTransaction(db, op, [&]() -> Status {
        SANDI_ASSIGN(st, Statement::prepare(db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)", op));
        st.bind(1, key).bind(2, value);
        return st.run();
    });
}

Result<std::optional<std::string>> LocalStore::setting(const std::string& key)
{
    SANDI_ASSIGN(st, Statement::prepare(m_impl->db(), "SELECT value FROM settings WHERE key = ?1", "setting"));
    st.bind(1, key);
    SANDI_ASSIGN(row, st.step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(st.text(0));
}

} // namespace sandi::client
