#pragma once

#include "shared/model/result.h"

#include <QString>
#include <QtGlobal>

class QSqlQuery;

// Database errors of this process, whichever store or thread met them (for /metrics): each
// statement or transaction that failed counts once, and so does each lost connection and each
// attempt to open it again that failed.
namespace chat::server::storeerrors {

void count();
quint64 total();

// A statement that failed: logged (chat.server.store.statement), counted, its query finished,
// and the 503 its caller answers with.
Error failedStatement(const QString &what, QSqlQuery &query);

} // namespace chat::server::storeerrors
