#pragma once

#include "server/store/sqliteconnection.h"
#include "shared/model/message.h"
#include "shared/model/result.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <memory>
#include <optional>

namespace chat::server {

class WalCheckpointer;

// The SQLite store behind the API: rooms with their event counters, and messages. All access
// happens on the thread that opened it. Every write is one committed transaction before the
// call returns, so an acknowledged message survives a crash of the process.
class MessageStore
{
public:
    MessageStore();
    ~MessageStore();
    MessageStore(const MessageStore &) = delete;
    MessageStore &operator=(const MessageStore &) = delete;

    // Opens (creating or migrating) the database file.
    Result<void> open(const QString &path, Sync sync = Sync::Full);
    // Background checkpoints that copied the write-ahead log into the database file so far.
    int backgroundCheckpoints() const;
    void close();
    bool isOpen() const;

    // Runs a trivial query: false when the database is no longer usable.
    bool isHealthy();

    struct NewMessage
    {
        QString room;
        QString from;
        QString text;
    };

    // Appends messages to their rooms (creating rooms), all in one transaction: either every one
    // is committed or none is. `date` is set by the store. Fails (and logs) on a database
    // failure.
    Result<QList<StoredMessage>> append(const QList<NewMessage> &messages);
    Result<StoredMessage> append(const NewMessage &message);

    // The room's event counter: the number of the last message, 0 for an unknown room.
    Result<qint64> currentEventNumber(const QString &room);

    // Up to `limit` messages of the room, newest first, with id < beforeId when given.
    Result<QList<StoredMessage>> history(const QString &room, int limit,
                                         std::optional<qint64> beforeId = {});

    // Messages with event numbers after..after+limit, oldest first (for replay).
    Result<QList<StoredMessage>> eventsAfter(const QString &room, qint64 after, int limit);

private:
    struct Statements;

    QSqlDatabase database() const;
    Result<void> prepareStatements();

    QString m_connectionName;
    std::unique_ptr<Statements> m_statements;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
};

} // namespace chat::server
