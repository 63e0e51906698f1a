// RateLimiter: token buckets per key, with the time passed in.
#include "server/api/request/ratelimiter.h"

#include <QTest>

using namespace chat::server;

class TestRateLimiter : public QObject
{
    Q_OBJECT
private slots:
    void burstThenRate();
    void keysAreIndependent();
    void offMeansOff();
    void fullBucketsAreForgotten();
};

void TestRateLimiter::burstThenRate()
{
    RateLimiter limiter({ 2, 3 }); // 2 a second, 3 at once
    const QString key = QStringLiteral("10.0.0.1");
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(limiter.waitMs(key, 1000), 0);
        limiter.take(key, 1000);
    }
    QCOMPARE(limiter.waitMs(key, 1000), 500); // half a second for the next token
    QCOMPARE(limiter.waitMs(key, 1250), 250);
    QCOMPARE(limiter.waitMs(key, 1500), 0);
    limiter.take(key, 1500);
    QCOMPARE(limiter.waitMs(key, 1500), 500);
    // Idle for long: never more than the burst.
    for (int i = 0; i < 3; ++i)
        limiter.take(key, 100'000);
    QCOMPARE(limiter.waitMs(key, 100'000), 500);
}

void TestRateLimiter::keysAreIndependent()
{
    RateLimiter limiter({ 1, 1 });
    limiter.take(QStringLiteral("alice"), 0);
    QCOMPARE(limiter.waitMs(QStringLiteral("alice"), 0), 1000);
    QCOMPARE(limiter.waitMs(QStringLiteral("bob"), 0), 0);
}

void TestRateLimiter::offMeansOff()
{
    RateLimiter limiter({ 0, 1 });
    QVERIFY(!limiter.isEnabled());
    for (int i = 0; i < 1000; ++i)
        limiter.take(QStringLiteral("x"), 0);
    QCOMPARE(limiter.waitMs(QStringLiteral("x"), 0), 0);
    QCOMPARE(limiter.trackedKeys(), 0);
}

void TestRateLimiter::fullBucketsAreForgotten()
{
    // Memory follows the keys active in the last few seconds, not every key ever seen: an
    // attacker posting under a new nickname each time cannot grow the table without end.
    RateLimiter limiter({ 5, 20 });
    for (int i = 0; i < 10'000; ++i)
        limiter.take(QString::number(i), i / 10);
    QCOMPARE(limiter.trackedKeys(), 10'000);
    limiter.take(QStringLiteral("late"), 60'000); // long after: every other bucket is full
    QCOMPARE(limiter.trackedKeys(), 1);
}

QTEST_APPLESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
