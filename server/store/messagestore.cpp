#include "server/messagestore.h"

#include "server/walcheckpointer.h"

#include <QAtomicInteger>
#include <QHash>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

Q_LOGGING_CATEGORY(lcStore, "chat.server.store")

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

QString describe(const QSqlError &error)
{
    return error.text().isEmpty() ? u"unknown database error"_s : error.text();
}

// Each step takes the database from version N-1 to N. Never edit a step once released:
// append a new one.
const char *const kMigrations[] = {
    // 1: rooms with their event counter, messages numbered per room.
    "CREATE TABLE rooms ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " last_event INTEGER NOT NULL);"
    "CREATE TABLE messages ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " room_id INTEGER NOT NULL REFERENCES rooms(id),"
    " event_number INTEGER NOT NULL,"
    " sender TEXT NOT NULL,"
    " text TEXT NOT NULL,"
    " created_ms INTEGER NOT NULL,"
    " UNIQUE (room_id, event_number));"
    "CREATE INDEX messages_by_room_id ON messages (room_id, id);",
};
static_assert(std::size(kMigrations) == MessageStore::kSchemaVersion);

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
{
    static QAtomicInteger<int> counter;
    m_connectionName = u"chat-store-%1"_s.arg(counter.fetchAndAddRelaxed(1));
}

MessageStore::~MessageStore()
{
    close();
}

QSqlDatabase MessageStore::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool MessageStore::open(const QString &path, QString *error, Sync sync)
{
    close();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!db.open()) {
            *error = u"cannot open database %1: %2"_s.arg(path, describe(db.lastError()));
            close();
            return false;
        }
        QSqlQuery pragma(db);
        // WAL: readers never block the writer. synchronous=FULL (the default): a commit is on
        // disk before the response, so even a power cut loses no acknowledged message.
        const char *synchronous
            = sync == Sync::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
        // With synchronous=NORMAL checkpoints run on WalCheckpointer's thread, and SQLite's own
        // (inside a commit, on the event loop, where its WAL sync stalled a request for ~15 ms)
        // only bounds the log if that thread falls far behind (~40 MB). With FULL the WAL is
        // already synced at each commit, the in-loop checkpoint is cheap, and measured
        // throughput was better without the extra thread.
        const char *autoCheckpoint = sync == Sync::Full ? "PRAGMA wal_autocheckpoint=1000"
                                                        : "PRAGMA wal_autocheckpoint=10000";
        for (const auto sql :
             { "PRAGMA journal_mode=WAL", synchronous, "PRAGMA foreign_keys=ON", autoCheckpoint }) {
            if (!pragma.exec(QString::fromLatin1(sql))) {
                *error
                    = u"cannot configure database %1: %2"_s.arg(path, describe(pragma.lastError()));
                close();
                return false;
            }
        }
    }
    if (!migrate(error) || !prepareStatements(error)) {
        close();
        return false;
    }
    if (sync == Sync::Normal)
        m_checkpointer = std::make_unique<WalCheckpointer>(path);
    qCInfo(lcStore) << "opened" << path << "schema version" << kSchemaVersion;
    return true;
}

