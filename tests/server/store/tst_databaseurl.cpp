// DatabaseUrl: what --database names, a PostgreSQL URL or a SQLite path, and the precise
// complaint about a malformed URL (never repeating its password).
#include "server/store/engine/databaseurl.h"

#include <QTest>

using namespace chat::server;
using namespace Qt::StringLiterals;

class TestDatabaseUrl : public QObject
{
    Q_OBJECT
private slots:
    void postgres_data();
    void postgres();
    void sqlitePaths_data();
    void sqlitePaths();
    void malformed_data();
    void malformed();
    void displayHidesThePassword();
    void redact_data();
    void redact();
};

void TestDatabaseUrl::postgres_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("database");

    QTest::newRow("full") << u"postgresql://chat:s3cret@db.example:6432/chat"_s << u"db.example"_s
                          << 6432 << u"chat"_s << u"s3cret"_s << u"chat"_s;
    QTest::newRow("postgres scheme, default port")
        << u"postgres://alice@127.0.0.1/rooms"_s << u"127.0.0.1"_s << 5432 << u"alice"_s
        << QString() << u"rooms"_s;
    QTest::newRow("scheme in capitals")
        << u"PostgreSQL://a@h/d"_s << u"h"_s << 5432 << u"a"_s << QString() << u"d"_s;
    QTest::newRow("ipv6") << u"postgresql://a@[::1]:5433/d"_s << u"::1"_s << 5433 << u"a"_s
                          << QString() << u"d"_s;
    QTest::newRow("percent-encoded password") << u"postgresql://a:p%40ss%3Aw%2Fd@h/d"_s << u"h"_s
                                              << 5432 << u"a"_s << u"p@ss:w/d"_s << u"d"_s;
    QTest::newRow("empty password")
        << u"postgresql://a:@h/d"_s << u"h"_s << 5432 << u"a"_s << QString() << u"d"_s;
    QTest::newRow("socket directory")
        << u"postgresql://postgres@/chat?host=/var/run/postgresql"_s << u"/var/run/postgresql"_s
        << 5432 << u"postgres"_s << QString() << u"chat"_s;
    QTest::newRow("socket directory and port")
        << u"postgresql://postgres@:5433/chat?host=%2Ftmp%2Fpg"_s << u"/tmp/pg"_s << 5433
        << u"postgres"_s << QString() << u"chat"_s;
    QTest::newRow("host= wins over the authority's host")
        << u"postgresql://u@ignored/d?host=/s"_s << u"/s"_s << 5432 << u"u"_s << QString()
        << u"d"_s;
}

void TestDatabaseUrl::postgres()
{
    QFETCH(QString, text);
    const auto url = DatabaseUrl::parse(text);
    QVERIFY2(url, qPrintable(url.error().message));
    QVERIFY(url->isPostgres());
    QTEST(url->host, "host");
    QTEST(url->port, "port");
    QTEST(url->user, "user");
    QFETCH(QString, password);
    QCOMPARE(url->password.isEmpty(), password.isEmpty());
    if (!password.isEmpty())
        QCOMPARE(url->password, password);
    QTEST(url->databaseName, "database");
    // What it shows parses back to the same database (without the password).
    const auto shown = DatabaseUrl::parse(url->display());
    QVERIFY2(shown, qPrintable(url->display()));
    DatabaseUrl expected = *url;
    expected.password.clear();
    QCOMPARE(*shown, expected);
}

void TestDatabaseUrl::sqlitePaths_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("relative") << u"var/chat.sqlite3"_s;
    QTest::newRow("absolute") << u"/srv/chat/chat.db"_s;
    QTest::newRow("colon in a name") << u"backups/chat-12:00.db"_s;
    QTest::newRow("postgres in a file name") << u"postgres.sqlite3"_s;
    QTest::newRow("file named like a scheme") << u"./postgresql://x"_s;
}

void TestDatabaseUrl::sqlitePaths()
{
    QFETCH(QString, text);
    const auto url = DatabaseUrl::parse(text);
    QVERIFY2(url, qPrintable(url.error().message));
    QVERIFY(!url->isPostgres());
    QCOMPARE(url->path, text);
    QCOMPARE(url->display(), text);
}

void TestDatabaseUrl::malformed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("empty") << u""_s << u"expected a file path"_s;
    QTest::newRow("no user") << u"postgresql://db.example/chat"_s << u"user is missing"_s;
    QTest::newRow("empty user") << u"postgresql://:pw@h/chat"_s << u"user is missing"_s;
    QTest::newRow("no database") << u"postgresql://a@h"_s << u"database name is missing"_s;
    QTest::newRow("empty database") << u"postgresql://a@h/"_s << u"database name is missing"_s;
    QTest::newRow("no host") << u"postgresql://a@/d"_s << u"host is missing"_s;
    QTest::newRow("port zero") << u"postgresql://a@h:0/d"_s << u"port must be"_s;
    QTest::newRow("port too big") << u"postgresql://a@h:65536/d"_s << u"port must be"_s;
    QTest::newRow("port not a number") << u"postgresql://a@h:5x/d"_s << u"port must be"_s;
    QTest::newRow("unclosed ipv6") << u"postgresql://a@[::1/d"_s << u"closing ']'"_s;
    QTest::newRow("bad escape") << u"postgresql://a:%zz@h/d"_s << u"password is not"_s;
    QTest::newRow("space") << u"postgresql://a@h/my db"_s << u"percent-encoded"_s;
    QTest::newRow("relative socket dir") << u"postgresql://a@/d?host=run"_s << u"absolute"_s;
    QTest::newRow("unknown parameter") << u"postgresql://a@h/d?pool=5"_s << u"'pool'"_s;
    QTest::newRow("bad sslmode") << u"postgresql://a@h/d?sslmode=always"_s << u"sslmode"_s;
    QTest::newRow("one slash") << u"postgresql:/a@h/d"_s << u"starts with postgresql://"_s;
    QTest::newRow("other scheme") << u"mysql://a@h/d"_s << u"'mysql://' is not"_s;
}

void TestDatabaseUrl::malformed()
{
    QFETCH(QString, text);
    QFETCH(QString, complaint);
    const auto url = DatabaseUrl::parse(text);
    QVERIFY(!url);
    QVERIFY2(url.error().message.contains(complaint), qPrintable(url.error().message));
}

void TestDatabaseUrl::displayHidesThePassword()
{
    const auto url
        = DatabaseUrl::parse(u"postgresql://chat:hunter2@db:6000/chat?sslmode=require"_s);
    QVERIFY(url);
    QCOMPARE(url->sslMode, u"require"_s);
    QCOMPARE(url->display(), u"postgresql://chat@db:6000/chat?sslmode=require"_s);
    QVERIFY(!url->display().contains(u"hunter2"_s));
}

void TestDatabaseUrl::redact_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("redacted");
    QTest::newRow("password") << u"postgresql://u:hunter2@h:99999/d"_s
                              << u"postgresql://u:***@h:99999/d"_s;
    QTest::newRow("no password") << u"postgresql://u@h/d"_s << u"postgresql://u@h/d"_s;
    QTest::newRow("'@' in the password") << u"postgres://u:a@b@h/d"_s << u"postgres://u:***@h/d"_s;
    QTest::newRow("a path") << u"var/a:b@c.db"_s << u"var/a:b@c.db"_s;
}

void TestDatabaseUrl::redact()
{
    QFETCH(QString, text);
    QTEST(DatabaseUrl::redact(text), "redacted");
}

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "tst_databaseurl.moc"
