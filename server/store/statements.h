#pragma once

#include "server/store/engine/dialect.h"
#include "shared/model/result.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <map>
#include <optional>

namespace chat::server {

// The message store's prepared statements, on its one connection: the same SQL on both
// engines, and what only PostgreSQL needs (the history's are HistoryReads').
struct Statements
{
    Statements(const QSqlDatabase &db, const Dialect &dialect);
    Result<void> prepare();

    // Messages and their rooms' counters, for n rooms or messages at once (one statement for
    // every room, or every message, of a batch; prepared when first needed, up to kMaxRows).
    // The inserted rows come back as (id, room_id, event_number), in no promised order.
    static constexpr int kMaxRows = 64;
    Result<QSqlQuery *> bumpRooms(int count);
    Result<QSqlQuery *> insertMessages(int count);
    // Idempotency-Keys.
    QSqlQuery roomId;
    QSqlQuery findKey;
    QSqlQuery insertKey;
    QSqlQuery forgetKeys;
    // The rooms directory.
    QSqlQuery roomActivity;
    QSqlQuery roomsNewest;
    QSqlQuery roomsBefore;
    // Moderation.
    QSqlQuery findMessage;
    QSqlQuery tombstone;
    QSqlQuery bumpRoomOnly;
    QSqlQuery insertRemoval;
    QSqlQuery insertBan;
    QSqlQuery activeBans;
    QSqlQuery deleteBan;
    // PostgreSQL: a transaction's lock on a room's Idempotency-Key, so that two origins given
    // the same key at once store one message (the second waits, then finds the key).
    std::optional<QSqlQuery> lockKey;

private:
    Dialect m_dialect; // (no QSqlDatabase: a lost connection must be removable before us)
    QString m_connectionName;
    // The statement for `count` rows: `head`, the row's placeholders `count` times, `tail`;
    // kept in `cache` by count.
    Result<QSqlQuery *> forRows(std::map<int, QSqlQuery> &cache, int count, const char *head,
                                const char *row, const char *tail);

    std::map<int, QSqlQuery> m_bumpRooms; // by number of rooms
    std::map<int, QSqlQuery> m_insertMessages; // by number of messages
};

} // namespace chat::server
