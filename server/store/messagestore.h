#pragma once

#include "server/store/engine/databaseurl.h"
#include "server/store/engine/sqliteconnection.h"
#include "server/store/newestpages.h"
#include "shared/model/message.h"
#include "shared/model/result.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

namespace chat::server {

struct Statements;
class HistoryReads;
class PresenceTable;
class StoreConnection;
class WalCheckpointer;

// The store behind the API, on a SQLite file (one origin) or a PostgreSQL database (any number
// of origins): rooms with their event counters, and messages. All access happens on the
// thread that opened it. Every write is one committed transaction before the call returns, so
// an acknowledged message survives a crash of the process.
class MessageStore
{
public:
    MessageStore();
    ~MessageStore();
    MessageStore(const MessageStore &) = delete;
    MessageStore &operator=(const MessageStore &) = delete;

    // Opens (creating or migrating) the database --database names: a SQLite file path or a
    // postgresql:// URL (DatabaseUrl).
    Result<void> open(const QString &database, Sync sync = Sync::Full);
    Result<void> open(const DatabaseUrl &database, Sync sync = Sync::Full);
    // Background checkpoints that copied the write-ahead log into the database file so far.
    int backgroundCheckpoints() const;
    void close();
    bool isOpen() const;

    // Runs a trivial query: false when the database is no longer usable.
    bool isHealthy();

    // PostgreSQL: other origins may write to the same database. Each commit then wakes them
    // (NOTIFY on kRoomEventsChannel with the room's name, at the commit), and what the origins
    // share is kept in the database (presence()) or reloaded when woken (bans).
    bool isShared() const;
    static constexpr char kRoomEventsChannel[] = "chat_room_events"; // payload: the room
    static constexpr char kEphemeralChannel[] = "chat_ephemeral"; // payload: the sender's choice
    static constexpr char kBansChannel[] = "chat_bans"; // a ban was added or lifted
    // Wakes the other origins on `channel` (nothing on SQLite). Lossy: a wake-up, not a log.
    Result<void> notify(const char *channel, const QString &payload);
    // Its connection: the other origins' notifications, reconnections.
    StoreConnection &connection() { return *m_connection; }
    // Who is online, for origins sharing the database.
    PresenceTable &presence() { return *m_presence; }

    // How long an Idempotency-Key is remembered.
    static constexpr qint64 kIdempotencyKeyLifetimeMs = 24 * 60 * 60 * 1000;

    struct NewMessage
    {
        QString room;
        QString from;
        QString text;
        QString idempotencyKey {}; // empty: none
    };

    // What became of a message handed to append().
    struct Appended
    {
        enum class Outcome {
            Stored, // a new message
            Replayed, // its Idempotency-Key was used in this room for the same message: that one
            Conflict, // its key was used in this room for a different message: nothing stored
        };
        Outcome outcome = Outcome::Stored;
        StoredMessage message; // the new one, or the one first stored under the key
    };

    // Appends messages to their rooms (creating rooms), all in one transaction: either every one
    // is committed or none is. `date` is set by the store. A message whose Idempotency-Key was
    // used in its room less than a day ago is not stored again (Replayed, Conflict), nor is a
    // second one with the key of an earlier one in the same batch. Fails (and logs) on a
    // database failure.
    Result<QList<Appended>> append(const QList<NewMessage> &messages);
    // One message without a key: the stored message.
    Result<StoredMessage> append(const NewMessage &message);
    // Forgets the Idempotency-Keys used before `beforeMs` (ms since the epoch).
    Result<void> forgetIdempotencyKeys(qint64 beforeMs);

    // Removes message `messageId` of `room` for a moderator, in one transaction: the message
    // becomes a tombstone (its text cleared) and a removal event takes the room's next event
    // number. The removal event; 404 when the room has no such standing message.
    Result<StoredMessage> remove(const QString &room, qint64 messageId);

    // A nickname or an address that may not post until a time.
    struct Ban
    {
        enum class Kind { Nickname, Address };
        qint64 id = 0;
        Kind kind = Kind::Nickname;
        QString value;
        qint64 untilMs = 0; // ms since the epoch
        QString reason;
        qint64 createdMs = 0;
    };
    Result<qint64> addBan(const Ban &ban); // its id
    Result<QList<Ban>> activeBans(qint64 nowMs);
    Result<bool> removeBan(qint64 id); // false: no such ban

    // A room as the directory lists it.
    struct RoomSummary
    {
        QString name;
        qint64 messages = 0;
        qint64 lastMessageMs = 0; // ms since the epoch
    };
    // Up to `limit` rooms, the most recently active first; after the room named `before` in
    // that order when given (a 400 error when there is no such room).
    Result<QList<RoomSummary>> rooms(int limit, const QString &before = {});

    // The room's event counter: the number of the last message, 0 for an unknown room.
    Result<qint64> currentEventNumber(const QString &room);

    // Up to `limit` messages of the room, newest first, with id < beforeId when given.
    Result<QList<StoredMessage>> history(const QString &room, int limit,
                                         std::optional<qint64> beforeId = {});

    // The same page as the API sends it: the message objects (Message::toJson()), newest first,
    // joined with ", ", and the room's event counter, read before them. On SQLite the newest
    // page of a room read lately comes from memory (NewestPages), kept exact by every commit;
    // on a shared database other origins commit too, so it is always read.
    struct HistoryJson
    {
        QByteArray messages;
        qint64 currentEvent = 0;
    };
    Result<HistoryJson> historyJson(const QString &room, int limit,
                                    std::optional<qint64> beforeId = {});

    // Messages with event numbers after..after+limit, oldest first (for replay).
    Result<QList<StoredMessage>> eventsAfter(const QString &room, qint64 after, int limit);

private:
    QSqlDatabase database() const;
    // Migrates, then prepares the statements (the store's and presence's) on a new connection.
    Result<void> prepare(QSqlDatabase &db);
    // Runs `body` in one transaction, committed when it succeeds.
    Result<void> transaction(const std::function<Result<void>()> &body);
    // On a shared database: the other origins hear of the room at the commit.
    Result<void> wakeOthers(const QString &room);

    std::unique_ptr<StoreConnection> m_connection;
    std::unique_ptr<PresenceTable> m_presence;
    std::unique_ptr<Statements> m_statements;
    std::unique_ptr<HistoryReads> m_reader; // each engine's own
    NewestPages m_pages;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
};

} // namespace chat::server
