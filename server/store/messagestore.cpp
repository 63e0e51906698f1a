#include "server/store/messagestore.h"

#include "server/store/appendtransaction.h"
#include "server/store/historyreader.h"
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

// With synchronous=NORMAL checkpoints run on WalCheckpointer's thread whenever commits pause,
// and SQLite's own (inside a commit, on the event loop: its syncs hold up that request) bounds
// the log under steady load, every 10,000 pages (~40 MB; at one client every ~1,600 posts).
// With FULL the WAL is already synced at each commit, the in-loop checkpoint is cheap, and
// measured throughput was better without the extra thread.
int autoCheckpointPages(Sync sync)
{
    return sync == Sync::Full ? 1000 : 10000;
}

Error failure(const QString &what, const QSqlError &sqlError)
{
    const QString problem = u"%1: %2"_s.arg(what, describe(sqlError));
    qCWarning(lcStore).noquote() << problem;
    return Error { problem, 503 };
}

// A failed read of the HistoryReader, logged like the rest.
Error failure(const Error &error)
{
    qCWarning(lcStore).noquote() << error.message;
    return error;
}

Error notOpen()
{
    return Error { u"database is not open"_s, 503 };
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
    m_pages.clear();
    m_reader.reset(); // its statements are finalized before the connection closes
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
    auto reader = std::make_unique<HistoryReader>();
    if (auto prepared = reader->prepare(sqliteconnection::handle(database())); !prepared)
        return prepared;
    m_statements = std::move(statements);
    m_reader = std::move(reader);
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
    QList<StoredMessage> stored;
    for (const Appended &result : *appended) {
        if (result.outcome == Appended::Outcome::Stored)
            stored.append(result.message);
    }
    m_pages.committed(stored);
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

Result<StoredMessage> MessageStore::remove(const QString &room, qint64 messageId)
{
    if (!isOpen())
        return notOpen();
    QSqlDatabase db = database();
    if (!db.transaction())
        return failure(u"cannot begin transaction"_s, db.lastError());
    const auto removal = [&]() -> Result<StoredMessage> {
        QSqlQuery &find = m_statements->findMessage;
        find.bindValue(0, room);
        find.bindValue(1, messageId);
        if (!find.exec())
            return failure(u"cannot find message"_s, find.lastError());
        if (!find.next()) {
            find.finish();
            return Error { u"room %1 has no message %2 (or it was removed already)"_s.arg(room).arg(
                               messageId),
                           404 };
        }
        const qint64 roomId = find.value(1).toLongLong();
        find.finish();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QSqlQuery &tombstone = m_statements->tombstone;
        tombstone.bindValue(0, now);
        tombstone.bindValue(1, messageId);
        if (!tombstone.exec())
            return failure(u"cannot remove message"_s, tombstone.lastError());
        QSqlQuery &bump = m_statements->bumpRoomOnly;
        bump.bindValue(0, roomId);
        if (!bump.exec() || !bump.next())
            return failure(u"cannot update room"_s, bump.lastError());
        StoredMessage event;
        event.eventNumber = bump.value(0).toLongLong();
        bump.finish();
        QSqlQuery &insert = m_statements->insertRemoval;
        insert.bindValue(0, roomId);
        insert.bindValue(1, event.eventNumber);
        insert.bindValue(2, now);
        insert.bindValue(3, messageId);
        if (!insert.exec())
            return failure(u"cannot record the removal"_s, insert.lastError());
        event.message.id = insert.lastInsertId().toLongLong();
        event.message.room = room;
        event.message.date = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
        event.removes = messageId;
        insert.finish();
        return event;
    }();
    if (!removal) {
        db.rollback();
        return removal;
    }
    if (!db.commit()) {
        const Error error = failure(u"cannot commit"_s, db.lastError());
        db.rollback();
        return error;
    }
    m_pages.forget(room); // the removed message may be on it
    return removal;
}

Result<qint64> MessageStore::addBan(const Ban &ban)
{
    if (!isOpen())
        return notOpen();
    QSqlQuery &insert = m_statements->insertBan;
    insert.bindValue(0, ban.kind == Ban::Kind::Nickname ? u"nickname"_s : u"address"_s);
    insert.bindValue(1, ban.value);
    insert.bindValue(2, ban.untilMs);
    insert.bindValue(3, ban.reason.isNull() ? u""_s : ban.reason); // NULL would break NOT NULL
    insert.bindValue(4, QDateTime::currentMSecsSinceEpoch());
    if (!insert.exec())
        return failure(u"cannot record the ban"_s, insert.lastError());
    const qint64 id = insert.lastInsertId().toLongLong();
    insert.finish();
    return id;
}

Result<QList<MessageStore::Ban>> MessageStore::activeBans(qint64 nowMs)
{
    if (!isOpen())
        return notOpen();
    QSqlQuery &query = m_statements->activeBans;
    query.bindValue(0, nowMs);
    if (!query.exec())
        return failure(u"cannot read bans"_s, query.lastError());
    QList<Ban> bans;
    while (query.next()) {
        Ban ban;
        ban.id = query.value(0).toLongLong();
        ban.kind
            = query.value(1).toString() == u"nickname" ? Ban::Kind::Nickname : Ban::Kind::Address;
        ban.value = query.value(2).toString();
        ban.untilMs = query.value(3).toLongLong();
        ban.reason = query.value(4).toString();
        ban.createdMs = query.value(5).toLongLong();
        bans.append(ban);
    }
    query.finish();
    return bans;
}

Result<bool> MessageStore::removeBan(qint64 id)
{
    if (!isOpen())
        return notOpen();
    QSqlQuery &query = m_statements->deleteBan;
    query.bindValue(0, id);
    if (!query.exec())
        return failure(u"cannot remove the ban"_s, query.lastError());
    const bool removed = query.numRowsAffected() > 0;
    query.finish();
    return removed;
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
    auto current = m_reader->currentEvent(room);
    if (!current)
        return failure(current.error());
    return current;
}

Result<QList<StoredMessage>> MessageStore::history(const QString &room, int limit,
                                                   std::optional<qint64> beforeId)
{
    if (!isOpen())
        return notOpen();
    auto messages = m_reader->messages(room, limit, beforeId);
    if (!messages)
        return failure(messages.error());
    return messages;
}

Result<MessageStore::HistoryJson> MessageStore::historyJson(const QString &room, int limit,
                                                            std::optional<qint64> beforeId)
{
    if (!isOpen())
        return notOpen();
    if (!beforeId) {
        if (auto page = m_pages.find(room, limit))
            return HistoryJson { std::move(page->items), page->currentEvent };
    }
    // The counter first, as the original demo does: a message committed in between shows up
    // in both the list and the stream, and clients de-duplicate by id; the other order loses
    // it. (Everything here runs on one thread, so nothing commits in between today.)
    const auto current = m_reader->currentEvent(room);
    if (!current)
        return failure(current.error());
    const bool fillsPage = !beforeId && limit <= NewestPages::kPageSize;
    auto page = m_reader->render(room, fillsPage ? NewestPages::kPageSize : limit, beforeId);
    if (!page)
        return failure(page.error());
    if (!fillsPage)
        return HistoryJson { std::move(page->items), *current };
    HistoryJson json { NewestPages::prefix(page->items, page->lengths, limit), *current };
    m_pages.store(room, *current, std::move(page->items), std::move(page->lengths));
    return json;
}

Result<QList<StoredMessage>> MessageStore::eventsAfter(const QString &room, qint64 after, int limit)
{
    if (!isOpen())
        return notOpen();
    auto events = m_reader->eventsAfter(room, after, limit);
    if (!events)
        return failure(events.error());
    return events;
}

} // namespace chat::server
