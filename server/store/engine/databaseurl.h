#pragma once

#include "shared/model/result.h"

#include <QString>

namespace chat::server {

// What --database names: a PostgreSQL server by URL
// (postgresql://user[:password]@host[:port]/dbname, also postgres://, with ?host=<socket
// directory> for a Unix socket and ?sslmode=<mode>), or else the path of a SQLite file. Pure:
// parsing touches neither the network nor the disk.
struct DatabaseUrl
{
    enum class Engine { Sqlite, Postgres };

    Engine engine = Engine::Sqlite;
    QString path; // SQLite: the file

    // PostgreSQL:
    QString host; // a name, an address, or a Unix socket directory (starts with '/')
    int port = 5432;
    QString user;
    QString password; // never logged: see display()
    QString databaseName;
    QString sslMode; // empty: libpq's default

    static Result<DatabaseUrl> parse(const QString &text);
    static DatabaseUrl sqlite(const QString &path);

    bool isPostgres() const { return engine == Engine::Postgres; }
    // For logs, messages and --check: the URL without the password, or the SQLite path.
    QString display() const;
    // `text` (which may not parse) with any password in it replaced by ***.
    static QString redact(const QString &text);

    friend bool operator==(const DatabaseUrl &, const DatabaseUrl &) = default;
};

} // namespace chat::server
