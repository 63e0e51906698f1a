#include "server/store/statements.h"

#include "server/store/engine/messagesql.h"
#include "server/store/engine/sqliteconnection.h"

#include <QSqlError>

using namespace Qt::StringLiterals;

namespace chat::server {

// Adds to the counters of rooms (creating them), each row (name, added events, now): the rows,
// then what becomes of a name already there, and what is returned of each.
#define kBumpRooms "INSERT INTO rooms (name, last_event, last_message_ms) VALUES "
#define kBumpedRooms                                                                               \
    " ON CONFLICT (name) DO UPDATE SET last_event = rooms.last_event + excluded.last_event,"       \
    " last_message_ms = excluded.last_message_ms RETURNING id, last_event, name"

#define kInsertMessages                                                                            \
    "INSERT INTO messages (room_id, event_number, sender, text, created_ms) VALUES "
#define kInsertedMessages " RETURNING id, room_id, event_number"

Result<QSqlQuery *> Statements::bumpRooms(int count)
{
    return forRows(m_bumpRooms, count, kBumpRooms, "(?, ?, ?)", kBumpedRooms);
}

Result<QSqlQuery *> Statements::insertMessages(int count)
{
    return forRows(m_insertMessages, count, kInsertMessages, "(?, ?, ?, ?, ?)", kInsertedMessages);
}

Result<QSqlQuery *> Statements::forRows(std::map<int, QSqlQuery> &cache, int count,
                                        const char *head, const char *row, const char *tail)
{
    Q_ASSERT(count > 0 && count <= kMaxRows);
    if (const auto found = cache.find(count); found != cache.end())
        return &found->second;
    QString sql = QString::fromLatin1(head);
    for (int i = 0; i < count; ++i) {
        if (i > 0)
            sql += u", "_s;
        sql += QLatin1StringView(row);
    }
    sql += QString::fromLatin1(tail);
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.prepare(sql))
        return Error { u"cannot prepare statement: %1"_s.arg(
            sqliteconnection::describe(query.lastError())) };
    return &cache.emplace(count, std::move(query)).first->second;
}

Statements::Statements(const QSqlDatabase &db, const Dialect &dialect)
    : roomId(db)
    , findKey(db)
    , insertKey(db)
    , forgetKeys(db)
    , roomActivity(db)
    , roomsNewest(db)
    , roomsBefore(db)
    , findMessage(db)
    , tombstone(db)
    , bumpRoomOnly(db)
    , insertRemoval(db)
    , insertBan(db)
    , activeBans(db)
    , deleteBan(db)
    , m_dialect(dialect)
    , m_connectionName(db.connectionName())
{
    if (!dialect.lockText().isEmpty())
        lockKey.emplace(db);
}

Result<void> Statements::prepare()
{
    const std::pair<QSqlQuery *, const char *> all[] = {
        { &roomId, "SELECT id FROM rooms WHERE name = ?" },
        { &findKey,
          "SELECT " CHAT_MESSAGE_COLUMNS " FROM idempotency_keys k"
          " JOIN messages m ON m.id = k.message_id"
          " WHERE k.room_id = ? AND k.key = ? AND k.created_ms >= ?" },
        { &insertKey,
          "INSERT INTO idempotency_keys (room_id, key, message_id, created_ms) VALUES (?, ?, ?, ?)"
          " ON CONFLICT (room_id, key) DO UPDATE SET message_id = excluded.message_id,"
          " created_ms = excluded.created_ms" },
        { &forgetKeys, "DELETE FROM idempotency_keys WHERE created_ms < ?" },
        { &roomActivity, "SELECT last_message_ms FROM rooms WHERE name = ?" },
        { &roomsNewest,
          "SELECT name, last_event, last_message_ms FROM rooms"
          " ORDER BY last_message_ms DESC, name ASC LIMIT ?" },
        { &roomsBefore,
          "SELECT name, last_event, last_message_ms FROM rooms"
          " WHERE last_message_ms < ? OR (last_message_ms = ? AND name > ?)"
          " ORDER BY last_message_ms DESC, name ASC LIMIT ?" },
        { &findMessage,
          "SELECT m.id, r.id FROM messages m JOIN rooms r ON r.id = m.room_id"
          " WHERE r.name = ? AND m.id = ? AND " CHAT_STANDING },
        { &tombstone, "UPDATE messages SET removed_ms = ?, text = '' WHERE id = ?" },
        { &bumpRoomOnly,
          "UPDATE rooms SET last_event = last_event + 1 WHERE id = ? RETURNING last_event" },
        { &insertRemoval,
          "INSERT INTO messages (room_id, event_number, sender, text, created_ms, removes)"
          " VALUES (?, ?, '', '', ?, ?) RETURNING id" },
        { &insertBan,
          "INSERT INTO bans (kind, value, until_ms, reason, created_ms) VALUES (?, ?, ?, ?, ?)"
          " RETURNING id" },
        { &activeBans,
          "SELECT id, kind, value, until_ms, reason, created_ms FROM bans WHERE until_ms > ?"
          " ORDER BY id" },
        { &deleteBan, "DELETE FROM bans WHERE id = ?" },
    };
    for (const auto &[query, sql] : all) {
        if (!query->prepare(QString::fromLatin1(sql)))
            return Error { u"cannot prepare statement: %1"_s.arg(
                sqliteconnection::describe(query->lastError())) };
    }
    // The one-row forms now, so that an open store has checked the SQL of the batches too.
    if (auto bump = bumpRooms(1); !bump)
        return bump.error();
    if (auto insert = insertMessages(1); !insert)
        return insert.error();
    if (lockKey) {
        if (!lockKey->prepare(m_dialect.lockText()))
            return Error { u"cannot prepare statement: %1"_s.arg(
                sqliteconnection::describe(lockKey->lastError())) };
    }
    return {};
}

} // namespace chat::server
