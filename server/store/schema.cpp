#include "server/store/schema.h"

#include "server/store/engine/dialect.h"
#include "server/store/engine/sqliteconnection.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

Q_LOGGING_CATEGORY(lcSchema, "chat.server.store.schema")

using namespace Qt::StringLiterals;

namespace chat::server::schema {

namespace {

// Each step takes the database from version N-1 to N. Never edit a step once released:
// append a new one. (Steps 1-3 were written for SQLite alone; with Dialect's placeholders they
// give SQLite the very statements released, and PostgreSQL the same tables.)
const char *const kMigrations[] = {
    // 1: rooms with their event counter, messages numbered per room.
    "CREATE TABLE rooms ("
    " id {key},"
    " name {name} NOT NULL UNIQUE,"
    " last_event {int} NOT NULL);"
    "CREATE TABLE messages ("
    " id {serial},"
    " room_id {int} NOT NULL REFERENCES rooms(id),"
    " event_number {int} NOT NULL,"
    " sender TEXT NOT NULL,"
    " text TEXT NOT NULL,"
    " created_ms {int} NOT NULL,"
    " UNIQUE (room_id, event_number));"
    "CREATE INDEX messages_by_room_id ON messages (room_id, id);",
    // 2: the rooms directory (most recently active first), and exactly-once sends: the
    // Idempotency-Key a message was posted with, kept 24 hours.
    "ALTER TABLE rooms ADD COLUMN last_message_ms {int} NOT NULL DEFAULT 0;"
    "UPDATE rooms SET last_message_ms = COALESCE("
    " (SELECT MAX(created_ms) FROM messages WHERE messages.room_id = rooms.id), 0);"
    "CREATE INDEX rooms_by_activity ON rooms (last_message_ms DESC, name);"
    "CREATE TABLE idempotency_keys ("
    " room_id {int} NOT NULL REFERENCES rooms(id),"
    " key TEXT NOT NULL,"
    " message_id {int} NOT NULL REFERENCES messages(id),"
    " created_ms {int} NOT NULL,"
    " PRIMARY KEY (room_id, key));"
    "CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_ms);",
    // 3: moderation. A removal is an event of its room (removes = the message's id); the
    // removed message stays as a tombstone (removed_ms set, text cleared). Bans of a nickname
    // or an address until a time.
    "ALTER TABLE messages ADD COLUMN removes {int} NOT NULL DEFAULT 0;"
    "ALTER TABLE messages ADD COLUMN removed_ms {int};"
    "CREATE TABLE bans ("
    " id {serial},"
    " kind TEXT NOT NULL CHECK (kind IN ('nickname', 'address')),"
    " value TEXT NOT NULL,"
    " until_ms {int} NOT NULL,"
    " reason TEXT NOT NULL,"
    " created_ms {int} NOT NULL);"
    "CREATE INDEX bans_by_end ON bans (until_ms);",
    // 4: who is online in which room, for origins that share a database (one origin on SQLite
    // keeps this in memory): since the first heartbeat of a stay, the last heartbeat, and the
    // token of the heartbeat that began the stay (how a heartbeat learns it began one).
    "CREATE {unlogged} TABLE presence ("
    " room {name} NOT NULL,"
    " nickname {name} NOT NULL,"
    " since_ms {int} NOT NULL,"
    " last_ms {int} NOT NULL,"
    " token {int} NOT NULL,"
    " PRIMARY KEY (room, nickname));"
    "CREATE INDEX presence_by_last ON presence (last_ms);",
    // 5: the history is read by event number (HistoryReads::eventBound), so one index by room
    // is enough: each one costs a page written per room in every commit.
    "DROP INDEX messages_by_room_id;",
};
static_assert(std::size(kMigrations) == kVersion);

using sqliteconnection::describe;

Result<void> exec(QSqlQuery &query, const QString &sql, const QString &what)
{
    if (!query.exec(sql))
        return Error { u"%1: %2"_s.arg(what, describe(query.lastError())) };
    return {};
}

// One transaction: the lock, the version, and the next step if there is one. Sets `version`
// to the version the database has at the end; true when it took a step.
Result<bool> step(QSqlDatabase &db, const Dialect &dialect, int &version)
{
    QSqlQuery query(db);
    for (const QString &sql : dialect.lockSchema()) {
        if (auto locked = exec(query, sql, u"cannot lock the schema"_s); !locked)
            return locked.error();
    }
    if (auto read = exec(query, dialect.readVersion(), u"cannot read schema version"_s); !read)
        return read.error();
    version = query.next() ? query.value(0).toInt() : 0;
    query.finish();
    if (version > kVersion)
        return Error { u"database schema version %1 is newer than this server understands (%2)"_s
                           .arg(version)
                           .arg(kVersion) };
    if (version == kVersion)
        return false;
    const int next = version + 1;
    const QStringList statements
        = dialect.ddl(kMigrations[next - 1]).split(u';', Qt::SkipEmptyParts);
    for (const QString &sql : statements) {
        if (auto done = exec(query, sql, u"migration to schema %1 failed"_s.arg(next)); !done)
            return done.error();
    }
    for (const QString &sql : dialect.writeVersion(next)) {
        if (auto written = exec(query, sql, u"cannot record schema version"_s); !written)
            return written.error();
    }
    version = next;
    return true;
}

} // namespace

Result<void> migrate(QSqlDatabase &db, const Dialect &dialect)
{
    for (int version = -1; version != kVersion;) {
        if (!db.transaction())
            return Error { u"cannot start migration: %1"_s.arg(describe(db.lastError())) };
        const auto stepped = step(db, dialect, version);
        if (!stepped) {
            db.rollback();
            return stepped.error();
        }
        if (!db.commit()) {
            const Error error { u"cannot commit migration: %1"_s.arg(describe(db.lastError())) };
            db.rollback();
            return error;
        }
        if (*stepped)
            qCInfo(lcSchema) << "migrated database to schema version" << version;
    }
    return {};
}

} // namespace chat::server::schema
