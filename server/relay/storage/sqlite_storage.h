// SPDX-License-Identifier: GPL-3.0-or-later
// The relay's default storage backend: one SQLite database (DATA/relay.db, QtSql's
// QSQLITE driver, WAL, synchronous=FULL) and one file per blob under DATA/blobs/.
//
// Like every Storage it is used from one thread, the one that opened it (QtSql
// connections belong to their thread). The SQL is kept portable (no SQLite-only
// functions, bound values only) so that the PostgreSQL backend can share it.
#pragma once

#include "storage.h"

#include <QSqlDatabase>
#include <QString>

#include <cstddef>
#include <memory>
#include <vector>

namespace sandi::server {

// The schema this binary writes; a database with a newer version is refused.
inline constexpr int kSqliteSchemaVersion = 1;
// How long SQLite waits for a lock another connection holds (sandi-relay audit-verify
// while the relay runs) before a statement fails.
inline constexpr int kSqliteBusyTimeoutMs = 5000;

class SqliteStorage final : public Storage {
  public:
    // Creates `dataDir`, dataDir/blobs/ and dataDir/relay.db as needed, migrates the
    // schema to kSqliteSchemaVersion. Unsupported for a database of a newer version.
    static Result<std::unique_ptr<SqliteStorage>> open(const QString& dataDir);
    ~SqliteStorage() override;
    SqliteStorage(const SqliteStorage&) = delete;
    SqliteStorage& operator=(const SqliteStorage&) = delete;

    Status begin() override;
    Status commit() override;
    void rollback() override;
    Status savepoint() override;
    Status releaseSavepoint() override;
    void rollbackToSavepoint() override;

    MessageStore& messages() override;
    PreKeyStore& prekeys() override;
    DirectoryStore& directory() override;
    BlobStore& blobs() override;
    AuditStore& audit() override;

  private:
    class Messages;
    class PreKeys;
    class Directory;
    class Blobs;
    class Audit;
    class Statements;

    explicit SqliteStorage(QString dataDir);
    Status connect();
    Status migrate();
    Status exec(const QString& sql, const char* what);
    // The same through a prepared statement kept for reuse (transaction control, run
    // for every job of every batch).
    Status control(const QString& sql, const char* what);
    // Blob files are deleted only once the transaction that deleted their rows has
    // committed (immediately outside a transaction), so a rollback never leaves a row
    // without its file.
    void unlinkAfterCommit(const QString& path);
    void unlinkPending();

    QString m_dataDir;
    QString m_connectionName;
    QSqlDatabase m_db;
    bool m_inTransaction = false;
    std::vector<QString> m_pendingUnlinks;
    std::vector<std::size_t> m_savepointMarks; // m_pendingUnlinks.size() at each savepoint
    std::unique_ptr<Messages> m_messages;
    std::unique_ptr<PreKeys> m_prekeys;
    std::unique_ptr<Directory> m_directory;
    std::unique_ptr<Blobs> m_blobs;
    std::unique_ptr<Audit> m_audit;
    std::unique_ptr<Statements> m_statements; // prepared, reused; over m_db
};

} // namespace sandi::server
