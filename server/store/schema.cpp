#include "server/store/schema.h"

#include "server/store/sqliteconnection.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

Q_LOGGING_CATEGORY(lcSchema, "chat.server.store.schema")

using namespace Qt::StringLiterals;

namespace chat::server::schema {

namespace {

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
    // 2: the rooms directory (most recently active first), and exactly-once sends: the
    // Idempotency-Key a message was posted with, kept 24 hours.
    "ALTER TABLE rooms ADD COLUMN last_message_ms INTEGER NOT NULL DEFAULT 0;"
    "UPDATE rooms SET last_message_ms = COALESCE("
    " (SELECT MAX(created_ms) FROM messages WHERE messages.room_id = rooms.id), 0);"
    "CREATE INDEX rooms_by_activity ON rooms (last_message_ms DESC, name);"
    "CREATE TABLE idempotency_keys ("
    " room_id INTEGER NOT NULL REFERENCES rooms(id),"
    " key TEXT NOT NULL,"
    " message_id INTEGER NOT NULL REFERENCES messages(id),"
    " created_ms INTEGER NOT NULL,"
    " PRIMARY KEY (room_id, key));"
    "CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_ms);",
    // 3: moderation. A removal is an event of its room (removes = the message's id); the
    // removed message stays as a tombstone (removed_ms set, text cleared). Bans of a nickname
    // or an address until a time.
    "ALTER TABLE messages ADD COLUMN removes INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE messages ADD COLUMN removed_ms INTEGER;"
    "CREATE TABLE bans ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " kind TEXT NOT NULL CHECK (kind IN ('nickname', 'address')),"
    " value TEXT NOT NULL,"
    " until_ms INTEGER NOT NULL,"
    " reason TEXT NOT NULL,"
    " created_ms INTEGER NOT NULL);"
    "CREATE INDEX bans_by_end ON bans (until_ms);",
};
static_assert(std::size(kMigrations) == kVersion);

using sqliteconnection::describe;

Result<void> step(QSqlDatabase &db, QSqlQuery &query, int next)
{
    const QStringList statements
        = QString::fromLatin1(kMigrations[next - 1]).split(u';', Qt::SkipEmptyParts);
    for (const QString &sql : statements) {
        if (!query.exec(sql))
            return Error { u"migration to schema %1 failed: %2"_s.arg(next).arg(
                describe(query.lastError())) };
    }
    if (!query.exec(u"PRAGMA user_version = %1"_s.arg(next)))
        return Error { u"cannot record schema version: %1"_s.arg(describe(query.lastError())) };
    if (!db.commit())
        return Error { u"cannot commit migration: %1"_s.arg(describe(db.lastError())) };
    return {};
}

} // namespace

Result<void> migrate(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
        return Error { u"cannot read schema version: %1"_s.arg(describe(query.lastError())) };
    const int version = query.value(0).toInt();
    query.finish();
    if (version > kVersion)
        return Error { u"database schema version %1 is newer than this server understands (%2)"_s
                           .arg(version)
                           .arg(kVersion) };
    for (int next = version + 1; next <= kVersion; ++next) {
        if (!db.transaction())
            return Error { u"cannot start migration: %1"_s.arg(describe(db.lastError())) };
        if (const auto stepped = step(db, query, next); !stepped) {
            db.rollback();
            return stepped;
        }
        qCInfo(lcSchema) << "migrated database to schema version" << next;
    }
    return {};
}

} // namespace chat::server::schema
