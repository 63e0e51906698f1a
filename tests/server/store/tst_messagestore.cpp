// MessageStore on a real SQLite file, and (as tst_messagestore_pg) on a real PostgreSQL
// database: counters, history paging, replay, persistence, schema. Longer than 400 lines because
// it is the one suite of the store's contract on both engines, with the SQLite-only checks of how
// it uses its files (checkpoints, statement journals) beside the behaviour they must not change.
#include "server/store/engine/sqliteconnection.h"
#include "server/store/engine/walcheckpointer.h"
#include "server/store/messagestore.h"
#include "server/store/storeconnection.h"
#include "tests/support/testdatabase.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>

using namespace chat;
using namespace chat::server;
using namespace Qt::StringLiterals;

class TestMessageStore : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void countersArePerRoom();
    void historyNewestFirstAndPaging();
    void historyJsonIsTheRenderedHistory();
    void eventsAfter();
    void batchIsAtomic();
    void batchNumbersEachRoomInOrder();
    void batchOverManyRoomsWritesNoTemporaryFile();
    void checkpointsInTheBackground();
    void checkpointsWaitForAPause();
    void checkpointsALongLogUnderLoad();
    void survivesReopen();
    void refusesNewerSchema();
    void unicodeRoundTrip();
    void removalLeavesATombstone();
    void bansLastUntilTheirEnd();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<test::TestDatabase> m_database;
    // What the store opens: the SQLite file, or the test's PostgreSQL database.
    QString path() const { return m_database->url(); }
};

void TestMessageStore::init()
{
    m_database.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = std::make_unique<test::TestDatabase>(m_dir->filePath(u"chat.sqlite3"_s));
    QVERIFY2(!path().isEmpty(), qPrintable(m_database->error()));
}

void TestMessageStore::countersArePerRoom()
{
    MessageStore store;
    const auto opened = store.open(path());
    QVERIFY2(opened, qPrintable(opened.error().message));
    QCOMPARE(*store.currentEventNumber(u"a"_s), 0);
    QCOMPARE(store.append({ u"a"_s, u"x"_s, u"1"_s })->eventNumber, 1);
    QCOMPARE(store.append({ u"a"_s, u"x"_s, u"2"_s })->eventNumber, 2);
    const auto b = store.append({ u"b"_s, u"y"_s, u"3"_s });
    QCOMPARE(b->eventNumber, 1);
    QCOMPARE(b->message.id, 3); // ids are global
    QCOMPARE(*store.currentEventNumber(u"a"_s), 2);
    QCOMPARE(*store.currentEventNumber(u"b"_s), 1);
    QCOMPARE(*store.currentEventNumber(u"never"_s), 0);
    QVERIFY(store.isHealthy());
}

void TestMessageStore::historyNewestFirstAndPaging()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    for (int i = 1; i <= 120; ++i) {
        QVERIFY(store.append({ u"room"_s, u"u"_s, QString::number(i) }));
        QVERIFY(store.append({ u"other"_s, u"u"_s, u"noise"_s }));
    }
    const auto newest = store.history(u"room"_s, 50);
    QCOMPARE(newest->size(), 50);
    QCOMPARE(newest->first().message.text, u"120"_s);
    QCOMPARE(newest->last().message.text, u"71"_s);

    // Page back with before=<oldest id seen> until the first message.
    QStringList seen;
    std::optional<qint64> before;
    while (true) {
        const auto page = store.history(u"room"_s, 50, before);
        QVERIFY(page);
        if (page->isEmpty())
            break;
        for (const StoredMessage &m : *page) {
            QCOMPARE(m.message.room, u"room"_s);
            seen.append(m.message.text);
        }
        before = page->last().message.id;
    }
    QCOMPARE(seen.size(), 120);
    QCOMPARE(seen.first(), u"120"_s);
    QCOMPARE(seen.last(), u"1"_s);
    QVERIFY(store.history(u"nobody"_s, 50)->isEmpty());
}

