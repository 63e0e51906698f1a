// Outbox: unsent messages written to a JSON file and read back whole, per room and nickname; a
// file that is not an outbox is moved aside, never written over.
#include "desktop-client/lib/outbox.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace chat::desktop;
using namespace Qt::StringLiterals;

namespace {
Outbox::Entry entry(const QString &key, const QString &room, const QString &text,
                    const QString &from = u"alice"_s)
{
    // Milliseconds: what the file keeps of a time.
    return { key, room, from, text, QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5, 678), Qt::UTC) };
}
} // namespace

class TestOutbox : public QObject
{
    Q_OBJECT
private slots:
    void roundTripThroughTheFile();
    void entriesByRoomAndNickname();
    void aBrokenFileIsMovedAside();
    void jsonLayout();
    void withoutAFileItIsMemoryOnly();
    void defaultPathIsPerServerAndNickname();
};

void TestOutbox::roundTripThroughTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"nested/outbox.json"_s); // the folder is made
    const QList<Outbox::Entry> written {
        entry(u"k1"_s, u"general"_s, u"first"_s),
        entry(u"k2"_s, u"café & co"_s, u"line one\nline two <b>\"quoted\"</b> 😀"_s),
        entry(u"k3"_s, u"general"_s, u"third"_s),
    };
    {
        Outbox outbox(path);
        QVERIFY(outbox.load()); // none yet: empty
        QVERIFY(outbox.entries().isEmpty());
        for (const Outbox::Entry &e : written)
            QVERIFY(outbox.add(e));
        QVERIFY(outbox.remove(u"k1"_s));
        QVERIFY(outbox.remove(u"unknown"_s));
        QVERIFY(outbox.add(entry(u"k3"_s, u"general"_s, u"third, edited"_s))); // same key
    }
    Outbox again(path);
    QVERIFY(again.load());
    QCOMPARE(
        again.entries(),
        (QList<Outbox::Entry> { written.at(1), entry(u"k3"_s, u"general"_s, u"third, edited"_s) }));
    QVERIFY(again.contains(u"k2"_s));
    QVERIFY(!again.contains(u"k1"_s));
}

void TestOutbox::entriesByRoomAndNickname()
{
    Outbox outbox;
    QVERIFY(outbox.add(entry(u"1"_s, u"a"_s, u"x"_s)));
    QVERIFY(outbox.add(entry(u"2"_s, u"b"_s, u"x"_s)));
    QVERIFY(outbox.add(entry(u"3"_s, u"a"_s, u"y"_s, u"bob"_s)));
    QVERIFY(outbox.add(entry(u"4"_s, u"a"_s, u"z"_s)));
    QCOMPARE(outbox.entries(u"a"_s, u"alice"_s).size(), 2);
    QCOMPARE(outbox.entries(u"a"_s, u"alice"_s).at(1).key, u"4"_s);
    QCOMPARE(outbox.rooms(u"alice"_s), (QStringList { u"a"_s, u"b"_s }));
    QCOMPARE(outbox.rooms(u"bob"_s), QStringList { u"a"_s });
}

void TestOutbox::aBrokenFileIsMovedAside()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"outbox.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"version\": 1, \"messages\": [trunc");
    file.close();
    Outbox outbox(path);
    const auto loaded = outbox.load();
    QVERIFY(!loaded);
    QVERIFY2(loaded.error().message.contains(u".broken"_s), qPrintable(loaded.error().message));
    QVERIFY(QFile::exists(path + u".broken"_s));
    QVERIFY(!QFile::exists(path));
    QVERIFY(outbox.add(entry(u"k"_s, u"r"_s, u"t"_s))); // and it goes on, with a new file
    QVERIFY(QFile::exists(path));

    // Another program's JSON is not an outbox either.
    QVERIFY(!Outbox::fromJson(R"({"messages": []})"));
    QVERIFY(!Outbox::fromJson(R"([1, 2])"));
}

void TestOutbox::jsonLayout()
{
    const QByteArray json = Outbox::toJson({ entry(u"key-1"_s, u"r"_s, u"hi"_s) });
    const auto parsed = Outbox::fromJson(json);
    QVERIFY(parsed);
    QCOMPARE(parsed->size(), 1);
    QVERIFY(json.contains("\"version\": 1"));
    QVERIFY(json.contains("\"created\": \"2025-01-02T03:04:05.678Z\""));
    // Incomplete entries are left out; a missing time becomes now.
    const auto partial = Outbox::fromJson(
        R"({"version": 1, "messages": [{"key": "a", "room": "r", "from": "f"},
            {"key": "b", "room": "r", "from": "f", "text": "t"}]})");
    QVERIFY(partial);
    QCOMPARE(partial->size(), 1);
    QCOMPARE(partial->at(0).key, u"b"_s);
    QVERIFY(partial->at(0).created.isValid());
}

void TestOutbox::withoutAFileItIsMemoryOnly()
{
    Outbox outbox;
    QVERIFY(outbox.load());
    QVERIFY(outbox.add(entry(u"k"_s, u"r"_s, u"t"_s)));
    QCOMPARE(outbox.entries().size(), 1);
    QVERIFY(outbox.remove(u"k"_s));
    QVERIFY(outbox.entries().isEmpty());
}

void TestOutbox::defaultPathIsPerServerAndNickname()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString a = Outbox::defaultPath(QUrl(u"http://127.0.0.1:7999"_s), u"alice"_s);
    QCOMPARE(Outbox::defaultPath(QUrl(u"http://127.0.0.1:7999/"_s), u"alice"_s), a);
    QVERIFY(a != Outbox::defaultPath(QUrl(u"http://127.0.0.1:7999"_s), u"bob"_s));
    QVERIFY(a != Outbox::defaultPath(QUrl(u"http://127.0.0.1:3000"_s), u"alice"_s));
    QVERIFY(a.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
    QVERIFY(a.endsWith(u".json"_s));
}

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
