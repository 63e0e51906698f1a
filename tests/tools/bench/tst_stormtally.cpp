// The reconnect storm's tally (tools/bench/stormtally.h): which deliveries count as lost,
// duplicated or out of order, and when a reconnected subscriber counts as caught up.
#include "tools/bench/stormtally.h"

#include <QTest>

namespace {

BenchClock::time_point at(int ms)
{
    return BenchClock::time_point {} + std::chrono::milliseconds(ms);
}

// Messages 1..count, message k posted at 100 k ms and answered 5 ms later.
PostTimes postsAt(int count)
{
    PostTimes posts(count);
    for (int k = 1; k <= count; ++k) {
        posts.sent[size_t(k)] = at(100 * k);
        posts.answered[size_t(k)] = at(100 * k + 5);
    }
    return posts;
}

double figure(const QJsonObject &figures, const char *name)
{
    return figures.value(QLatin1String(name)).toDouble();
}

} // namespace

class TestStormTally : public QObject
{
    Q_OBJECT

private slots:
    // Restart at 150 ms, after message 1; the subscriber asks again at 250 ms, after message 2
    // was answered: it has caught up once 2 has arrived (400 ms), not waiting for 3.
    void reconnectedSubscriberCatchesUp()
    {
        const PostTimes posts = postsAt(3);
        StormTally tally(posts, 1, at(150));
        SubscriberResult result;
        result.opened = result.dropped = true;
        result.attempts = 2;
        result.reopens = 1;
        result.historyReads = 1;
        result.connectStarted = at(240);
        result.requested = at(250);
        result.headArrived = at(390);
        result.deliveries = { { 1, at(110) }, { 3, at(310) }, { 2, at(400) } };
        tally.add(result);
        const QJsonObject figures = tally.figures();
        QCOMPARE(figure(figures, "outOfOrder"), 1.0); // 3 before 2
        QVERIFY(!tally.exactlyOnceInOrder());
        QCOMPARE(tally.catchUpMs(), 250.0); // 400 - 150
        QCOMPARE(figure(figures, "reconnectWaitMaxMs"), 160.0); // 400 - 240
        QCOMPARE(figure(figures, "lastReconnectStartMs"), 90.0);
        QCOMPARE(figure(figures, "historyReads"), 1.0);
        QCOMPARE(figure(figures, "reconnectAttempts"), 1.0);
    }

    void lostAndDuplicated()
    {
        const PostTimes posts = postsAt(4);
        StormTally tally(posts, 2, at(250));
        SubscriberResult result;
        result.opened = true;
        result.deliveries = { { 1, at(101) }, { 2, at(201) }, { 3, at(310) }, { 3, at(311) } };
        tally.add(result);
        SubscriberResult neverOpened; // left out: it was never subscribed
        tally.add(neverOpened);
        const QJsonObject figures = tally.figures();
        QCOMPARE(figure(figures, "lost"), 1.0); // 4
        QCOMPARE(figure(figures, "duplicates"), 1.0);
        QCOMPARE(figure(figures, "outOfOrder"), 0.0);
        QCOMPARE(figure(figures, "subscribersComplete"), 0.0);
        QCOMPARE(tally.catchUpMs(), -1.0); // nobody reconnected
    }

    // Behind a proxy nobody reconnects: what counts is when the posts after the restart had
    // reached everyone.
    void postsAfterTheRestartReachEveryone()
    {
        const PostTimes posts = postsAt(3);
        StormTally tally(posts, 1, at(150));
        for (int late : { 0, 40 }) {
            SubscriberResult result;
            result.opened = true;
            result.deliveries = { { 1, at(110) }, { 2, at(210 + late) }, { 3, at(305) } };
            tally.add(result);
        }
        const QJsonObject figures = tally.figures();
        QVERIFY(tally.exactlyOnceInOrder());
        QCOMPARE(figure(figures, "subscribersComplete"), 2.0);
        QCOMPARE(figure(figures, "firstPostedToAllMs"), 100.0); // 250 - 150
        QCOMPARE(figure(figures, "postedToAllMs"), 50.0); // message 2: 250 - 200
    }
};

QTEST_APPLESS_MAIN(TestStormTally)
#include "tst_stormtally.moc"
