// DeadlineQueue: deadlines of several durations expire in time order, once; cancelled ones
// never do; a deadline started from an expiry works; many cancelled ones are compacted away.
#include "server/http/deadlinequeue.h"

#include <QElapsedTimer>
#include <QTest>

using namespace chat::server;

class TestDeadlineQueue : public QObject
{
    Q_OBJECT
private slots:
    void expiresInTimeOrderAcrossDurations();
    void cancelledNeverExpires();
    void startsFromAnExpiry();
    void manyCancelledAreCompacted();
};

void TestDeadlineQueue::expiresInTimeOrderAcrossDurations()
{
    DeadlineQueue queue;
    QList<int> order;
    QElapsedTimer clock;
    clock.start();
    QList<qint64> at;
    const auto note = [&](int name) {
        return [&, name] {
            order.append(name);
            at.append(clock.elapsed());
        };
    };
    queue.start(120, note(3));
    queue.start(40, note(1));
    queue.start(120, note(4));
    queue.start(80, note(2));
    QCOMPARE(queue.pending(), 4);
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 4, 5000);
    QCOMPARE(order, (QList<int> { 1, 2, 3, 4 }));
    QVERIFY2(at.first() >= 40, qPrintable(QString::number(at.first())));
    QVERIFY(at.last() >= 120);
    QCOMPARE(queue.pending(), 0);
}

void TestDeadlineQueue::cancelledNeverExpires()
{
    DeadlineQueue queue;
    int expired = 0;
    const quint64 first = queue.start(30, [&] { expired += 1; });
    queue.start(60, [&] { expired += 10; });
    QVERIFY(first != 0);
    queue.cancel(first);
    queue.cancel(first); // twice: ignored
    QTRY_COMPARE_WITH_TIMEOUT(expired, 10, 5000);
    QTest::qWait(50);
    QCOMPARE(expired, 10);
}

void TestDeadlineQueue::startsFromAnExpiry()
{
    DeadlineQueue queue;
    int expired = 0;
    queue.start(20, [&] {
        ++expired;
        queue.start(20, [&] { ++expired; }); // same lane, from inside the expiry
        queue.start(5, [&] { ++expired; }); // a new, shorter lane
    });
    QTRY_COMPARE_WITH_TIMEOUT(expired, 3, 5000);
    QCOMPARE(queue.pending(), 0);
}

void TestDeadlineQueue::manyCancelledAreCompacted()
{
    DeadlineQueue queue;
    int expired = 0;
    // A keep-alive connection restarts its idle deadline on every request: 10,000 restarts,
    // one live deadline at a time.
    quint64 ticket = 0;
    for (int i = 0; i < 10000; ++i) {
        if (ticket)
            queue.cancel(ticket);
        ticket = queue.start(60'000, [&] { ++expired; });
    }
    QCOMPARE(queue.pending(), 1);
    QVERIFY2(queue.queued() <= 1024 + 1, qPrintable(QString::number(queue.queued())));
    queue.start(10, [&] { expired += 100; });
    QTRY_COMPARE_WITH_TIMEOUT(expired, 100, 5000);
    QCOMPARE(queue.pending(), 1); // the idle one is still to come
}

QTEST_GUILESS_MAIN(TestDeadlineQueue)
#include "tst_deadlinequeue.moc"
