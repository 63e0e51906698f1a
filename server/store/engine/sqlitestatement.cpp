#include "server/store/engine/sqlitestatement.h"

#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace chat::server {

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

Result<void> SqliteStatement::prepare(sqlite3 *db, const char *sql)
{
    sqlite3_finalize(m_statement);
    m_statement = nullptr;
    if (!db)
        return Error { u"cannot prepare statement: no SQLite connection"_s };
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr)
        != SQLITE_OK)
        return Error { u"cannot prepare statement: %1"_s.arg(
            QString::fromUtf8(sqlite3_errmsg(db))) };
    return {};
}

void SqliteStatement::bind(int parameter, qint64 value)
{
    sqlite3_bind_int64(m_statement, parameter, value);
}

void SqliteStatement::bind(int parameter, QStringView text)
{
    sqlite3_bind_text16(m_statement, parameter, text.utf16(), int(text.size() * 2), SQLITE_STATIC);
}

bool SqliteStatement::next()
{
    const int status = sqlite3_step(m_statement);
    if (status == SQLITE_ROW)
        return true;
    m_error = status == SQLITE_DONE
        ? QString()
        : QString::fromUtf8(sqlite3_errmsg(sqlite3_db_handle(m_statement)));
    return false;
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

qint64 SqliteStatement::int64(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

QByteArrayView SqliteStatement::utf8(int column) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return QByteArrayView(text, sqlite3_column_bytes(m_statement, column));
}

QStringView SqliteStatement::utf16(int column) const
{
    const auto *text = static_cast<const char16_t *>(sqlite3_column_text16(m_statement, column));
    return QStringView(text, sqlite3_column_bytes16(m_statement, column) / 2);
}

} // namespace chat::server
