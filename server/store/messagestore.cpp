#include "server/store/messagestore.h"

#include "server/store/appendtransaction.h"
#include "server/store/schema.h"
#include "server/store/statements.h"
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
    if (auto prepared = statements->prepare(); !prepared)
        return prepared;
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

Result<QList<MessageStore::Appended>> MessageStore::append(const QList<NewMessage> &messages)
{
    if (!isOpen())
        return notOpen();
    QSqlDatabase db = database();
    if (!db.transaction())
        return failure(u"cannot begin transaction"_s, db.lastError());
    auto appended
        = AppendTransaction(*m_statements, QDateTime::currentMSecsSinceEpoch()).run(messages);
    if (!appended) {
        db.rollback();
        return appended;
    }
    if (!db.commit()) {
        const Error error = failure(u"cannot commit"_s, db.lastError());
        db.rollback();
        return error;
    }
    if (m_checkpointer)
        m_checkpointer->noteCommit();
    return appended;
}

Result<StoredMessage> MessageStore::append(const NewMessage &message)
{
    auto appended = append(QList<NewMessage> { message });
    if (!appended)
        return appended.error();
    return appended->constFirst().message;
}

Result<void> MessageStore::forgetIdempotencyKeys(qint64 beforeMs)
{
    if (!isOpen())
        return notOpen();
    QSqlQuery &forget = m_statements->forgetKeys;
    forget.bindValue(0, beforeMs);
    if (!forget.exec())
        return failure(u"cannot forget idempotency keys"_s, forget.lastError());
    forget.finish();
    return {};
}

Result<QList<MessageStore::RoomSummary>> MessageStore::rooms(int limit, const QString &before)
{
    if (!isOpen())
        return notOpen();
    QSqlQuery *query = &m_statements->roomsNewest;
    if (!before.isEmpty()) {
        QSqlQuery &activity = m_statements->roomActivity;
        activity.bindValue(0, before);
        if (!activity.exec())
            return failure(u"cannot read room"_s, activity.lastError());
        if (!activity.next()) {
            activity.finish();
            return QList<RoomSummary>();
        }
        const qint64 lastMs = activity.value(0).toLongLong();
        activity.finish();
        query = &m_statements->roomsBefore;
        query->bindValue(0, lastMs);
        query->bindValue(1, lastMs);
        query->bindValue(2, before);
        query->bindValue(3, limit);
    } else {
        query->bindValue(0, limit);
    }
    if (!query->exec())
        return failure(u"cannot list rooms"_s, query->lastError());
    QList<RoomSummary> rooms;
    while (query->next())
        rooms.append({ query->value(0).toString(), query->value(1).toLongLong(),
                       query->value(2).toLongLong() });
    query->finish();
    return rooms;
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
