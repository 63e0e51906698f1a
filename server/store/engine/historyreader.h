#pragma once

#include "server/store/engine/sqlitestatement.h"
#include "shared/model/message.h"
#include "shared/model/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

struct sqlite3;

namespace chat::server {

// The reads behind every page load and every reconnection, on the store's connection through
// SqliteStatement: a room's event counter and its history, the latter rendered straight from
// SQLite's column bytes into the API's JSON (no QSqlQuery, QVariant, QString or Message per row).
class HistoryReader
{
public:
    // The message objects of a page, newest first, joined with ", " as the API lists them.
    struct Page
    {
        QByteArray items;
        QList<qsizetype> lengths; // each object's length in `items`, newest first
    };

    Result<void> prepare(sqlite3 *db);

    // The room's event counter: the number of its last event, 0 for an unknown room.
    Result<qint64> currentEvent(const QString &room);
    // Up to `limit` standing messages of the room, newest first, with id < beforeId when given.
    Result<Page> render(const QString &room, int limit, std::optional<qint64> beforeId);
    // The same messages as values.
    Result<QList<StoredMessage>> messages(const QString &room, int limit,
                                          std::optional<qint64> beforeId);
    // Events with numbers after..after+limit, oldest first (for replay), tombstones included.
    Result<QList<StoredMessage>> eventsAfter(const QString &room, qint64 after, int limit);

private:
    SqliteStatement &query(const QString &room, int limit, std::optional<qint64> beforeId);
    static Result<QList<StoredMessage>> collect(SqliteStatement &rows, const QString &room);

    SqliteStatement m_current;
    SqliteStatement m_newest;
    SqliteStatement m_before;
    SqliteStatement m_after;
};

} // namespace chat::server
