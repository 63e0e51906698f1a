// Two origins on one PostgreSQL (a private cluster) that restarts while clients post: while it
// is down, posts answer 503 with Retry-After and /healthz 503, nothing acknowledged is lost, the
// origins reconnect by themselves, and their direct streams receive every committed event once,
// in order, including those committed just before the connection went.
#include "tests/support/httptestclient.h"
#include "tests/support/postgresprocess.h"
#include "tests/support/postingthread.h"
#include "tests/support/serverprocess.h"
#include "tests/support/ssetestclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace chat;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 30000;

int healthStatus(quint16 port)
{
    return get(port, "/healthz").status;
}

double databaseErrors(quint16 port)
{
    for (const QByteArray &line : get(port, "/metrics").body.split('\n')) {
        if (line.startsWith("chat_database_errors_total "))
            return line.split(' ').last().toDouble();
    }
    return -1;
}

} // namespace

class TestDatabaseRestart : public QObject
{
    Q_OBJECT
private slots:
    void postingThroughARestart();
};

void TestDatabaseRestart::postingThroughARestart()
{
    PostgresProcess postgres({ {}, false, false });
    QVERIFY2(postgres.start(), qPrintable(postgres.lastError() + postgres.log()));
    const QString database = postgres.createDatabase();
    QVERIFY2(!database.isEmpty(), qPrintable(postgres.lastError()));
    ServerProcess a(kUnlimitedPosting, database);
    ServerProcess b(kUnlimitedPosting, database);
    QVERIFY2(a.start(), a.output().constData());
    QVERIFY2(b.start(), b.output().constData());
    const QByteArray room = "restart";
    SseTestClient onA;
    SseTestClient onB;
    onA.open(a.port(), "/rooms/" + room + "/events/");
    onB.open(b.port(), "/rooms/" + room + "/events/");
    QVERIFY(onA.waitUntilOpen(kWait) && onB.waitUntilOpen(kWait));

    // Posts alternate between the origins and keep coming through the outage.
    PostingThread poster({ a.port(), b.port() }, QString::fromLatin1(room), u"m"_s, 100000,
                         1'000'000);
    poster.start();
    QVERIFY(QTest::qWaitFor([&] { return poster.acknowledged().size() >= 50; }, kWait));
    QVERIFY(postgres.stop());

    for (const quint16 port : { a.port(), b.port() }) {
        QTRY_COMPARE_WITH_TIMEOUT(healthStatus(port), 503, kWait);
        const HttpResponse refused = postForm(port, QString::fromLatin1(room), u"x"_s, u"no"_s);
        QCOMPARE(refused.status, 503);
        QVERIFY(!refused.header("retry-after").isEmpty());
        QVERIFY(!refused.errorMessage().isEmpty());
    }
    const qsizetype acknowledgedWhileDown = poster.acknowledged().size();
    QVERIFY(QTest::qWaitFor([&] { return poster.refused() >= 10; }, kWait));
    QCOMPARE(poster.acknowledged().size(), acknowledgedWhileDown); // nothing while it is down

    QVERIFY2(postgres.start(), qPrintable(postgres.lastError() + postgres.log()));
    for (const quint16 port : { a.port(), b.port() })
        QTRY_COMPARE_WITH_TIMEOUT(healthStatus(port), 200, kWait); // by itself
    QVERIFY(QTest::qWaitFor(
        [&] { return poster.acknowledged().size() >= acknowledgedWhileDown + 50; }, kWait));
    poster.stop();
    QVERIFY(poster.wait(kWait));

    // Every acknowledged message is stored, once, in order, and both origins say so.
    const QStringList stored = wholeHistoryTexts(a.port(), room);
    QCOMPARE(wholeHistoryTexts(b.port(), room), stored);
    QStringList acknowledged = poster.acknowledged();
    QStringList storedAndAcknowledged;
    for (const QString &text : stored) {
        if (acknowledged.contains(text))
            storedAndAcknowledged.append(text);
    }
    QCOMPARE(storedAndAcknowledged, acknowledged);
    // Whatever was stored (also a commit whose answer the outage cut) reached both streams.
    for (SseTestClient *client : { &onA, &onB }) {
        QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), stored.size(), kWait);
        QCOMPARE(messageTexts(client->eventsOfType("message")), stored);
        QCOMPARE(eventIds(client->eventsOfType("message")).last(),
                 "room-" + room + ':' + QByteArray::number(stored.size()));
        QVERIFY(!client->ended());
    }
    QVERIFY(databaseErrors(a.port()) > 0); // counted for /metrics
    QCOMPARE(a.terminate(), 0);
    QCOMPARE(b.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestDatabaseRestart)
#include "tst_databaserestart.moc"
