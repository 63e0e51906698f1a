#pragma once

#include "shared/model/result.h"

#include <QSqlDatabase>
#include <QString>

struct sqlite3;

namespace chat::server {

// How a commit reaches the disk: Full syncs it before the commit returns (survives a power
// cut); Normal leaves the WAL write to the OS (survives a crash of the process, not of the
// machine), about twenty times cheaper here.
enum class Sync { Full, Normal };

// The one place that opens and configures a connection to the SQLite file: WAL, the sync mode,
// a busy timeout, foreign keys. Each connection belongs to the thread that opens it, under a
// name of its own (QSqlDatabase's registry).
namespace sqliteconnection {

// A new connection name with `prefix`, unique in the process.
QString uniqueName(const QString &prefix);

// Opens `path` as connection `name`, configured for `sync`; `autoCheckpointPages` is SQLite's
// wal_autocheckpoint. Fails (and leaves no connection behind) naming the problem.
Result<QSqlDatabase> open(const QString &name, const QString &path, Sync sync,
                          int autoCheckpointPages);

// The SQLite handle under an open connection (nullptr if there is none), for SqliteStatement.
sqlite3 *handle(const QSqlDatabase &db);

// Closes and forgets connection `name`, if there is one.
void close(const QString &name);

// A database error as a sentence ("unknown database error" when SQLite gave none).
QString describe(const QSqlError &error);

} // namespace sqliteconnection
} // namespace chat::server
