#include "server/store/engine/sqlhistoryreader.h"

#include "server/store/engine/messagesql.h"
#include "server/store/engine/sqliteconnection.h"

#include <QDateTime>
#include <QSqlError>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

enum Column { Id, EventNumber, Sender, Text, CreatedMs, Removes, RemovedMs };

Error failure(const QString &what, const QSqlQuery &query)
{
    return Error { u"%1: %2"_s.arg(what, sqliteconnection::describe(query.lastError())), 503 };
}

} // namespace

SqlHistoryReader::SqlHistoryReader(const QSqlDatabase &db)
    : m_current(db)
    , m_newest(db)
    , m_before(db)
    , m_after(db)
    , m_eventOf(db)
    , m_idOf(db)
{ }

Result<void> SqlHistoryReader::prepare()
{
    const std::pair<QSqlQuery *, const char *> all[] = {
        { &m_current, "SELECT last_event FROM rooms WHERE name = ?" },
        { &m_newest,
          "SELECT " CHAT_MESSAGE_COLUMNS " FROM messages m JOIN rooms r ON r.id = m.room_id"
          " WHERE r.name = ? AND " CHAT_STANDING " ORDER BY m.event_number DESC LIMIT ?" },
        { &m_before,
          "SELECT " CHAT_MESSAGE_COLUMNS " FROM messages m JOIN rooms r ON r.id = m.room_id"
          " WHERE r.name = ? AND m.event_number < ? AND " CHAT_STANDING
          " ORDER BY m.event_number DESC LIMIT ?" },
        { &m_after,
          "SELECT " CHAT_MESSAGE_COLUMNS " FROM messages m JOIN rooms r ON r.id = m.room_id"
          " WHERE r.name = ? AND m.event_number > ? ORDER BY m.event_number ASC LIMIT ?" },
        { &m_eventOf, CHAT_EVENT_OF_MESSAGE },
        { &m_idOf, CHAT_MESSAGE_OF_EVENT },
    };
    for (const auto &[query, sql] : all) {
        if (!query->prepare(QString::fromLatin1(sql)))
            return failure(u"cannot prepare a history query"_s, *query);
    }
    return {};
}

Result<qint64> SqlHistoryReader::currentEvent(const QString &room)
{
    m_current.bindValue(0, room);
    if (!m_current.exec())
        return failure(u"cannot read event counter"_s, m_current);
    const qint64 current = m_current.next() ? m_current.value(0).toLongLong() : 0;
    m_current.finish();
    return current;
}

Result<HistoryReads::Page> SqlHistoryReader::render(const QString &room, int limit,
                                                    std::optional<qint64> beforeId)
{
    const auto stored = messages(room, limit, beforeId);
    if (!stored)
        return stored.error();
    Page page;
    for (const StoredMessage &message : *stored) {
        if (!page.items.isEmpty())
            page.items += ", ";
        const QByteArray json = message.message.toJson();
        page.items += json;
        page.lengths.append(json.size());
    }
    return page;
}

Result<QList<StoredMessage>> SqlHistoryReader::messages(const QString &room, int limit,
                                                        std::optional<qint64> beforeId)
{
    const auto found = eventBound(room, beforeId);
    if (!found)
        return found.error();
    const std::optional<qint64> bound = *found;
    QSqlQuery &query = bound ? m_before : m_newest;
    query.bindValue(0, room);
    if (bound) {
        query.bindValue(1, *bound);
        query.bindValue(2, limit);
    } else {
        query.bindValue(1, limit);
    }
    return collect(query, room);
}

Result<std::optional<qint64>> SqlHistoryReader::eventOf(const QString &room, qint64 id)
{
    return single(m_eventOf, id, room);
}

Result<std::optional<qint64>> SqlHistoryReader::idOf(const QString &room, qint64 number)
{
    return single(m_idOf, number, room);
}

Result<std::optional<qint64>> SqlHistoryReader::single(QSqlQuery &query, qint64 number,
                                                       const QString &room)
{
    query.bindValue(0, number);
    query.bindValue(1, room);
    if (!query.exec())
        return failure(u"cannot read history"_s, query);
    std::optional<qint64> value;
    if (query.next())
        value = query.value(0).toLongLong();
    query.finish();
    return value;
}

Result<QList<StoredMessage>> SqlHistoryReader::eventsAfter(const QString &room, qint64 after,
                                                           int limit)
{
    m_after.bindValue(0, room);
    m_after.bindValue(1, after);
    m_after.bindValue(2, limit);
    return collect(m_after, room);
}

Result<QList<StoredMessage>> SqlHistoryReader::collect(QSqlQuery &query, const QString &room)
{
    if (!query.exec())
        return failure(u"cannot read messages"_s, query);
    QList<StoredMessage> messages;
    while (query.next()) {
        StoredMessage stored;
        stored.message.id = query.value(Id).toLongLong();
        stored.eventNumber = query.value(EventNumber).toLongLong();
        stored.message.from = query.value(Sender).toString();
        stored.message.text = query.value(Text).toString();
        stored.message.date
            = QDateTime::fromMSecsSinceEpoch(query.value(CreatedMs).toLongLong(), Qt::UTC);
        stored.message.room = room;
        stored.removes = query.value(Removes).toLongLong();
        stored.removed = !query.value(RemovedMs).isNull();
        messages.append(stored);
    }
    query.finish();
    return messages;
}

} // namespace chat::server
