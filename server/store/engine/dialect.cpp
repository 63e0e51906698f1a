#include "server/store/engine/dialect.h"

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

// Any constant: the key of the advisory lock migrations hold ("chat" in ASCII).
constexpr qint64 kMigrationLock = 0x63686174;

} // namespace

QString Dialect::ddl(const char *step) const
{
    QString sql = QString::fromLatin1(step);
    if (isPostgres()) {
        sql.replace(u"{key}"_s, u"BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"_s)
            .replace(u"{serial}"_s, u"BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"_s)
            .replace(u"{int}"_s, u"BIGINT"_s)
            .replace(u"{name}"_s, u"TEXT COLLATE \"C\""_s)
            .replace(u"{unlogged}"_s, u"UNLOGGED"_s);
    } else {
        sql.replace(u"{key}"_s, u"INTEGER PRIMARY KEY"_s)
            .replace(u"{serial}"_s, u"INTEGER PRIMARY KEY AUTOINCREMENT"_s)
            .replace(u"{int}"_s, u"INTEGER"_s)
            .replace(u"{name}"_s, u"TEXT"_s)
            .replace(u"{unlogged} "_s, QString());
    }
    return sql;
}

QStringList Dialect::lockSchema() const
{
    if (!isPostgres())
        return {};
    return { u"SELECT pg_advisory_xact_lock(%1)"_s.arg(kMigrationLock),
             u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"_s };
}

QString Dialect::readVersion() const
{
    return isPostgres() ? u"SELECT version FROM schema_version"_s : u"PRAGMA user_version"_s;
}

QStringList Dialect::writeVersion(int version) const
{
    if (!isPostgres())
        return { u"PRAGMA user_version = %1"_s.arg(version) };
    return { u"DELETE FROM schema_version"_s,
             u"INSERT INTO schema_version (version) VALUES (%1)"_s.arg(version) };
}

QString Dialect::notify() const
{
    return isPostgres() ? u"SELECT pg_notify(?, ?)"_s : QString();
}

QString Dialect::lockText() const
{
    return isPostgres() ? u"SELECT pg_advisory_xact_lock(hashtextextended(?, 0))"_s : QString();
}

} // namespace chat::server
