#include "server/store/messagestore.h"

#include "server/store/schema.h"
#include "server/store/walcheckpointer.h"

#include <QHash>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

Q_LOGGING_CATEGORY(lcStore, "chat.server.store")

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

using sqliteconnection::describe;

// With synchronous=NORMAL checkpoints run on WalCheckpointer's thread, and SQLite's own (inside
// a commit, on the event loop, where its WAL sync stalled a request for ~15 ms) only bounds the
// log if that thread falls far behind (~40 MB). With FULL the WAL is already synced at each
// commit, the in-loop checkpoint is cheap, and measured throughput was better without the
// extra thread.
int autoCheckpointPages(Sync sync)
{
    return sync == Sync::Full ? 1000 : 10000;
}

StoredMessage readMessage(const QSqlQuery &query, const QString &room)
{
    // Columns: id, event_number, sender, text, created_ms
    StoredMessage stored;
    stored.message.id = query.value(0).toLongLong();
    stored.eventNumber = query.value(1).toLongLong();
    stored.message.from = query.value(2).toString();
    stored.message.text = query.value(3).toString();
    stored.message.date = QDateTime::fromMSecsSinceEpoch(query.value(4).toLongLong(), Qt::UTC);
    stored.message.room = room;
    return stored;
}

Error failure(const QString &what, const QSqlError &sqlError)
{
    const QString problem = u"%1: %2"_s.arg(what, describe(sqlError));
    qCWarning(lcStore).noquote() << problem;
    return Error { problem, 503 };
}

Error notOpen()
{
    return Error { u"database is not open"_s, 503 };
}

Result<QList<StoredMessage>> collect(QSqlQuery &query, const QString &room)
{
    if (!query.exec())
        return failure(u"query failed"_s, query.lastError());
    QList<StoredMessage> result;
    while (query.next())
        result.append(readMessage(query, room));
    query.finish();
    return result;
}

} // namespace

struct MessageStore::Statements
{
    explicit Statements(const QSqlDatabase &db)
        : bumpRoom(db)
        , insertMessage(db)
        , currentEvent(db)
        , newest(db)
        , before(db)
        , after(db)
    { }
    QSqlQuery bumpRoom;
    QSqlQuery insertMessage;
    QSqlQuery currentEvent;
    QSqlQuery newest;
    QSqlQuery before;
    QSqlQuery after;
};

MessageStore::MessageStore()
    : m_connectionName(sqliteconnection::uniqueName(u"chat-store"_s))
{ }

MessageStore::~MessageStore()
{
    close();
}

QSqlDatabase MessageStore::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Result<void> MessageStore::open(const QString &path, Sync sync)
{
    close();
    if (auto opened
        = sqliteconnection::open(m_connectionName, path, sync, autoCheckpointPages(sync));
        !opened)
        return opened.error();
    const auto ready = [this]() -> Result<void> {
        QSqlDatabase db = database();
        if (auto migrated = schema::migrate(db); !migrated)
            return migrated;
        return prepareStatements();
    }();
    if (!ready) {
        close();
        return ready;
    }
    if (sync == Sync::Normal)
        m_checkpointer = std::make_unique<WalCheckpointer>(path);
    qCInfo(lcStore) << "opened" << path << "schema version" << schema::kVersion;
    return {};
}

void MessageStore::close()
{
    m_checkpointer.reset();
    m_statements.reset();
    sqliteconnection::close(m_connectionName);
}

int MessageStore::backgroundCheckpoints() const
{
    return m_checkpointer ? m_checkpointer->checkpoints() : 0;
}

bool MessageStore::isOpen() const
{
    return m_statements && database().isOpen();
}

Result<void> MessageStore::prepareStatements()
{
    auto statements = std::make_unique<Statements>(database());
    const std::pair<QSqlQuery *, const char *> all[] = {
        { &statements->bumpRoom,
          "INSERT INTO rooms (name, last_event) VALUES (?, ?)"
          " ON CONFLICT (name) DO UPDATE SET last_event = last_event + excluded.last_event"
          " RETURNING id, last_event" },
        { &statements->insertMessage,
          "INSERT INTO messages (room_id, event_number, sender, text, created_ms)"
          " VALUES (?, ?, ?, ?, ?)" },
        { &statements->currentEvent, "SELECT last_event FROM rooms WHERE name = ?" },
        { &statements->newest,
          "SELECT m.id, m.event_number, m.sender, m.text, m.created_ms FROM messages m"
          " JOIN rooms r ON r.id = m.room_id WHERE r.name = ? ORDER BY m.id DESC LIMIT ?" },
        { &statements->before,
          "SELECT m.id, m.event_number, m.sender, m.text, m.created_ms FROM messages m"
          " JOIN rooms r ON r.id = m.room_id WHERE r.name = ? AND m.id < ?"
          " ORDER BY m.id DESC LIMIT ?" },
        { &statements->after,
          "SELECT m.id, m.event_number, m.sender, m.text, m.created_ms FROM messages m"
          " JOIN rooms r ON r.id = m.room_id WHERE r.name = ? AND m.event_number > ?"
          " ORDER BY m.event_number ASC LIMIT ?" },
    };
    for (const auto &[query, sql] : all) {
        if (!query->prepare(QString::fromLatin1(sql)))
            return Error { u"cannot prepare statement: %1"_s.arg(describe(query->lastError())) };
    }
    m_statements = std::move(statements);
    return {};
}

