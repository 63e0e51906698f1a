#pragma once

#include "server/store/engine/databaseurl.h"
#include "shared/model/result.h"

#include <QSqlDatabase>
#include <QString>

namespace chat::server {

// The one place that opens and configures a connection to a PostgreSQL server (Qt's QPSQL
// driver): a connect timeout and TCP keepalives, so that a server gone away is noticed in
// seconds, not minutes; the application name; synchronous_commit. Each connection belongs to
// the thread that opens it, under a name of its own (QSqlDatabase's registry).
namespace pgconnection {

// Opens the server `url` names as connection `name`. Without `synchronousCommit` a commit
// returns before PostgreSQL has flushed it (--synchronous normal). Fails (and leaves no
// connection behind) naming the problem, never the password.
Result<QSqlDatabase> open(const QString &name, const DatabaseUrl &url, bool synchronousCommit);

} // namespace pgconnection
} // namespace chat::server
