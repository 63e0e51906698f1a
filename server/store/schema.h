#pragma once

#include "shared/model/result.h"

class QSqlDatabase;

// The message store's tables and their versioned migrations (PRAGMA user_version).
namespace chat::server::schema {

inline constexpr int kVersion = 3;

// Brings the database to kVersion, one transaction per step; refuses a database newer than
// this server understands.
Result<void> migrate(QSqlDatabase &db);

} // namespace chat::server::schema
