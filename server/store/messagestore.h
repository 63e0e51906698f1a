#pragma once

#include "shared/message.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <memory>
#include <optional>

namespace chat::server {

class WalCheckpointer;

// A message together with its place in its room's event sequence (1, 2, 3...): the <n> of the
// SSE event id "room-<room>:<n>".
struct StoredMessage
{
    Message message;
    qint64 eventNumber = 0;
};

// The SQLite store behind the API: rooms with their event counters, and messages. All access
// happens on the thread that opened it. Every write is one committed transaction before the
// call returns, so an acknowledged message survives a crash of the process.
class MessageStore
{
public:
    static constexpr int kSchemaVersion = 1;

    MessageStore();
    ~MessageStore();
    MessageStore(const MessageStore &) = delete;
    MessageStore &operator=(const MessageStore &) = delete;

    // How a commit reaches the disk: Full syncs it before the commit returns (survives a power
    // cut); Normal leaves the WAL write to the OS (survives a crash of the process, not of the
    // machine), about twenty times cheaper here.
    enum class Sync { Full, Normal };

    // Opens (creating or migrating) the database file. Returns false with *error on failure.
    bool open(const QString &path, QString *error, Sync sync = Sync::Full);
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
    // is committed or none is. `date` is set by the store. Returns nothing on a database failure
    // (logged, *error set).
    std::optional<QList<StoredMessage>> append(const QList<NewMessage> &messages,
                                               QString *error = nullptr);
    std::optional<StoredMessage> append(const NewMessage &message, QString *error = nullptr);

    // The room's event counter: the number of the last message, 0 for an unknown room.
    // Returns nothing on a database failure.
    std::optional<qint64> currentEventNumber(const QString &room);

    // Up to `limit` messages of the room, newest first, with id < beforeId when given.
    std::optional<QList<StoredMessage>> history(const QString &room, int limit,
                                                std::optional<qint64> beforeId = {});

    // Messages with event numbers after..after+limit, oldest first (for replay).
    std::optional<QList<StoredMessage>> eventsAfter(const QString &room, qint64 after, int limit);

private:
    struct Statements;

    QSqlDatabase database() const;
    bool migrate(QString *error);
    bool prepareStatements(QString *error);

    QString m_connectionName;
    std::unique_ptr<Statements> m_statements;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
};

} // namespace chat::server
