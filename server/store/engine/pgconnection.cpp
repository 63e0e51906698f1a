#include "server/store/engine/pgconnection.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace chat::server::pgconnection {

namespace {

void forget(const QString &name)
{
    if (!QSqlDatabase::contains(name))
        return;
    QSqlDatabase::database(name, false).close();
    QSqlDatabase::removeDatabase(name);
}

// libpq's message without the "QPSQL: Unable to connect" Qt appends; never holds a password.
QString describe(const QSqlError &error)
{
    const QString text = error.databaseText().trimmed();
    return text.isEmpty() ? error.text().trimmed() : text;
}

} // namespace

Result<QSqlDatabase> open(const QString &name, const DatabaseUrl &url, bool synchronousCommit)
{
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        return Error { u"cannot open %1: Qt's PostgreSQL driver (QPSQL) is not installed; on "
                       "Debian: apt-get install libqt6sql6-psql"_s.arg(url.display()) };
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
    db.setHostName(url.host);
    db.setPort(url.port);
    db.setUserName(url.user);
    db.setPassword(url.password);
    db.setDatabaseName(url.databaseName);
    // A server that stops answering is noticed within ~25 s (keepalives), one that refuses at
    // once; a connection attempt waits at most 5 s.
    QStringList options { u"connect_timeout=5"_s,     u"application_name=chat-server"_s,
                          u"keepalives=1"_s,          u"keepalives_idle=10"_s,
                          u"keepalives_interval=5"_s, u"keepalives_count=3"_s };
    if (!url.sslMode.isEmpty())
        options.append(u"sslmode="_s + url.sslMode);
    db.setConnectOptions(options.join(u';'));
    if (!db.open()) {
        const QString problem = describe(db.lastError());
        db = QSqlDatabase();
        forget(name);
        return Error { u"cannot connect to %1: %2"_s.arg(url.display(), problem) };
    }
    // NOTICEs ("relation ... already exists, skipping") would go to stderr through libpq.
    const QStringList settings { u"SET client_min_messages = warning"_s,
                                 synchronousCommit ? u"SET synchronous_commit = on"_s
                                                   : u"SET synchronous_commit = off"_s };
    QSqlQuery setup(db);
    for (const QString &sql : settings) {
        if (!setup.exec(sql)) {
            const QString problem = describe(setup.lastError());
            setup = QSqlQuery();
            db = QSqlDatabase();
            forget(name);
            return Error { u"cannot configure the connection to %1: %2"_s.arg(url.display(),
                                                                              problem) };
        }
    }
    return db;
}

} // namespace chat::server::pgconnection