// The page as the API sends it, whether from memory (NewestPages) or rendered from the rows,
// is Message::toJson() of the history, through appends, replays, removals and a reopen.
void TestMessageStore::historyJsonIsTheRenderedHistory()
{
    std::optional<MessageStore> store(std::in_place);
    QVERIFY(store->open(path()));
    const auto check = [&](int limit, std::optional<qint64> before = {}) {
        const auto messages = store->history(u"r"_s, limit, before);
        QByteArray expected;
        for (const StoredMessage &stored : *messages)
            expected += (expected.isEmpty() ? "" : ", ") + stored.message.toJson();
        const auto json = store->historyJson(u"r"_s, limit, before);
        QVERIFY2(json, qPrintable(json.error().message));
        QCOMPARE(json->messages, expected);
        QCOMPARE(json->currentEvent, *store->currentEventNumber(u"r"_s));
    };
    check(50);
    const QString texts[] = { u"plain"_s, u"é \"q\" <b>"_s, u"😀\n\t"_s, QString(4096, u'é') };
    for (int i = 0; i < 60; ++i)
        QVERIFY(store->append({ u"r"_s, i % 2 ? u"Zoë"_s : u"al"_s, texts[i % 4] }));
    for (int limit : { 50, 1, 10, 200 })
        check(limit); // the first one fills the page
    QVERIFY(store->append(
        QList<MessageStore::NewMessage> { { u"r"_s, u"a"_s, u"batch 1"_s, u"key-1"_s },
                                          { u"other"_s, u"a"_s, u"elsewhere"_s },
                                          { u"r"_s, u"a"_s, u"batch 2"_s } }));
    QVERIFY(store->append(QList<MessageStore::NewMessage> {
        { u"r"_s, u"a"_s, u"batch 1"_s, u"key-1"_s } })); // a replay: nothing new
    check(50);
    check(7);
    const qint64 newest = store->history(u"r"_s, 1)->first().message.id;
    QVERIFY(store->remove(u"r"_s, newest - 5));
    check(50);
    check(20, newest - 2);
    QVERIFY(store->remove(u"r"_s, newest));
    check(50);
    store.emplace();
    QVERIFY(store->open(path()));
    check(50);
}

void TestMessageStore::eventsAfter()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    for (int i = 1; i <= 10; ++i)
        QVERIFY(store.append({ u"r"_s, u"u"_s, QString::number(i) }));
    const auto events = store.eventsAfter(u"r"_s, 7, 100);
    QCOMPARE(events->size(), 3);
    QCOMPARE(events->at(0).eventNumber, 8);
    QCOMPARE(events->at(2).message.text, u"10"_s);
    QCOMPARE(store.eventsAfter(u"r"_s, 0, 4)->size(), 4);
    QVERIFY(store.eventsAfter(u"r"_s, 10, 100)->isEmpty());
}

void TestMessageStore::batchIsAtomic()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    const auto stored = store.append(QList<MessageStore::NewMessage> {
        { u"a"_s, u"x"_s, u"1"_s }, { u"b"_s, u"x"_s, u"2"_s }, { u"a"_s, u"x"_s, u"3"_s } });
    QVERIFY(stored);
    QCOMPARE(stored->size(), 3);
    QCOMPARE(stored->at(2).message.eventNumber, 2);
    QCOMPARE(stored->at(0).message.message.date, stored->at(2).message.message.date);
}

void TestMessageStore::batchNumbersEachRoomInOrder()
{
    // One counter update per room and batch: the numbers must still follow the batch's order
    // and continue each room's count.
    MessageStore store;
    QVERIFY(store.open(path()));
    QCOMPARE(store.append({ u"a"_s, u"x"_s, u"a1"_s })->eventNumber, 1);
    const auto stored
        = store.append(QList<MessageStore::NewMessage> { { u"a"_s, u"x"_s, u"a2"_s },
                                                         { u"b"_s, u"x"_s, u"b1"_s },
                                                         { u"a"_s, u"x"_s, u"a3"_s },
                                                         { u"b"_s, u"x"_s, u"b2"_s },
                                                         { u"a"_s, u"x"_s, u"a4"_s } });
    QVERIFY(stored);
    QList<qint64> numbers;
    for (const MessageStore::Appended &entry : *stored)
        numbers.append(entry.message.eventNumber);
    QCOMPARE(numbers, (QList<qint64> { 2, 1, 3, 2, 4 }));
    QCOMPARE(*store.currentEventNumber(u"a"_s), 4);
    QCOMPARE(*store.currentEventNumber(u"b"_s), 2);
    QCOMPARE(store.append({ u"b"_s, u"x"_s, u"b3"_s })->eventNumber, 3);

    // A batch over more rooms and messages than one statement takes (Statements::kMaxRows),
    // new and known rooms, names that sort apart by code unit: every room counted, each in its
    // order; ids rise in the batch's order (the history's event-number reads rely on it within
    // a room) and each is its own message's.
    QList<MessageStore::NewMessage> spread;
    for (int round = 0; round < 2; ++round) {
        for (int room = 0; room < 150; ++room)
            spread.append({ u"r%1 é"_s.arg(room), u"x"_s, u"m%1"_s.arg(round) });
    }
    spread.append({ u"a"_s, u"x"_s, u"a5"_s });
    const auto spreadOut = store.append(spread);
    QVERIFY(spreadOut);
    for (qsizetype i = 0; i < 300; ++i)
        QCOMPARE(spreadOut->at(i).message.eventNumber, i / 150 + 1);
    QCOMPARE(spreadOut->last().message.eventNumber, 5);
    for (qsizetype i = 1; i < spreadOut->size(); ++i)
        QVERIFY(spreadOut->at(i).message.message.id > spreadOut->at(i - 1).message.message.id);
    for (const int room : { 0, 63, 64, 149 }) {
        const auto history = store.history(u"r%1 é"_s.arg(room), 10);
        QCOMPARE(history->size(), 2);
        for (int round = 0; round < 2; ++round) {
            const StoredMessage &appended = spreadOut->at(round * 150 + room).message;
            const StoredMessage &read = history->at(1 - round);
            QCOMPARE(read.message.id, appended.message.id);
            QCOMPARE(read.message.text, u"m%1"_s.arg(round));
            QCOMPARE(read.eventNumber, appended.eventNumber);
        }
    }
    QCOMPARE(*store.currentEventNumber(u"r149 é"_s), 2);
    const auto directory = store.rooms(200);
    QVERIFY(directory);
    QCOMPARE(directory->size(), 152);
}

