// Backoff: the shared vectors, exponential steps with jitter, the server's retry: as base,
// Retry-After as a floor.
#include "shared/retry/backoff.h"
#include "tests/support/vectors.h"

#include <QTest>

using namespace chat;
using namespace Qt::StringLiterals;

class TestBackoff : public QObject
{
    Q_OBJECT
private slots:
    void vectors_data();
    void vectors();
    void doublesUpToTheCap();
    void serverRetryIsTheBase();
    void retryAfterIsAFloorOnce();
    void resetStartsOver();
    void parsesRetryAfter_data();
    void parsesRetryAfter();
};

void TestBackoff::vectors_data()
{
    QTest::addColumn<QJsonObject>("vector");
    const QJsonArray cases = test::vectors::load(u"backoff.json"_s).value(u"cases").toArray();
    QVERIFY(cases.size() > 20);
    for (const QJsonValue &value : cases) {
        const QJsonObject vector = value.toObject();
        QTest::addRow("base %d max %d attempt %d random %g", vector.value(u"baseMs").toInt(),
                      vector.value(u"maxMs").toInt(), vector.value(u"attempt").toInt(),
                      vector.value(u"random").toDouble())
            << vector;
    }
}

void TestBackoff::vectors()
{
    QFETCH(QJsonObject, vector);
    const int attempt = vector.value(u"attempt").toInt();
    const double random = vector.value(u"random").toDouble();
    const qint64 expected = vector.value(u"delayMs").toInteger();
    Backoff backoff(vector.value(u"baseMs").toInteger(), vector.value(u"maxMs").toInteger());
    if (!vector.value(u"retryAfterMs").isNull()) {
        for (int i = 0; i < attempt; ++i)
            backoff.nextDelayMs(random);
        backoff.setRetryAfterMs(vector.value(u"retryAfterMs").toInteger());
        QCOMPARE(backoff.nextDelayMs(random), expected);
        return;
    }
    QCOMPARE(Backoff::delayMs(vector.value(u"baseMs").toInteger(),
                              vector.value(u"maxMs").toInteger(), attempt, random),
             expected);
}

void TestBackoff::doublesUpToTheCap()
{
    Backoff backoff(1000, 30000);
    QList<qint64> delays;
    for (int i = 0; i < 7; ++i)
        delays.append(backoff.nextDelayMs(1.0));
    QCOMPARE(delays, (QList<qint64> { 1000, 2000, 4000, 8000, 16000, 30000, 30000 }));
}

void TestBackoff::serverRetryIsTheBase()
{
    Backoff backoff(1000, 30000);
    backoff.setServerRetryMs(250);
    QCOMPARE(backoff.nextDelayMs(1.0), 250);
    QCOMPARE(backoff.nextDelayMs(1.0), 500);
}

void TestBackoff::retryAfterIsAFloorOnce()
{
    Backoff backoff(1000, 30000);
    backoff.setRetryAfterMs(12000);
    QCOMPARE(backoff.nextDelayMs(0.0), 12000);
    QCOMPARE(backoff.nextDelayMs(1.0), 2000);
}

void TestBackoff::resetStartsOver()
{
    Backoff backoff(1000, 30000);
    backoff.nextDelayMs(1.0);
    backoff.nextDelayMs(1.0);
    backoff.reset();
    QCOMPARE(backoff.attempts(), 0);
    QCOMPARE(backoff.nextDelayMs(1.0), 1000);
}

void TestBackoff::parsesRetryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expected"); // -1: malformed
    QTest::newRow("seconds") << QByteArray("120") << qint64(120000);
    QTest::newRow("zero") << QByteArray(" 0 ") << qint64(0);
    QTest::newRow("date") << QByteArray("Thu, 02 Jan 2025 03:05:05 GMT") << qint64(60000);
    QTest::newRow("past date") << QByteArray("Thu, 02 Jan 2025 03:00:00 GMT") << qint64(0);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("plus sign") << QByteArray("+5") << qint64(-1);
    QTest::newRow("fraction") << QByteArray("1.5") << qint64(-1);
    QTest::newRow("junk") << QByteArray("soon") << qint64(-1);
    QTest::newRow("empty") << QByteArray("") << qint64(-1);
}

void TestBackoff::parsesRetryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expected);
    const QDateTime now(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC);
    const auto parsed = Backoff::parseRetryAfter(value, now);
    QCOMPARE(parsed.value_or(-1), expected);
}

QTEST_APPLESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
