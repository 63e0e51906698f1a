#include "server/store/engine/sqlitehistoryreader.h"

#include "server/store/engine/messagesql.h"

#include <QDateTime>

#include <algorithm>
#include <cstring>

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

enum Column { Id, EventNumber, Sender, Text, CreatedMs, Removes, RemovedMs };

// A text column as compatjson quotes it: the stored UTF-8 bytes when they are ASCII (the same
// characters either way); else the UTF-16 SQLite converts them to, exactly what QtSql read, so
// the output keeps every byte Message::toJson() wrote for the same row.
compatjson::Text jsonText(const SqliteStatement &row, int column)
{
    const QByteArrayView utf8 = row.utf8(column);
    if (std::all_of(utf8.begin(), utf8.end(), [](char c) { return uchar(c) < 0x80; }))
        return QLatin1StringView(utf8.data(), utf8.size());
    return row.utf16(column);
}

} // namespace

Result<void> SqliteHistoryReader::prepare(sqlite3 *db)
{
    const std::pair<SqliteStatement *, const char *> all[] = {
        { &m_current, "SELECT last_event FROM rooms WHERE name = ?" },
        { &m_newest,
          "SELECT " CHAT_MESSAGE_COLUMNS " FROM messages m JOIN rooms r ON r.id = m.room_id"
          " WHERE r.name = ?1 AND " CHAT_STANDING " ORDER BY m.event_number DESC LIMIT ?2" },
        { &m_before,
          "SELECT " CHAT_MESSAGE_COLUMNS " FROM messages m JOIN rooms r ON r.id = m.room_id"
          " WHERE r.name = ?1 AND m.event_number < ?3 AND " CHAT_STANDING
          " ORDER BY m.event_number DESC LIMIT ?2" },
        { &m_after,
          "SELECT " CHAT_MESSAGE_COLUMNS " FROM messages m JOIN rooms r ON r.id = m.room_id"
          " WHERE r.name = ? AND m.event_number > ? ORDER BY m.event_number ASC LIMIT ?" },
        { &m_eventOf, CHAT_EVENT_OF_MESSAGE },
        { &m_idOf, CHAT_MESSAGE_OF_EVENT },
    };
    for (const auto &[statement, sql] : all) {
        if (auto prepared = statement->prepare(db, sql); !prepared)
            return prepared;
    }
    return {};
}

Result<qint64> SqliteHistoryReader::currentEvent(const QString &room)
{
    const StatementReset reset(m_current);
    m_current.bind(1, room);
    if (m_current.next())
        return m_current.int64(0);
    if (const QString problem = m_current.error(); !problem.isEmpty())
        return Error { u"cannot read event counter: %1"_s.arg(problem), 503 };
    return qint64(0);
}

Result<std::optional<qint64>> SqliteHistoryReader::eventOf(const QString &room, qint64 id)
{
    return single(m_eventOf, id, room);
}

Result<std::optional<qint64>> SqliteHistoryReader::idOf(const QString &room, qint64 number)
{
    return single(m_idOf, number, room);
}

Result<std::optional<qint64>> SqliteHistoryReader::single(SqliteStatement &statement, qint64 number,
                                                          const QString &room)
{
    const StatementReset reset(statement);
    statement.bind(1, number);
    statement.bind(2, room);
    if (statement.next())
        return std::optional<qint64>(statement.int64(0));
    if (const QString problem = statement.error(); !problem.isEmpty())
        return Error { u"cannot read history: %1"_s.arg(problem), 503 };
    return std::optional<qint64>();
}

Result<SqliteStatement *> SqliteHistoryReader::query(const QString &room, int limit,
                                                     std::optional<qint64> beforeId)
{
    const auto found = eventBound(room, beforeId);
    if (!found)
        return found.error();
    const std::optional<qint64> bound = *found;
    SqliteStatement &statement = bound ? m_before : m_newest;
    statement.bind(1, room);
    statement.bind(2, qint64(limit));
    if (bound)
        statement.bind(3, *bound);
    return &statement;
}

Result<SqliteHistoryReader::Page> SqliteHistoryReader::render(const QString &room, int limit,
                                                              std::optional<qint64> beforeId)
{
    const auto statement = query(room, limit, beforeId);
    if (!statement)
        return statement.error();
    SqliteStatement &rows = **statement;
    const StatementReset reset(rows);
    Page page;
    page.items.reserve(qsizetype(limit) * 96);
    while (rows.next()) {
        if (!page.items.isEmpty()) {
            const qsizetype end = page.items.size();
            page.items.resize(end + 2);
            std::memcpy(page.items.data() + end, ", ", 2); // append() would insert
        }
        const qsizetype objectStart = page.items.size();
        Message::appendJson(page.items, rows.int64(Id), jsonText(rows, Sender),
                            rows.int64(CreatedMs), jsonText(rows, Text));
        page.lengths.append(page.items.size() - objectStart);
    }
    if (const QString problem = rows.error(); !problem.isEmpty())
        return Error { u"cannot read history: %1"_s.arg(problem), 503 };
    return page;
}

Result<QList<StoredMessage>> SqliteHistoryReader::messages(const QString &room, int limit,
                                                           std::optional<qint64> beforeId)
{
    const auto statement = query(room, limit, beforeId);
    if (!statement)
        return statement.error();
    SqliteStatement &rows = **statement;
    const StatementReset reset(rows);
    return collect(rows, room);
}

Result<QList<StoredMessage>> SqliteHistoryReader::eventsAfter(const QString &room, qint64 after,
                                                              int limit)
{
    const StatementReset reset(m_after);
    m_after.bind(1, room);
    m_after.bind(2, after);
    m_after.bind(3, qint64(limit));
    return collect(m_after, room);
}

Result<QList<StoredMessage>> SqliteHistoryReader::collect(SqliteStatement &rows,
                                                          const QString &room)
{
    QList<StoredMessage> messages;
    while (rows.next()) {
        StoredMessage stored;
        stored.message.id = rows.int64(Id);
        stored.eventNumber = rows.int64(EventNumber);
        stored.message.from = rows.utf16(Sender).toString();
        stored.message.text = rows.utf16(Text).toString();
        stored.message.date = QDateTime::fromMSecsSinceEpoch(rows.int64(CreatedMs), Qt::UTC);
        stored.message.room = room;
        stored.removes = rows.int64(Removes);
        stored.removed = !rows.isNull(RemovedMs);
        messages.append(stored);
    }
    if (const QString problem = rows.error(); !problem.isEmpty())
        return Error { u"cannot read messages: %1"_s.arg(problem), 503 };
    return messages;
}

} // namespace chat::server
