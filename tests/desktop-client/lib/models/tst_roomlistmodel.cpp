// RoomListModel: joined rooms in order, unread counts following their sessions.
#include "desktop-client/lib/api/chatapi.h"
#include "desktop-client/lib/models/roomlistmodel.h"
#include "desktop-client/lib/roomsession.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace chat::desktop;

class TestRoomListModel : public QObject
{
    Q_OBJECT
private slots:
    void listsRoomsWithUnreadCounts();
};

void TestRoomListModel::listsRoomsWithUnreadCounts()
{
    // Nothing listens on port 9 of this host: the sessions stay offline, which is all we need.
    ChatApi api(QUrl(QStringLiteral("http://127.0.0.1:9")));
    RoomSession a(&api, QStringLiteral("a"), QStringLiteral("me"));
    RoomSession b(&api, QStringLiteral("b <i>"), QStringLiteral("me"));
    RoomListModel model;
    QAbstractItemModelTester tester(&model);
    model.addRoom(&a);
    model.addRoom(&b);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(QStringLiteral("b <i>")), 1);
    QCOMPARE(model.index(1).data(RoomListModel::NameRole).toString(), QStringLiteral("b <i>"));
    QCOMPARE(model.index(0).data(RoomListModel::UnreadRole).toInt(), 0);
    QVERIFY(!model.index(0).data(RoomListModel::LiveRole).toBool());

    // A message event from someone else in a room not in view counts as unread.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    emit b.stream()->eventReceived(
        { "",
          "room-b:1",
          R"({"id": 1, "from": "bob", "date": "2025-01-02T03:04:05Z", "text": "hi"})",
          {} });
    emit b.stream()->eventReceived( // the same id again: not counted twice
        { "",
          "room-b:1",
          R"({"id": 1, "from": "bob", "date": "2025-01-02T03:04:05Z", "text": "hi"})",
          {} });
    emit b.stream()->eventReceived( // our own message: not unread
        { "",
          "room-b:2",
          R"({"id": 2, "from": "me", "date": "2025-01-02T03:04:06Z", "text": "yo"})",
          {} });
    QCOMPARE(model.index(1).data(RoomListModel::UnreadRole).toInt(), 1);
    QCOMPARE(changed.size(), 1);
    b.setActive(true);
    QCOMPARE(model.index(1).data(RoomListModel::UnreadRole).toInt(), 0);

    model.removeRoom(&a);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowOf(QStringLiteral("a")), -1);
}

QTEST_GUILESS_MAIN(TestRoomListModel)
#include "tst_roomlistmodel.moc"
