#pragma once

#include <QString>

namespace chat::test {

// The database a store test or a test server uses: a SQLite file, or, when CHAT_TEST_POSTGRES
// names the directory of a running cluster (CTest's postgres fixture, see
// tests/support/postgresfixture.cpp), a new PostgreSQL database of its own in that cluster,
// dropped again at the end. This is how every store and API test also runs on PostgreSQL: CTest
// registers each twice, the second time (name_pg) with that variable set.
class TestDatabase
{
public:
    // `sqlitePath`: the file used when the tests run on SQLite.
    explicit TestDatabase(const QString &sqlitePath);
    ~TestDatabase();
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    // What --database (or MessageStore::open) is given; empty if no database could be made.
    QString url() const { return m_url; }
    bool isPostgres() const { return m_postgres; }
    QString error() const { return m_error; }
    // Runs one statement on the database outside the store (QSQLITE or QPSQL).
    bool exec(const QString &sql);

    // True when the tests run on PostgreSQL (CHAT_TEST_POSTGRES set).
    static bool onPostgres();

private:
    QString m_url;
    QString m_adminUrl;
    bool m_postgres = false;
    QString m_error;
};

} // namespace chat::test
