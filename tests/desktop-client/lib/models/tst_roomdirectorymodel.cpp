// RoomDirectoryModel: pages of rooms in the server's order, each room once, joined ones marked.
#include "desktop-client/lib/models/roomdirectorymodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace chat::desktop;
using namespace Qt::StringLiterals;

namespace {
RoomDirectoryModel::Room room(const QString &name, qint64 messages = 1, int online = 0)
{
    return { name, messages, QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC), online };
}
} // namespace

class TestRoomDirectoryModel : public QObject
{
    Q_OBJECT
private slots:
    void pagesInOrderEachRoomOnce();
    void rolesAndSummary();
    void joinedRoomsAreMarked();
};

void TestRoomDirectoryModel::pagesInOrderEachRoomOnce()
{
    RoomDirectoryModel model;
    QAbstractItemModelTester tester(&model);
    model.setRooms({ room(u"busy"_s), room(u"quiet"_s), room(u"busy"_s) });
    QCOMPARE(model.names(), (QStringList { u"busy"_s, u"quiet"_s }));
    QCOMPARE(model.lastRoom(), u"quiet"_s);
    // The next page; "quiet" moved up meanwhile and comes again: it stays where it was.
    QCOMPARE(model.appendRooms({ room(u"quiet"_s), room(u"old"_s), room(u"older"_s) }), 2);
    QCOMPARE(model.names(), (QStringList { u"busy"_s, u"quiet"_s, u"old"_s, u"older"_s }));
    QCOMPARE(model.appendRooms({ room(u"old"_s) }), 0);
    QCOMPARE(model.rowOf(u"old"_s), 2);
    QCOMPARE(model.roomAt(3), u"older"_s);
    QCOMPARE(model.roomAt(4), QString());
    model.setRooms({ room(u"new"_s) }); // a refresh starts over
    QCOMPARE(model.names(), QStringList { u"new"_s });
}

void TestRoomDirectoryModel::rolesAndSummary()
{
    RoomDirectoryModel model;
    model.setRooms({ room(u"a <b>"_s, 1234, 3), room(u"b"_s, 1, 0) });
    const QModelIndex a = model.index(0);
    QCOMPARE(a.data(Qt::DisplayRole).toString(), u"a <b>"_s);
    QCOMPARE(a.data(RoomDirectoryModel::MessagesRole).toLongLong(), 1234);
    QCOMPARE(a.data(RoomDirectoryModel::OnlineRole).toInt(), 3);
    QCOMPARE(a.data(RoomDirectoryModel::LastMessageAtRole).toDateTime().toUTC(),
             QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC));
    QCOMPARE(RoomDirectoryModel::summary(1234, 3),
             QLocale().toString(1234) + u" messages · 3 online"_s);
    QCOMPARE(model.index(1).data(RoomDirectoryModel::SummaryRole).toString(), u"1 message"_s);
    QVERIFY(a.data(Qt::ToolTipRole).toString().startsWith(u"a <b>\n"_s));
}

void TestRoomDirectoryModel::joinedRoomsAreMarked()
{
    RoomDirectoryModel model;
    QAbstractItemModelTester tester(&model);
    model.setJoined(QStringList { u"b"_s }); // before the rooms came
    model.setRooms({ room(u"a"_s), room(u"b"_s) });
    QVERIFY(!model.index(0).data(RoomDirectoryModel::JoinedRole).toBool());
    QVERIFY(model.index(1).data(RoomDirectoryModel::JoinedRole).toBool());
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.setJoined(u"a"_s, true);
    model.setJoined(u"a"_s, true); // no change, no signal
    model.setJoined(u"b"_s, false);
    QCOMPARE(changes.size(), 2);
    QVERIFY(model.index(0).data(RoomDirectoryModel::JoinedRole).toBool());
    QVERIFY(!model.index(1).data(RoomDirectoryModel::JoinedRole).toBool());
}

QTEST_GUILESS_MAIN(TestRoomDirectoryModel)
#include "tst_roomdirectorymodel.moc"
