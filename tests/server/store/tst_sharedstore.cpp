// What only a database several origins share must do, on a real PostgreSQL: stores on their
// own connections (as origins are) number one room's events without a gap and store one
// message per Idempotency-Key however their batches interleave, migrate a new database together,
// hear each other's commits, share presence, and survive a restart of the server.
#include "server/store/messagestore.h"
#include "server/store/presencetable.h"
#include "server/store/storeconnection.h"
#include "tests/support/postgresprocess.h"

#include <QMutex>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <functional>

using namespace chat;
using namespace chat::server;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

// Runs `work` on `count` threads at once, each with a MessageStore of its own on `database`
// (a connection belongs to its thread); the failures they met.
QStringList onThreads(int count, const QString &database,
                      const std::function<QString(MessageStore &, int)> &work)
{
    QStringList failures;
    QMutex mutex;
    QAtomicInt ready;
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < count; ++i) {
        threads.emplace_back(QThread::create([&, i] {
            MessageStore store;
            ready.fetchAndAddOrdered(1);
            while (ready.loadAcquire() < count) // start together
                QThread::yieldCurrentThread();
            QString failure;
            if (const auto opened = store.open(database); !opened)
                failure = opened.error().message;
            else
                failure = work(store, i);
            if (!failure.isEmpty()) {
                QMutexLocker lock(&mutex);
                failures.append(failure);
            }
        }));
        threads.back()->start();
    }
    for (const auto &thread : threads)
        thread->wait();
    return failures;
}

} // namespace

class TestSharedStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void originsMigrateANewDatabaseTogether();
    void interleavedBatchesNumberWithoutGaps();
    void oneMessagePerKeyAcrossStores();
    void commitsWakeTheOtherStores();
    void presenceIsShared();
    void reconnectsAfterARestart();

private:
    PostgresProcess m_postgres { { {}, false, false } };
    QString m_database;
};

void TestSharedStore::initTestCase()
{
    QVERIFY2(m_postgres.start(), qPrintable(m_postgres.lastError() + m_postgres.log()));
}

void TestSharedStore::init()
{
    m_database = m_postgres.createDatabase();
    QVERIFY2(!m_database.isEmpty(), qPrintable(m_postgres.lastError()));
}

void TestSharedStore::originsMigrateANewDatabaseTogether()
{
    // Four origins start at once on an empty database: one migrates, the others wait for it
    // (the advisory lock) and find the schema current.
    const QStringList failures = onThreads(4, m_database, [](MessageStore &store, int i) {
        const auto stored = store.append({ u"r"_s, u"o%1"_s.arg(i), u"hello"_s });
        return stored ? QString() : stored.error().message;
    });
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    MessageStore store;
    QVERIFY(store.open(m_database));
    QCOMPARE(*store.currentEventNumber(u"r"_s), 4);
}

void TestSharedStore::interleavedBatchesNumberWithoutGaps()
{
    // Batches of several rooms from two stores at once: each room's numbers are gap-free, and
    // the rooms are locked in one order, so no two batches deadlock.
    const QStringList rooms { u"a"_s, u"b"_s, u"c"_s };
    QMutex mutex;
    QHash<QString, QList<qint64>> numbers;
    const QStringList failures = onThreads(2, m_database, [&](MessageStore &store, int i) {
        for (int batch = 0; batch < 40; ++batch) {
            QList<MessageStore::NewMessage> messages;
            for (int k = 0; k < 1 + (batch + i) % 5; ++k) // rooms in a different order each
                messages.append({ rooms.at((batch + k + i) % 3), u"s%1"_s.arg(i), u"m"_s });
            const auto appended = store.append(messages);
            if (!appended)
                return appended.error().message;
            QMutexLocker lock(&mutex);
            for (const MessageStore::Appended &entry : *appended)
                numbers[entry.message.message.room].append(entry.message.eventNumber);
        }
        return QString();
    });
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    MessageStore store;
    QVERIFY(store.open(m_database));
    for (const QString &room : rooms) {
        QList<qint64> got = numbers.value(room);
        std::sort(got.begin(), got.end());
        QList<qint64> expected;
        for (qint64 n = 1; n <= got.size(); ++n)
            expected.append(n);
        QCOMPARE(got, expected);
        QCOMPARE(*store.currentEventNumber(room), got.size());
    }
}

void TestSharedStore::oneMessagePerKeyAcrossStores()
{
    // Two origins given the same keys at the same time (a client retrying through another
    // origin): each key stores one message, the other answer is its replay.
    QMutex mutex;
    QHash<QString, QList<MessageStore::Appended::Outcome>> outcomes;
    QHash<QString, QSet<qint64>> ids;
    const QStringList failures = onThreads(2, m_database, [&](MessageStore &store, int i) {
        for (int batch = 0; batch < 25; ++batch) {
            QList<MessageStore::NewMessage> messages;
            for (int k = 0; k < 4; ++k) {
                const int key = batch * 4 + (i ? 3 - k : k); // the other order on the other
                messages.append(
                    { u"keys"_s, u"alice"_s, u"text %1"_s.arg(key), u"key-%1"_s.arg(key) });
            }
            const auto appended = store.append(messages);
            if (!appended)
                return appended.error().message;
            QMutexLocker lock(&mutex);
            for (qsizetype k = 0; k < messages.size(); ++k) {
                outcomes[messages.at(k).idempotencyKey].append(appended->at(k).outcome);
                ids[messages.at(k).idempotencyKey].insert(appended->at(k).message.message.id);
            }
        }
        return QString();
    });
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    QCOMPARE(outcomes.size(), 100);
    using Outcome = MessageStore::Appended::Outcome;
    for (auto it = outcomes.cbegin(); it != outcomes.cend(); ++it) {
        QCOMPARE(it->count(Outcome::Stored), 1);
        QCOMPARE(it->count(Outcome::Replayed), 1);
        QCOMPARE(ids.value(it.key()).size(), 1); // both answers name the one message
    }
    MessageStore store;
    QVERIFY(store.open(m_database));
    QCOMPARE(*store.currentEventNumber(u"keys"_s), 100);
}

