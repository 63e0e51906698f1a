// NewestPages: a room's newest page follows the commits exactly, or is forgotten.
#include "server/store/newestpages.h"

#include <QTest>

using namespace chat;
using namespace chat::server;
using namespace Qt::StringLiterals;

class TestNewestPages : public QObject
{
    Q_OBJECT
private slots:
    void holdsWhatWasStored();
    void commitsGoInFront();
    void keepsOnlyAPage();
    void forgetsWhatItCannotFollow();
    void staysWithinItsBudget();
};

namespace {

StoredMessage message(const QString &room, qint64 id, qint64 eventNumber)
{
    StoredMessage stored;
    stored.message = { id, room, u"n"_s, u"m%1"_s.arg(id),
                       QDateTime::fromMSecsSinceEpoch(1'764'000'000'000 + id, Qt::UTC) };
    stored.eventNumber = eventNumber;
    return stored;
}

// A page of messages ids..1, newest first, as the store renders it.
std::pair<QByteArray, QList<qsizetype>> page(qint64 newest)
{
    QByteArray items;
    QList<qsizetype> lengths;
    for (qint64 id = newest; id >= 1; --id) {
        const QByteArray json = message(u"r"_s, id, id).message.toJson();
        items += (items.isEmpty() ? "" : ", ") + json;
        lengths.append(json.size());
    }
    return { items, lengths };
}

} // namespace

void TestNewestPages::holdsWhatWasStored()
{
    NewestPages pages;
    QVERIFY(!pages.find(u"r"_s, 50));
    auto [items, lengths] = page(3);
    pages.store(u"r"_s, 3, items, lengths);
    QCOMPARE(pages.find(u"r"_s, 50)->items, items);
    QCOMPARE(pages.find(u"r"_s, 50)->currentEvent, 3);
    QCOMPARE(pages.find(u"r"_s, 1)->items, message(u"r"_s, 3, 3).message.toJson());
    QCOMPARE(pages.find(u"r"_s, 2)->items, page(3).first.first(lengths[0] + 2 + lengths[1]));
    QVERIFY(!pages.find(u"r"_s, 51)); // more than a page: the database's
    QVERIFY(!pages.find(u"other"_s, 50));
}

void TestNewestPages::commitsGoInFront()
{
    NewestPages pages;
    auto [items, lengths] = page(2);
    pages.store(u"r"_s, 2, items, lengths);
    pages.committed(
        { message(u"r"_s, 3, 3), message(u"elsewhere"_s, 4, 1), message(u"r"_s, 5, 4) });
    // Ids 3 and 5 in room r (event numbers 3 and 4).
    const QByteArray expected = message(u"r"_s, 5, 4).message.toJson() + ", "
        + message(u"r"_s, 3, 3).message.toJson() + ", " + items;
    QCOMPARE(pages.find(u"r"_s, 50)->items, expected);
    QCOMPARE(pages.find(u"r"_s, 50)->currentEvent, 4);
    QVERIFY(!pages.find(u"elsewhere"_s, 50)); // never read: nothing to follow

    NewestPages empty;
    empty.store(u"new"_s, 0, {}, {});
    empty.committed({ message(u"new"_s, 1, 1) });
    QCOMPARE(empty.find(u"new"_s, 50)->items, message(u"new"_s, 1, 1).message.toJson());
}

void TestNewestPages::keepsOnlyAPage()
{
    NewestPages pages;
    auto [items, lengths] = page(NewestPages::kPageSize);
    pages.store(u"r"_s, NewestPages::kPageSize, items, lengths);
    pages.committed({ message(u"r"_s, 51, 51), message(u"r"_s, 52, 52) });
    QByteArray expected = message(u"r"_s, 52, 52).message.toJson() + ", "
        + message(u"r"_s, 51, 51).message.toJson();
    for (qint64 id = 50; id >= 3; --id)
        expected += ", " + message(u"r"_s, id, id).message.toJson();
    QCOMPARE(pages.find(u"r"_s, 50)->items, expected);
}

void TestNewestPages::forgetsWhatItCannotFollow()
{
    NewestPages pages;
    auto [items, lengths] = page(2);
    pages.store(u"r"_s, 2, items, lengths);
    pages.committed({ message(u"r"_s, 9, 4) }); // event 3 went by unseen
    QVERIFY(!pages.find(u"r"_s, 50));

    pages.store(u"r"_s, 2, items, lengths);
    StoredMessage removal = message(u"r"_s, 9, 3);
    removal.removes = 1;
    pages.committed({ removal });
    QVERIFY(!pages.find(u"r"_s, 50));

    pages.store(u"r"_s, 2, items, lengths);
    pages.forget(u"r"_s);
    QVERIFY(!pages.find(u"r"_s, 50));
    pages.store(u"r"_s, 2, items, lengths);
    pages.clear();
    QVERIFY(!pages.find(u"r"_s, 50));
}

void TestNewestPages::staysWithinItsBudget()
{
    auto [items, lengths] = page(NewestPages::kPageSize);
    NewestPages small(3 * items.size());
    for (const QString &room : { u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s })
        small.store(room, NewestPages::kPageSize, items, lengths);
    QVERIFY(!small.find(u"a"_s, 50)); // the least recently read went first
    QVERIFY(small.find(u"e"_s, 50));

    NewestPages tiny(items.size() / 2);
    tiny.store(u"r"_s, NewestPages::kPageSize, items, lengths);
    QVERIFY(!tiny.find(u"r"_s, 50)); // a page over the whole budget is not kept
}

QTEST_APPLESS_MAIN(TestNewestPages)
#include "tst_newestpages.moc"