void MessageStore::close()
{
    m_checkpointer.reset();
    m_statements.reset();
    if (QSqlDatabase::contains(m_connectionName)) {
        database().close();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

int MessageStore::backgroundCheckpoints() const
{
    return m_checkpointer ? m_checkpointer->checkpoints() : 0;
}

bool MessageStore::isOpen() const
{
    return m_statements && database().isOpen();
}

bool MessageStore::migrate(QString *error)
{
    QSqlDatabase db = database();
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next()) {
        *error = u"cannot read schema version: %1"_s.arg(describe(query.lastError()));
        return false;
    }
    const int version = query.value(0).toInt();
    query.finish();
    if (version > kSchemaVersion) {
        *error = u"database schema version %1 is newer than this server understands (%2)"_s
                     .arg(version)
                     .arg(kSchemaVersion);
        return false;
    }
    for (int next = version + 1; next <= kSchemaVersion; ++next) {
        if (!db.transaction()) {
            *error = u"cannot start migration: %1"_s.arg(describe(db.lastError()));
            return false;
        }
        const QStringList statements
            = QString::fromLatin1(kMigrations[next - 1]).split(u';', Qt::SkipEmptyParts);
        bool ok = true;
        for (const QString &sql : statements) {
            if (!query.exec(sql)) {
                *error = u"migration to schema %1 failed: %2"_s.arg(next).arg(
                    describe(query.lastError()));
                ok = false;
                break;
            }
        }
        if (ok && !query.exec(u"PRAGMA user_version = %1"_s.arg(next))) {
            *error = u"cannot record schema version: %1"_s.arg(describe(query.lastError()));
            ok = false;
        }
        if (!ok || !db.commit()) {
            db.rollback();
            if (ok)
                *error = u"cannot commit migration: %1"_s.arg(describe(db.lastError()));
            return false;
        }
        qCInfo(lcStore) << "migrated database to schema version" << next;
    }
    return true;
}

bool MessageStore::prepareStatements(QString *error)
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
        if (!query->prepare(QString::fromLatin1(sql))) {
            *error = u"cannot prepare statement: %1"_s.arg(describe(query->lastError()));
            return false;
        }
    }
    m_statements = std::move(statements);
    return true;
}

bool MessageStore::isHealthy()
{
    if (!isOpen())
        return false;
    QSqlQuery query(database());
    return query.exec(u"SELECT count(*) FROM rooms"_s) && query.next();
}

std::optional<QList<StoredMessage>> MessageStore::append(const QList<NewMessage> &messages,
                                                         QString *error)
{
    QString problem;
    auto fail = [&](const QString &what, const QSqlError &sqlError) {
        problem = u"%1: %2"_s.arg(what, describe(sqlError));
        qCWarning(lcStore).noquote() << "append failed:" << problem;
        if (error)
            *error = problem;
    };
    if (!isOpen()) {
        fail(u"database is not open"_s, {});
        return std::nullopt;
    }
    QSqlDatabase db = database();
    if (!db.transaction()) {
        fail(u"cannot begin transaction"_s, db.lastError());
        return std::nullopt;
    }
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
            fail(u"cannot update room"_s, bump.lastError());
            bump.finish();
            db.rollback();
            return std::nullopt;
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
            fail(u"cannot insert message"_s, insert.lastError());
            db.rollback();
            return std::nullopt;
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
        fail(u"cannot commit"_s, db.lastError());
        db.rollback();
        return std::nullopt;
    }
    if (m_checkpointer)
        m_checkpointer->noteCommit();
    return stored;
}

std::optional<StoredMessage> MessageStore::append(const NewMessage &message, QString *error)
{
    auto stored = append(QList<NewMessage> { message }, error);
    if (!stored)
        return std::nullopt;
    return stored->constFirst();
}

std::optional<qint64> MessageStore::currentEventNumber(const QString &room)
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery &query = m_statements->currentEvent;
    query.bindValue(0, room);
    if (!query.exec()) {
        qCWarning(lcStore).noquote() << "cannot read event counter:" << describe(query.lastError());
        return std::nullopt;
    }
    const qint64 current = query.next() ? query.value(0).toLongLong() : 0;
    query.finish();
    return current;
}

namespace {

std::optional<QList<StoredMessage>> collect(QSqlQuery &query, const QString &room)
{
    if (!query.exec()) {
        qCWarning(lcStore).noquote() << "query failed:" << describe(query.lastError());
        return std::nullopt;
    }
    QList<StoredMessage> result;
    while (query.next())
        result.append(readMessage(query, room));
    query.finish();
    return result;
}

} // namespace

std::optional<QList<StoredMessage>> MessageStore::history(const QString &room, int limit,
                                                          std::optional<qint64> beforeId)
{
    if (!isOpen())
        return std::nullopt;
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

std::optional<QList<StoredMessage>> MessageStore::eventsAfter(const QString &room, qint64 after,
                                                              int limit)
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery &query = m_statements->after;
    query.bindValue(0, room);
    query.bindValue(1, after);
    query.bindValue(2, limit);
    return collect(query, room);
}

} // namespace chat::server
