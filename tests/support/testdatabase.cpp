#include "tests/support/testdatabase.h"

#include "tests/support/postgresprocess.h"

#include <QAtomicInteger>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace chat::test {

bool TestDatabase::onPostgres()
{
    return !qEnvironmentVariableIsEmpty("CHAT_TEST_POSTGRES");
}

TestDatabase::TestDatabase(const QString &sqlitePath)
{
    if (!onPostgres()) {
        m_url = sqlitePath;
        return;
    }
    m_postgres = true;
    m_adminUrl = PostgresProcess::fixtureUrl(qEnvironmentVariable("CHAT_TEST_POSTGRES"));
    if (m_adminUrl.isEmpty()) {
        m_error = u"CHAT_TEST_POSTGRES names no running cluster"_s;
        qWarning("TestDatabase: %s", qPrintable(m_error));
        return;
    }
    m_url = PostgresProcess::createDatabaseOn(m_adminUrl, &m_error);
    if (m_url.isEmpty())
        qWarning("TestDatabase: cannot create a database: %s", qPrintable(m_error));
}

TestDatabase::~TestDatabase()
{
    if (m_postgres && !m_url.isEmpty())
        PostgresProcess::dropDatabaseOn(m_adminUrl, m_url);
}

bool TestDatabase::exec(const QString &sql)
{
    static QAtomicInteger<int> counter;
    const QString name = u"test-database-%1"_s.arg(counter.fetchAndAddRelaxed(1));
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(m_postgres ? u"QPSQL"_s : u"QSQLITE"_s, name);
        if (m_postgres) {
            const QUrl url(m_url);
            db.setHostName(url.host());
            db.setPort(url.port());
            db.setUserName(url.userName());
            db.setDatabaseName(url.path().mid(1));
        } else {
            db.setDatabaseName(m_url);
        }
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(sql);
            if (!ok)
                m_error = query.lastError().text();
        } else {
            m_error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace chat::test
