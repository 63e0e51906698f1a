#include "server/store/engine/sqliteconnection.h"

#include <QAtomicInteger>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace chat::server::sqliteconnection {

QString uniqueName(const QString &prefix)
{
    static QAtomicInteger<int> counter;
    return u"%1-%2"_s.arg(prefix).arg(counter.fetchAndAddRelaxed(1));
}

QString describe(const QSqlError &error)
{
    return error.text().isEmpty() ? u"unknown database error"_s : error.text();
}

Result<QSqlDatabase> open(const QString &name, const QString &path, Sync sync,
                          int autoCheckpointPages)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
    db.setDatabaseName(path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open()) {
        const QString problem = describe(db.lastError());
        db = QSqlDatabase();
        close(name);
        return Error { u"cannot open database %1: %2"_s.arg(path, problem) };
    }
    // WAL: readers never block the writer. synchronous=FULL (the default): a commit is on disk
    // before the response, so even a power cut loses no acknowledged message.
    const QString synchronous
        = sync == Sync::Full ? u"PRAGMA synchronous=FULL"_s : u"PRAGMA synchronous=NORMAL"_s;
    // temp_store=MEMORY: a statement's undo journal stays in memory. On files (the default),
    // a batch whose statements changed more than 64 KiB of pages, such as the counters and
    // index pages of a few dozen rooms, created, wrote and removed a file in /var/tmp each time.
    QSqlQuery pragma(db);
    for (const QString &sql : { u"PRAGMA journal_mode=WAL"_s, synchronous,
                                u"PRAGMA foreign_keys=ON"_s, u"PRAGMA temp_store=MEMORY"_s,
                                u"PRAGMA wal_autocheckpoint=%1"_s.arg(autoCheckpointPages) }) {
        if (!pragma.exec(sql)) {
            const QString problem = describe(pragma.lastError());
            pragma = QSqlQuery();
            db = QSqlDatabase();
            close(name);
            return Error { u"cannot configure database %1: %2"_s.arg(path, problem) };
        }
    }
    return db;
}

sqlite3 *handle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

void close(const QString &name)
{
    if (!QSqlDatabase::contains(name))
        return;
    QSqlDatabase::database(name, false).close();
    QSqlDatabase::removeDatabase(name);
}

} // namespace chat::server::sqliteconnection