namespace {

// SQLite's default VFS, with a count of the statement journals it opened as files: registered
// in front of it for one test, then the original is the default again.
class CountingVfs
{
public:
    CountingVfs()
        : m_original(sqlite3_vfs_find(nullptr))
    {
        m_vfs = *m_original;
        m_vfs.zName = "chat-counting";
        m_vfs.pAppData = this;
        m_vfs.xOpen = [](sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags,
                         int *outFlags) {
            auto *self = static_cast<CountingVfs *>(vfs->pAppData);
            if (flags & SQLITE_OPEN_SUBJOURNAL)
                ++self->m_subjournals;
            return self->m_original->xOpen(self->m_original, name, file, flags, outFlags);
        };
        sqlite3_vfs_register(&m_vfs, 1);
    }
    ~CountingVfs()
    {
        sqlite3_vfs_unregister(&m_vfs);
        sqlite3_vfs_register(m_original, 1);
    }
    int subjournals() const { return m_subjournals; }

private:
    sqlite3_vfs *m_original;
    sqlite3_vfs m_vfs {};
    std::atomic<int> m_subjournals { 0 };
};

} // namespace

void TestMessageStore::batchOverManyRoomsWritesNoTemporaryFile()
{
    // A batch over many rooms changes an index page and a counter of each: the statements' undo
    // journal outgrew SQLite's 64 KiB in memory and went to a file in /var/tmp, created and
    // removed for every such batch (a sixth of a post's time over 100 rooms). It stays in memory.
    if (m_database->isPostgres())
        QSKIP("SQLite's statement journal");
    CountingVfs vfs;
    MessageStore store;
    QVERIFY(store.open(path(), Sync::Normal));
    constexpr int kRooms = 64;
    constexpr int kEach = 500; // more than an index page holds: each room's on pages of its own
    for (int room = 0; room < kRooms; ++room) {
        QVERIFY(store.append(
            QList<MessageStore::NewMessage>(kEach, { u"room%1"_s.arg(room), u"x"_s, u"y"_s })));
    }
    QCOMPARE(vfs.subjournals(), 0);
    QList<MessageStore::NewMessage> batch;
    for (int room = 0; room < kRooms; ++room)
        batch.append({ u"room%1"_s.arg(room), u"x"_s, u"z"_s });
    QVERIFY(store.append(batch));
    QCOMPARE(vfs.subjournals(), 0);
    QCOMPARE(*store.currentEventNumber(u"room0"_s), kEach + 1);
    QCOMPARE(*store.currentEventNumber(u"room%1"_s.arg(kRooms - 1)), kEach + 1);
}

void TestMessageStore::checkpointsInTheBackground()
{
    // With synchronous=NORMAL commits only append to the write-ahead log; WalCheckpointer's
    // own thread copies it into the database file once commits pause, so the file grows with no
    // more commits.
    if (m_database->isPostgres())
        QSKIP("SQLite's write-ahead log; PostgreSQL checkpoints by itself");
    MessageStore store;
    QVERIFY(store.open(path(), Sync::Normal));
    const qint64 before = QFileInfo(path()).size();
    for (int i = 0; i < 50; ++i)
        QVERIFY(store.append({ u"big"_s, u"x"_s, QString(2000, u'a') }));
    QTRY_VERIFY_WITH_TIMEOUT(store.backgroundCheckpoints() > 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(path()).size() > before + 50 * 2000, 10000);
    QCOMPARE(store.history(u"big"_s, 100)->size(), 50);
}

