#include "server/store/messagestore.h"

#include "server/store/appendtransaction.h"
#include "server/store/banqueries.h"
#include "server/store/engine/sqlhistoryreader.h"
#include "server/store/engine/sqlitehistoryreader.h"
#include "server/store/engine/storeerrors.h"
#include "server/store/engine/walcheckpointer.h"
#include "server/store/presencetable.h"
#include "server/store/removaltransaction.h"
#include "server/store/schema.h"
#include "server/store/statements.h"
#include "server/store/storeconnection.h"

#include <QLoggingCategory>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

Q_LOGGING_CATEGORY(lcStore, "chat.server.store")

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

using sqliteconnection::describe;

// With synchronous=NORMAL checkpoints run on WalCheckpointer's thread, when commits pause and
// when the log is 10,000 pages long (~40 MB; at one client every ~1,600 posts); SQLite's own,
// inside a commit on the event loop, where its syncs hold up that request, only if that thread
// falls 40,000 pages behind. With FULL the WAL is already synced at each commit, the in-loop
// checkpoint is cheap, and measured throughput was better without the extra thread.
int autoCheckpointPages(Sync sync)
{
    return sync == Sync::Full ? 1000 : 4 * CheckpointPolicy {}.logPages;
}

Error failure(const QString &what, const QSqlError &sqlError)
{
    const QString problem = u"%1: %2"_s.arg(what, describe(sqlError));
    qCWarning(lcStore).noquote() << problem;
    storeerrors::count();
    return Error { problem, 503 };
}

// A failed read of the HistoryReads, logged and counted like the rest.
Error failure(const Error &error)
{
    qCWarning(lcStore).noquote() << error.message;
    storeerrors::count();
    return error;
}

Error notOpen()
{
    return Error { u"database is not open"_s, 503 };
}

} // namespace

MessageStore::MessageStore()
    : m_connection(std::make_unique<StoreConnection>())
    , m_presence(std::make_unique<PresenceTable>(*m_connection))
{
    // On every open, the first and each reconnection.
    m_connection->addUser({ [this](QSqlDatabase &db) { return prepare(db); },
                            [this] {
                                m_presence->release();
                                m_pages.clear();
                                m_reader.reset(); // finalized before the connection closes
                                m_statements.reset();
                            } });
}

MessageStore::~MessageStore()
{
    close();
}

QSqlDatabase MessageStore::database() const
{
    return m_connection->database();
}

Result<void> MessageStore::open(const QString &database, Sync sync)
{
    const auto url = DatabaseUrl::parse(database);
    if (!url)
        return url.error();
    return open(*url, sync);
}

Result<void> MessageStore::open(const DatabaseUrl &database, Sync sync)
{
    close();
    const StoreConnection::Options options { sync,
                                             autoCheckpointPages(sync),
                                             { QString::fromLatin1(kRoomEventsChannel),
                                               QString::fromLatin1(kEphemeralChannel),
                                               QString::fromLatin1(kBansChannel) } };
    if (auto opened = m_connection->open(database, options); !opened)
        return opened;
    if (sync == Sync::Normal && !database.isPostgres()) {
        m_checkpointer = std::make_unique<WalCheckpointer>(database.path);
        m_checkpointer->watch(sqliteconnection::handle(m_connection->database()),
                              autoCheckpointPages(sync));
    }
    qCInfo(lcStore).noquote() << "opened" << database.display() << "schema version"
                              << schema::kVersion;
    return {};
}

void MessageStore::close()
{
    m_checkpointer.reset();
    m_connection->close();
}

bool MessageStore::isShared() const
{
    return m_connection->url().isPostgres();
}

Result<void> MessageStore::notify(const char *channel, const QString &payload)
{
    auto sent = m_connection->notify(QString::fromLatin1(channel), payload);
    if (!sent)
        m_connection->noteFailure();
    return sent;
}

int MessageStore::backgroundCheckpoints() const
{
    return m_checkpointer ? m_checkpointer->checkpoints() : 0;
}

bool MessageStore::isOpen() const
{
    return m_connection->isOpen() && m_statements;
}

Result<void> MessageStore::prepare(QSqlDatabase &db)
{
    if (auto migrated = schema::migrate(db, m_connection->dialect()); !migrated)
        return migrated;
    auto statements = std::make_unique<Statements>(db, m_connection->dialect());
    if (auto prepared = statements->prepare(); !prepared)
        return prepared;
    // On SQLite the history is read through SQLite's own API, on the same connection.
    std::unique_ptr<HistoryReads> reader;
    if (m_connection->dialect().isPostgres()) {
        auto sql = std::make_unique<SqlHistoryReader>(db);
        if (auto prepared = sql->prepare(); !prepared)
            return failure(prepared.error());
        reader = std::move(sql);
    } else {
        auto sqlite = std::make_unique<SqliteHistoryReader>();
        if (auto prepared = sqlite->prepare(sqliteconnection::handle(db)); !prepared)
            return failure(prepared.error());
        reader = std::move(sqlite);
    }
    m_statements = std::move(statements);
    m_reader = std::move(reader);
    return m_presence->prepare(db);
}

