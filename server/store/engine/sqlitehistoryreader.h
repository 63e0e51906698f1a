#pragma once

#include "server/store/engine/historyreads.h"
#include "server/store/engine/sqlitestatement.h"

struct sqlite3;

namespace chat::server {

// SQLite's HistoryReads, on the store's connection through SqliteStatement (SQLite's own API
// on QSQLITE's handle): the history is rendered straight from the column bytes into the API's
// JSON (no QSqlQuery, QVariant, QString or Message per row).
class SqliteHistoryReader final : public HistoryReads
{
public:
    Result<void> prepare(sqlite3 *db);

    Result<qint64> currentEvent(const QString &room) override;
    Result<Page> render(const QString &room, int limit, std::optional<qint64> beforeId) override;
    Result<QList<StoredMessage>> messages(const QString &room, int limit,
                                          std::optional<qint64> beforeId) override;
    Result<QList<StoredMessage>> eventsAfter(const QString &room, qint64 after, int limit) override;

private:
    SqliteStatement &query(const QString &room, int limit, std::optional<qint64> beforeId);
    static Result<QList<StoredMessage>> collect(SqliteStatement &rows, const QString &room);

    SqliteStatement m_current;
    SqliteStatement m_newest;
    SqliteStatement m_before;
    SqliteStatement m_after;
};

} // namespace chat::server