void TestSharedStore::commitsWakeTheOtherStores()
{
    MessageStore a;
    MessageStore b;
    QVERIFY(a.open(m_database));
    QVERIFY(b.open(m_database));
    QSignalSpy onB(&b.connection(), &StoreConnection::notified);
    QSignalSpy onA(&a.connection(), &StoreConnection::notified);
    QVERIFY(a.append({ u"woken"_s, u"x"_s, u"1"_s }));
    QTRY_COMPARE(onB.size(), 1);
    QCOMPARE(onB.at(0).at(0).toString(), QLatin1String(MessageStore::kRoomEventsChannel));
    QCOMPARE(onB.at(0).at(1).toString(), u"woken"_s);
    // A removal is an event too; a store does not hear itself.
    QVERIFY(b.remove(u"woken"_s, 1));
    QTRY_COMPARE(onA.size(), 1);
    QCOMPARE(onA.at(0).at(1).toString(), u"woken"_s);
    QVERIFY(a.notify(MessageStore::kEphemeralChannel, u"woken\nframe"_s));
    QTRY_COMPARE(onB.size(), 2);
    QCOMPARE(onB.at(1).at(1).toString(), u"woken\nframe"_s);
    QTest::qWait(100);
    QCOMPARE(onA.size(), 1);
    // A batch that rolls back wakes nobody.
    QCOMPARE(b.remove(u"woken"_s, 1).error().status, 404);
    QTest::qWait(100);
    QCOMPARE(onA.size(), 1);
}

void TestSharedStore::presenceIsShared()
{
    MessageStore a;
    MessageStore b;
    QVERIFY(a.open(m_database));
    QVERIFY(b.open(m_database));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 cutoff = now - 45'000;
    QCOMPARE(*a.presence().heartbeat(u"r"_s, u"alice"_s, now, cutoff), true); // began a stay
    QCOMPARE(*b.presence().heartbeat(u"r"_s, u"alice"_s, now + 1, cutoff), false); // went on
    QCOMPARE(*b.presence().heartbeat(u"r"_s, u"bob"_s, now, cutoff), true);
    const auto online = b.presence().online(u"r"_s, cutoff);
    QCOMPARE(online->size(), 2);
    QCOMPARE(a.presence().counts(cutoff)->value(u"r"_s), 2);
    // Alice's heartbeats stop, Bob's go on: the first origin to sweep takes her stay, the
    // other finds none.
    QCOMPARE(*b.presence().heartbeat(u"r"_s, u"bob"_s, now + 30'000, now - 15'000), false);
    const qint64 later = now + 60'000;
    QCOMPARE(*b.presence().heartbeat(u"r"_s, u"bob"_s, later, later - 45'000), false);
    const auto swept = a.presence().expire(later - 45'000);
    QCOMPARE(*swept, (QList<std::pair<QString, QString>> { { u"r"_s, u"alice"_s } }));
    QVERIFY(b.presence().expire(later - 45'000)->isEmpty());
    // A stay that lapsed begins anew with the next heartbeat.
    QCOMPARE(*a.presence().heartbeat(u"r"_s, u"bob"_s, later + 50'000, later + 5'000), true);
    QCOMPARE(*b.presence().leave(u"r"_s, u"bob"_s, later), true);
    QCOMPARE(*a.presence().leave(u"r"_s, u"bob"_s, later), false);
}

void TestSharedStore::reconnectsAfterARestart()
{
    MessageStore store;
    QVERIFY(store.open(m_database));
    QVERIFY(store.append({ u"r"_s, u"x"_s, u"before"_s }));
    QSignalSpy reopened(&store.connection(), &StoreConnection::reopened);
    QVERIFY(m_postgres.stop());
    QVERIFY(!store.append({ u"r"_s, u"x"_s, u"lost"_s })); // refused, not acknowledged
    QVERIFY(!store.isHealthy());
    QVERIFY(!store.isOpen());
    QVERIFY2(m_postgres.start(), qPrintable(m_postgres.lastError()));
    QTRY_COMPARE_WITH_TIMEOUT(reopened.size(), 1, 20000); // by itself, with backoff
    QVERIFY(store.isHealthy());
    QCOMPARE(store.append({ u"r"_s, u"x"_s, u"after"_s })->eventNumber, 2);
    QCOMPARE(store.connection().reconnects(), 1);
    // It listens again.
    MessageStore other;
    QVERIFY(other.open(m_database));
    QSignalSpy woken(&store.connection(), &StoreConnection::notified);
    QVERIFY(other.append({ u"r"_s, u"y"_s, u"from the other"_s }));
    QTRY_COMPARE(woken.size(), 1);
}

QTEST_GUILESS_MAIN(TestSharedStore)
#include "tst_sharedstore.moc"