bool MessageStore::isHealthy()
{
    if (!isOpen())
        return false;
    QSqlQuery query(database());
    return query.exec(u"SELECT count(*) FROM rooms"_s) && query.next();
}

Result<QList<StoredMessage>> MessageStore::append(const QList<NewMessage> &messages)
{
    if (!isOpen())
        return notOpen();
    QSqlDatabase db = database();
    if (!db.transaction())
        return failure(u"cannot begin transaction"_s, db.lastError());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // One counter update per room of the batch, not per message: its event numbers are then
    // handed out in order.
    struct Numbering
    {
        qint64 count = 0;
        qint64 roomId = 0;
        qint64 next = 0;
    };
    QHash<QString, Numbering> rooms;
    for (const NewMessage &message : messages)
        ++rooms[message.room].count;
    for (auto it = rooms.begin(); it != rooms.end(); ++it) {
        QSqlQuery &bump = m_statements->bumpRoom;
        bump.bindValue(0, it.key());
        bump.bindValue(1, it->count);
        if (!bump.exec() || !bump.next()) {
            const Error error = failure(u"cannot update room"_s, bump.lastError());
            bump.finish();
            db.rollback();
            return error;
        }
        it->roomId = bump.value(0).toLongLong();
        it->next = bump.value(1).toLongLong() - it->count + 1;
        bump.finish();
    }
    QList<StoredMessage> stored;
    stored.reserve(messages.size());
    for (const NewMessage &message : messages) {
        Numbering &room = rooms[message.room];
        const qint64 eventNumber = room.next++;
        QSqlQuery &insert = m_statements->insertMessage;
        insert.bindValue(0, room.roomId);
        insert.bindValue(1, eventNumber);
        insert.bindValue(2, message.from);
        insert.bindValue(3, message.text);
        insert.bindValue(4, now.toMSecsSinceEpoch());
        if (!insert.exec()) {
            const Error error = failure(u"cannot insert message"_s, insert.lastError());
            db.rollback();
            return error;
        }
        StoredMessage entry;
        entry.message.id = insert.lastInsertId().toLongLong();
        entry.message.room = message.room;
        entry.message.from = message.from;
        entry.message.text = message.text;
        entry.message.date = now;
        entry.eventNumber = eventNumber;
        stored.append(std::move(entry));
        insert.finish();
    }
    if (!db.commit()) {
        const Error error = failure(u"cannot commit"_s, db.lastError());
        db.rollback();
        return error;
    }
    if (m_checkpointer)
        m_checkpointer->noteCommit();
    return stored;
}

Result<StoredMessage> MessageStore::append(const NewMessage &message)
{
    auto stored = append(QList<NewMessage> { message });
    if (!stored)
        return stored.error();
    return stored->constFirst();
}

Result<qint64> MessageStore::currentEventNumber(const QString &room)
{
    if (!isOpen())
        return notOpen();
    QSqlQuery &query = m_statements->currentEvent;
    query.bindValue(0, room);
    if (!query.exec())
        return failure(u"cannot read event counter"_s, query.lastError());
    const qint64 current = query.next() ? query.value(0).toLongLong() : 0;
    query.finish();
    return current;
}

Result<QList<StoredMessage>> MessageStore::history(const QString &room, int limit,
                                                   std::optional<qint64> beforeId)
{
    if (!isOpen())
        return notOpen();
    if (beforeId) {
        QSqlQuery &query = m_statements->before;
        query.bindValue(0, room);
        query.bindValue(1, *beforeId);
        query.bindValue(2, limit);
        return collect(query, room);
    }
    QSqlQuery &query = m_statements->newest;
    query.bindValue(0, room);
    query.bindValue(1, limit);
    return collect(query, room);
}

Result<QList<StoredMessage>> MessageStore::eventsAfter(const QString &room, qint64 after, int limit)
{
    if (!isOpen())
        return notOpen();
    QSqlQuery &query = m_statements->after;
    query.bindValue(0, room);
    query.bindValue(1, after);
    query.bindValue(2, limit);
    return collect(query, room);
}

} // namespace chat::server
