// ReconnectBackoff: exponential steps with jitter, the server's retry: as base, Retry-After.
#include "desktop-client/reconnectbackoff.h"

#include <QTest>

using namespace chat::desktop;

class TestReconnectBackoff : public QObject
{
    Q_OBJECT
private slots:
    void doublesUpToTheCap();
    void jitterStaysWithinTheStep();
    void serverRetryIsTheBase();
    void retryAfterIsAFloorOnce();
    void resetStartsOver();
    void parsesRetryAfter_data();
    void parsesRetryAfter();
};

void TestReconnectBackoff::doublesUpToTheCap()
{
    ReconnectBackoff backoff(1000, 30000);
    QList<qint64> delays;
    for (int i = 0; i < 7; ++i)
        delays.append(backoff.nextDelayMs(1.0));
    QCOMPARE(delays, (QList<qint64> { 1000, 2000, 4000, 8000, 16000, 30000, 30000 }));
}

void TestReconnectBackoff::jitterStaysWithinTheStep()
{
    ReconnectBackoff low(1000, 30000), high(1000, 30000);
    for (int i = 0; i < 4; ++i) {
        const qint64 a = low.nextDelayMs(0.0), b = high.nextDelayMs(0.5);
        QCOMPARE(a, (1000 << i) / 2);
        QCOMPARE(b, (1000 << i) * 3 / 4);
    }
}

void TestReconnectBackoff::serverRetryIsTheBase()
{
    ReconnectBackoff backoff(1000, 30000);
    backoff.setServerRetryMs(250);
    QCOMPARE(backoff.nextDelayMs(1.0), 250);
    QCOMPARE(backoff.nextDelayMs(1.0), 500);
}

void TestReconnectBackoff::retryAfterIsAFloorOnce()
{
    ReconnectBackoff backoff(1000, 30000);
    backoff.setRetryAfterMs(12000);
    QCOMPARE(backoff.nextDelayMs(0.0), 12000);
    QCOMPARE(backoff.nextDelayMs(1.0), 2000);
}

void TestReconnectBackoff::resetStartsOver()
{
    ReconnectBackoff backoff(1000, 30000);
    backoff.nextDelayMs(1.0);
    backoff.nextDelayMs(1.0);
    backoff.reset();
    QCOMPARE(backoff.attempts(), 0);
    QCOMPARE(backoff.nextDelayMs(1.0), 1000);
}

void TestReconnectBackoff::parsesRetryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expected"); // -1: malformed
    QTest::newRow("seconds") << QByteArray("120") << qint64(120000);
    QTest::newRow("zero") << QByteArray(" 0 ") << qint64(0);
    QTest::newRow("date") << QByteArray("Thu, 02 Jan 2025 03:05:05 GMT") << qint64(60000);
    QTest::newRow("past date") << QByteArray("Thu, 02 Jan 2025 03:00:00 GMT") << qint64(0);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("junk") << QByteArray("soon") << qint64(-1);
    QTest::newRow("empty") << QByteArray("") << qint64(-1);
}

void TestReconnectBackoff::parsesRetryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expected);
    const QDateTime now(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC);
    const auto parsed = ReconnectBackoff::parseRetryAfter(value, now);
    QCOMPARE(parsed.value_or(-1), expected);
}

QTEST_GUILESS_MAIN(TestReconnectBackoff)
#include "tst_reconnectbackoff.moc"
