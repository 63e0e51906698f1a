#pragma once

#include "shared/model/result.h"

#include <QByteArrayView>
#include <QString>
#include <QStringView>

struct sqlite3;
struct sqlite3_stmt;

namespace chat::server {

// One prepared statement on the store's own SQLite connection, used directly for the reads that
// run on every page load: QSqlQuery wraps each value of each row in a QVariant and converts text
// to UTF-16 and back, which cost more than SQLite's own work (callgrind: 54 % of a history read,
// SQLite 18 %). Column text is read as SQLite keeps it. Finalized on destruction, which must come
// before the connection closes.
class SqliteStatement
{
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    Result<void> prepare(sqlite3 *db, const char *sql);

    // Parameters count from 1, as in SQL's ?NNN. The text must outlive the query's steps.
    void bind(int parameter, qint64 value);
    void bind(int parameter, QStringView text);

    // The next row: true while there is one; false at the end or on an error (see error()).
    bool next();
    // Ends the query (its read transaction) and clears the parameters, for the next use.
    void reset();
    // The problem of the last step, or an empty string when there was none.
    QString error() const { return m_error; }

    qint64 int64(int column) const;
    bool isNull(int column) const;
    // A text column as SQLite stores it here (UTF-8), or as UTF-16 (SQLite converts it, exactly
    // as QtSql reads it); valid until the next call on this statement.
    QByteArrayView utf8(int column) const;
    QStringView utf16(int column) const;

private:
    sqlite3_stmt *m_statement = nullptr;
    QString m_error;
};

// Resets a statement at the end of a scope, whatever path leaves it.
class StatementReset
{
public:
    explicit StatementReset(SqliteStatement &statement)
        : m_statement(statement)
    { }
    ~StatementReset() { m_statement.reset(); }
    StatementReset(const StatementReset &) = delete;
    StatementReset &operator=(const StatementReset &) = delete;

private:
    SqliteStatement &m_statement;
};

} // namespace chat::server
