#pragma once

#include "server/store/engine/databaseurl.h"

#include <QString>
#include <QStringList>

namespace chat::server {

// The little SQL that differs between SQLite and PostgreSQL; every other statement and schema
// step is written once, for both. PRAGMAs live with the SQLite connection (sqliteconnection).
class Dialect
{
public:
    using Engine = DatabaseUrl::Engine;

    explicit Dialect(Engine engine = Engine::Sqlite)
        : m_engine(engine)
    { }

    Engine engine() const { return m_engine; }
    bool isPostgres() const { return m_engine == Engine::Postgres; }

    // A schema step written with placeholders for the words that differ: {key} (a table's own
    // key: SQLite's rowid), {serial} (a key never reused), {int} (a 64-bit integer column),
    // {name} (text compared and sorted byte by byte, as SQLite does), {unlogged} (a table of
    // passing state, presence, that need not survive a crash of the database).
    QString ddl(const char *step) const;

    // Run first in each migration transaction: on PostgreSQL a lock that makes origins starting
    // at once migrate one after the other, and the table holding the version.
    QStringList lockSchema() const;
    QString readVersion() const; // one row, one column; no row: version 0
    QStringList writeVersion(int version) const;

    // Statements only PostgreSQL has (empty on SQLite, whose one origin needs neither): wakes
    // the other origins (channel, payload), and takes a transaction's lock on a text.
    QString notify() const;
    QString lockText() const;

private:
    Engine m_engine;
};

} // namespace chat::server