bool MessageStore::isHealthy()
{
    if (!isOpen())
        return false;
    if (QSqlQuery(database()).exec(u"SELECT 1 FROM rooms LIMIT 1"_s))
        return true;
    m_connection->noteFailure();
    return false;
}

Result<void> MessageStore::transaction(const std::function<Result<void>()> &body)
{
    const Result<void> done = [&]() -> Result<void> {
        QSqlDatabase db = database();
        const Result<void> result = [&]() -> Result<void> {
            if (!db.transaction())
                return failure(u"cannot begin transaction"_s, db.lastError());
            if (auto ran = body(); !ran)
                return ran;
            if (!db.commit())
                return failure(u"cannot commit"_s, db.lastError());
            return {};
        }();
        if (!result && db.isOpen())
            db.rollback();
        return result;
    }();
    if (!done) {
        m_connection->noteFailure(); // with no handle on the connection left: it may go
        return done;
    }
    if (m_checkpointer)
        m_checkpointer->noteCommit();
    return {};
}

Result<void> MessageStore::wakeOthers(const QString &room)
{
    // Sent at the commit, and only if it commits.
    return m_connection->notify(QString::fromLatin1(kRoomEventsChannel), room);
}

Result<QList<MessageStore::Appended>> MessageStore::append(const QList<NewMessage> &messages)
{
    if (!isOpen())
        return notOpen();
    Result<QList<Appended>> appended = Error {};
    const auto committed = transaction([&]() -> Result<void> {
        appended
            = AppendTransaction(*m_statements, QDateTime::currentMSecsSinceEpoch()).run(messages);
        if (!appended)
            return appended.error();
        QSet<QString> rooms;
        for (const Appended &result : std::as_const(*appended)) {
            if (result.outcome == Appended::Outcome::Stored)
                rooms.insert(result.message.message.room);
        }
        for (const QString &room : std::as_const(rooms)) {
            if (auto woken = wakeOthers(room); !woken)
                return woken;
        }
        return {};
    });
    if (!committed)
        return committed.error();
    if (!isShared()) { // one origin: nobody else commits, so its pages follow the commits
        QList<StoredMessage> stored;
        for (const Appended &result : std::as_const(*appended)) {
            if (result.outcome == Appended::Outcome::Stored)
                stored.append(result.message);
        }
        m_pages.committed(stored);
    }
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
    Result<StoredMessage> removal = Error {};
    const auto committed = transaction([&]() -> Result<void> {
        removal = RemovalTransaction(*m_statements, QDateTime::currentMSecsSinceEpoch())
                      .run(room, messageId);
        return removal ? wakeOthers(room) : removal.error();
    });
    if (!committed)
        return committed.error();
    m_pages.forget(room); // the removed message may be on it
    return removal;
}

Result<qint64> MessageStore::addBan(const Ban &ban)
{
    if (!isOpen())
        return notOpen();
    return BanQueries(*m_statements).add(ban, QDateTime::currentMSecsSinceEpoch());
}

Result<QList<MessageStore::Ban>> MessageStore::activeBans(qint64 nowMs)
{
    if (!isOpen())
        return notOpen();
    return BanQueries(*m_statements).active(nowMs);
}

Result<bool> MessageStore::removeBan(qint64 id)
{
    if (!isOpen())
        return notOpen();
    return BanQueries(*m_statements).remove(id);
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
            return Error { u"there is no room '%1' to list the rooms after"_s.arg(before), 400 };
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
    return current ? current : failure(current.error());
}

Result<QList<StoredMessage>> MessageStore::history(const QString &room, int limit,
                                                   std::optional<qint64> beforeId)
{
    if (!isOpen())
        return notOpen();
    auto messages = m_reader->messages(room, limit, beforeId);
    return messages ? messages : failure(messages.error());
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
    // it (on a shared database another origin may commit in between).
    const auto current = m_reader->currentEvent(room);
    if (!current)
        return failure(current.error());
    // Pages are kept for one origin only: on a shared database other origins commit too.
    const bool fillsPage = !isShared() && !beforeId && limit <= NewestPages::kPageSize;
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
    return events ? events : failure(events.error());
}

} // namespace chat::server
