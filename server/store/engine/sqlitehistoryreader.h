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

protected:
    Result<std::optional<qint64>> eventOf(const QString &room, qint64 id) override;
    Result<std::optional<qint64>> idOf(const QString &room, qint64 number) override;

private:
    // The history query for the page, bound and ready to step.
    Result<SqliteStatement *> query(const QString &room, int limit, std::optional<qint64> beforeId);
    // The one integer the statement reads for (number, room), or nothing when no row matches.
    static Result<std::optional<qint64>> single(SqliteStatement &statement, qint64 number,
                                                const QString &room);
    static Result<QList<StoredMessage>> collect(SqliteStatement &rows, const QString &room);

    SqliteStatement m_current;
    SqliteStatement m_newest;
    SqliteStatement m_before;
    SqliteStatement m_after;
    SqliteStatement m_eventOf;
    SqliteStatement m_idOf;
};

} // namespace chat::server
