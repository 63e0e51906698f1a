// The history as HistoryReads reads it, by event number, on a real SQLite file and (as
// tst_historyreads_pg) on a real PostgreSQL database: before=<id> for any id, and the schema
// step that left one index by room.
#include "server/store/messagestore.h"
#include "tests/support/testdatabase.h"

#include <QTemporaryDir>
#include <QTest>

using namespace chat;
using namespace chat::server;
using namespace Qt::StringLiterals;

class TestHistoryReads : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void historyBeforeAnyId();
    void migratesToOneIndexByRoom();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<test::TestDatabase> m_database;
    QString path() const { return m_database->url(); }
};

void TestHistoryReads::init()
{
    m_database.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = std::make_unique<test::TestDatabase>(m_dir->filePath(u"chat.sqlite3"_s));
    QVERIFY2(!path().isEmpty(), qPrintable(m_database->error()));
}

// before=<id> for every id a client could send: the room's own (standing, removed, removals),
// another room's, none at all; the history is read by event number, the answer must be
// exactly the standing messages with smaller ids.
void TestHistoryReads::historyBeforeAnyId()
{
    MessageStore store;
    QVERIFY(store.open(path()));
    for (int i = 1; i <= 40; ++i) {
        QVERIFY(store.append({ u"r"_s, u"u"_s, QString::number(i) }));
        for (int j = 0; j < i % 4; ++j)
            QVERIFY(store.append({ u"other"_s, u"u"_s, u"noise"_s }));
    }
    const auto all = store.history(u"r"_s, 100);
    QCOMPARE(all->size(), 40);
    QVERIFY(store.remove(u"r"_s, all->at(3).message.id));
    QVERIFY(store.remove(u"r"_s, all->at(30).message.id));
    QVERIFY(store.append({ u"r"_s, u"u"_s, u"after the removals"_s }));
    const auto standing = store.history(u"r"_s, 100);
    QCOMPARE(standing->size(), 39);
    const qint64 newest = standing->first().message.id;
    for (qint64 before = -1; before <= newest + 2; ++before) {
        QList<qint64> expected;
        for (const StoredMessage &m : *standing) {
            if (m.message.id < before && expected.size() < 5)
                expected.append(m.message.id);
        }
        const auto page = store.history(u"r"_s, 5, before);
        QVERIFY2(page, qPrintable(page.error().message));
        QList<qint64> ids;
        for (const StoredMessage &m : *page)
            ids.append(m.message.id);
        QCOMPARE(ids, expected);
        const auto json = store.historyJson(u"r"_s, 5, before);
        QVERIFY(json);
        QByteArray rendered;
        for (const StoredMessage &m : *page)
            rendered += (rendered.isEmpty() ? "" : ", ") + m.message.toJson();
        QCOMPARE(json->messages, rendered);
    }
    QVERIFY(store.history(u"nobody"_s, 5, 3)->isEmpty());
}

// A database of schema 4 had a second index by room; opening it drops the index and keeps
// every message.
void TestHistoryReads::migratesToOneIndexByRoom()
{
    {
        MessageStore store;
        QVERIFY(store.open(path()));
        for (int i = 1; i <= 3; ++i)
            QVERIFY(store.append({ u"r"_s, u"u"_s, QString::number(i) }));
    }
    QVERIFY(m_database->exec(u"CREATE INDEX messages_by_room_id ON messages (room_id, id)"_s));
    QVERIFY(m_database->exec(m_database->isPostgres() ? u"UPDATE schema_version SET version = 4"_s
                                                      : u"PRAGMA user_version = 4"_s));
    MessageStore store;
    const auto opened = store.open(path());
    QVERIFY2(opened, qPrintable(opened.error().message));
    QCOMPARE(store.history(u"r"_s, 10)->size(), 3);
    // Creating it again succeeds only because the migration dropped it.
    QVERIFY(m_database->exec(u"CREATE INDEX messages_by_room_id ON messages (room_id, id)"_s));
}

QTEST_GUILESS_MAIN(TestHistoryReads)
#include "tst_historyreads.moc"
