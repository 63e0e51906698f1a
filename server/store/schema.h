#pragma once

#include "shared/model/result.h"

class QSqlDatabase;

namespace chat::server {
class Dialect;
}

// The message store's tables and their versioned migrations, the same steps on both engines
// (the version in PRAGMA user_version on SQLite, in table schema_version on PostgreSQL).
namespace chat::server::schema {

inline constexpr int kVersion = 5;

// Brings the database to kVersion, one transaction per step; refuses a database newer than
// this server understands. Origins that start at once on one PostgreSQL database migrate one
// after the other (each step under an advisory lock, the version read again under it).
Result<void> migrate(QSqlDatabase &db, const Dialect &dialect);

} // namespace chat::server::schema
