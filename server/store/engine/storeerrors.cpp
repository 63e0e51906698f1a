#include "server/store/engine/storeerrors.h"

#include "server/store/engine/sqliteconnection.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

Q_LOGGING_CATEGORY(lcStatement, "chat.server.store.statement")

using namespace Qt::StringLiterals;

namespace chat::server::storeerrors {

namespace {
std::atomic<quint64> g_errors { 0 };
}

void count()
{
    g_errors.fetch_add(1, std::memory_order_relaxed);
}

quint64 total()
{
    return g_errors.load(std::memory_order_relaxed);
}

Error failedStatement(const QString &what, QSqlQuery &query)
{
    const QString problem = u"%1: %2"_s.arg(what, sqliteconnection::describe(query.lastError()));
    qCWarning(lcStatement).noquote() << problem;
    count();
    query.finish();
    return Error { problem, 503 };
}

} // namespace chat::server::storeerrors