void TestMessageStore::checkpointsWaitForAPause()
{
    using Action = WalCheckpointer::Action;
    const WalCheckpointer::Policy policy { 50, 10 };
    const auto next = [&](qint64 now, bool sinceCheckpoint, bool sinceWriteback) {
        return WalCheckpointer::next(policy, now, 1'000, sinceCheckpoint, sinceWriteback);
    };
    QCOMPARE(next(1'000, true, true), Action::StartWriteback); // a commit just now
    QCOMPARE(next(1'049, true, false), Action::None); // written back since
    QCOMPARE(next(1'050, true, false), Action::Checkpoint); // a pause
    QCOMPARE(next(90'000, true, true), Action::Checkpoint);
    QCOMPARE(next(90'000, false, false), Action::None); // nothing new
    // A log this long is checkpointed now, pause or not; only if something was committed since.
    const auto nextWithLog = [&](int logPages, bool sinceCheckpoint) {
        return WalCheckpointer::next({ 50, 10, 100 }, 1'000, 1'000, sinceCheckpoint, false,
                                     logPages);
    };
    QCOMPARE(nextWithLog(99, true), Action::None);
    QCOMPARE(nextWithLog(100, true), Action::Checkpoint);
    QCOMPARE(nextWithLog(5'000, false), Action::None);

    // Steady commits: no checkpoint until they stop (a generous pause, for a busy machine).
    if (m_database->isPostgres())
        QSKIP("SQLite's write-ahead log; PostgreSQL checkpoints by itself");
    MessageStore store;
    QVERIFY(store.open(path(), Sync::Full)); // no checkpointer of its own
    WalCheckpointer checkpointer(path(), { 500, 10 });
    QElapsedTimer steady;
    steady.start();
    while (steady.elapsed() < 300) {
        QVERIFY(store.append({ u"r"_s, u"x"_s, u"steady"_s }));
        checkpointer.noteCommit();
        QTest::qWait(5);
    }
    QCOMPARE(checkpointer.checkpoints(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(checkpointer.checkpoints() == 1, 5000);
}

void TestMessageStore::checkpointsALongLogUnderLoad()
{
    // Under steady commits the log is bounded by WalCheckpointer's thread, not by a checkpoint
    // inside a commit; and by the commit itself only when that thread is far behind, or gone.
    if (m_database->isPostgres())
        QSKIP("SQLite's write-ahead log; PostgreSQL checkpoints by itself");
    MessageStore store;
    QVERIFY(store.open(path(), Sync::Full)); // no checkpointer of its own
    int appended = 0;
    const auto appendSome = [&](int count) {
        for (int i = 0; i < count; ++i, ++appended) {
            if (!store.append({ u"r"_s, u"x"_s, QString(2000, u'a') }))
                return false;
        }
        return true;
    };
    const auto logBytes = [&] {
        return QFileInfo(path() + u"-wal"_s).size();
    };
    constexpr qint64 kPage = 4096 + 24; // a frame of the log
    {
        // Never a pause long enough; the thread's bound 40 pages, the commit's out of reach.
        WalCheckpointer checkpointer(path(), { 60'000, 10, 40 });
        checkpointer.watch(sqliteconnection::handle(store.connection().database()), 1'000'000);
        QElapsedTimer steady;
        steady.start();
        while (checkpointer.checkpoints() == 0 && steady.elapsed() < 10'000) {
            QVERIFY(appendSome(1));
            checkpointer.noteCommit();
            QTest::qWait(2);
        }
        QVERIFY(checkpointer.checkpoints() > 0);
        QVERIFY(checkpointer.logPages() >= 40);
    }
    {
        // The thread never gets to it: the commit checkpoints once the log has 20 pages.
        WalCheckpointer checkpointer(path(), { 60'000, 10, 1'000'000 });
        checkpointer.watch(sqliteconnection::handle(store.connection().database()), 20);
        const qint64 before = logBytes();
        QVERIFY(appendSome(200)); // ~2 pages each, unbounded ~400
        QCOMPARE(checkpointer.checkpoints(), 0);
        QVERIFY2(checkpointer.logPages() < 30,
                 qPrintable(QString::number(checkpointer.logPages())));
        QVERIFY(logBytes() <= std::max(before, 30 * kPage));
    }
    // Gone: SQLite's own bound is back on the writer (the same 20 pages), and nothing dangles.
    const qint64 before = logBytes();
    QVERIFY(appendSome(200));
    QVERIFY(logBytes() <= std::max(before, 30 * kPage));
    QCOMPARE(*store.currentEventNumber(u"r"_s), appended);
}

void TestMessageStore::survivesReopen()
{
    {
        MessageStore store;
        QVERIFY(store.open(path()));
        QVERIFY(store.append({ u"r"_s, u"u"_s, u"before restart"_s }));
        QVERIFY(store.append({ u"r"_s, u"u"_s, u"again"_s }));
    }
    MessageStore store;
    QVERIFY(store.open(path()));
    QCOMPARE(*store.currentEventNumber(u"r"_s), 2);
    QCOMPARE(store.append({ u"r"_s, u"u"_s, u"after"_s })->eventNumber, 3);
    QCOMPARE(store.history(u"r"_s, 10)->size(), 3);
}

void TestMessageStore::refusesNewerSchema()
{
    if (m_database->isPostgres()) {
        QVERIFY(m_database->exec(u"CREATE TABLE schema_version (version INTEGER NOT NULL)"_s));
        QVERIFY(m_database->exec(u"INSERT INTO schema_version VALUES (99)"_s));
    } else {
        QVERIFY(m_database->exec(u"PRAGMA user_version = 99"_s));
    }
    MessageStore store;
    const auto opened = store.open(path());
    QVERIFY(!opened);
    QVERIFY2(opened.error().message.contains(u"99"_s), qPrintable(opened.error().message));
    QVERIFY(!store.isOpen());
    QVERIFY(!store.isHealthy());
}

void TestMessageStore::unicodeRoundTrip()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    const QString text = u"é 😀 <b>&amp;</b> \"quoted\" 100%"_s;
    QVERIFY(store.append({ u"café"_s, u"Zoë"_s, text }));
    const auto history = store.history(u"café"_s, 1);
    QCOMPARE(history->first().message.text, text);
    QCOMPARE(history->first().message.from, u"Zoë"_s);
}

void TestMessageStore::removalLeavesATombstone()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    const qint64 first = store.append({ u"r"_s, u"a"_s, u"rude"_s })->message.id;
    const qint64 second = store.append({ u"r"_s, u"b"_s, u"fine"_s })->message.id;

    const auto removal = store.remove(u"r"_s, first);
    QVERIFY2(removal, qPrintable(removal.error().message));
    QCOMPARE(removal->removes, first);
    QCOMPARE(removal->eventNumber, 3); // an event of the room's sequence
    QCOMPARE(*store.currentEventNumber(u"r"_s), 3);
    QCOMPARE(store.remove(u"r"_s, first).error().status, 404); // once only
    QCOMPARE(store.remove(u"r"_s, removal->message.id).error().status, 404); // not a message
    QCOMPARE(store.remove(u"other"_s, second).error().status, 404); // another room's

    // The history shows what stands; the replay keeps the sequence, the text gone.
    const auto history = store.history(u"r"_s, 10);
    QCOMPARE(history->size(), 1);
    QCOMPARE(history->first().message.id, second);
    const auto events = store.eventsAfter(u"r"_s, 0, 10);
    QCOMPARE(events->size(), 3);
    QVERIFY(events->at(0).removed);
    QCOMPARE(events->at(0).message.text, QString());
    QVERIFY(!events->at(1).removed);
    QCOMPARE(events->at(2).removes, first);
}

void TestMessageStore::bansLastUntilTheirEnd()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 id = 0;
    {
        MessageStore store;
        QVERIFY(store.open(path()));
        MessageStore::Ban ban;
        ban.kind = MessageStore::Ban::Kind::Address;
        ban.value = u"192.0.2.7"_s;
        ban.untilMs = now + 60'000;
        id = *store.addBan(ban); // no reason: stored as empty
        ban.kind = MessageStore::Ban::Kind::Nickname;
        ban.value = u"troll"_s;
        ban.untilMs = now + 1'000;
        ban.reason = u"spam"_s;
        QVERIFY(store.addBan(ban));
    }
    MessageStore store;
    QVERIFY(store.open(path()));
    QCOMPARE(store.activeBans(now)->size(), 2);
    const auto later = store.activeBans(now + 30'000);
    QCOMPARE(later->size(), 1);
    QCOMPARE(later->first().id, id);
    QCOMPARE(later->first().value, u"192.0.2.7"_s);
    QCOMPARE(later->first().reason, QString());
    QCOMPARE(*store.removeBan(id), true);
    QCOMPARE(*store.removeBan(id), false);
    QCOMPARE(store.activeBans(now)->size(), 1);
}

QTEST_GUILESS_MAIN(TestMessageStore)
#include "tst_messagestore.moc"
