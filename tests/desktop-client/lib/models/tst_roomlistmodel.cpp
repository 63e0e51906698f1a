// RoomListModel: joined rooms in order with their unread counts and liveness, and ChatClient
// keeping it up to date from its room sessions.
#include "desktop-client/lib/chatclient.h"
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
    void rowsAndRoles();
    void followsTheClientsSessions();
};

void TestRoomListModel::rowsAndRoles()
{
    RoomListModel model;
    QAbstractItemModelTester tester(&model);
    model.addRoom(QStringLiteral("a"));
    model.addRoom(QStringLiteral("b <i>"));
    model.addRoom(QStringLiteral("a")); // once only
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(QStringLiteral("b <i>")), 1);
    QCOMPARE(model.roomAt(1), QStringLiteral("b <i>"));
    QCOMPARE(model.index(1).data(RoomListModel::NameRole).toString(), QStringLiteral("b <i>"));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setUnread(QStringLiteral("b <i>"), 3);
    model.setUnread(QStringLiteral("b <i>"), 3); // no change, no signal
    model.setLive(QStringLiteral("a"), true);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(model.index(1).data(RoomListModel::UnreadRole).toInt(), 3);
    QVERIFY(model.index(1).data(Qt::ToolTipRole).toString().contains(u"3 unread"));
    QVERIFY(model.index(0).data(RoomListModel::LiveRole).toBool());

    model.removeRoom(QStringLiteral("a"));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowOf(QStringLiteral("a")), -1);
    QCOMPARE(model.roomAt(5), QString());
}

void TestRoomListModel::followsTheClientsSessions()
{
    // Nothing listens on port 9 of this host: the sessions stay offline, which is all we need.
    ChatClient client(QUrl(QStringLiteral("http://127.0.0.1:9")), QStringLiteral("me"));
    RoomListModel *model = client.roomList();
    QAbstractItemModelTester tester(model);
    QVERIFY(client.joinRoom(QStringLiteral("a")));
    RoomSession *b = *client.joinRoom(QStringLiteral("b <i>"));
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0).data(RoomListModel::UnreadRole).toInt(), 0);
    QVERIFY(!model->index(0).data(RoomListModel::LiveRole).toBool());

    // A message event from someone else in a room not in view counts as unread.
    client.setCurrentRoom(QStringLiteral("a"));
    emit b->stream()->eventReceived(
        { "",
          "room-b:1",
          R"({"id": 1, "from": "bob", "date": "2025-01-02T03:04:05Z", "text": "hi"})",
          {} });
    emit b->stream()->eventReceived( // the same id again: not counted twice
        { "",
          "room-b:1",
          R"({"id": 1, "from": "bob", "date": "2025-01-02T03:04:05Z", "text": "hi"})",
          {} });
    emit b->stream()->eventReceived( // our own message: not unread
        { "",
          "room-b:2",
          R"({"id": 2, "from": "me", "date": "2025-01-02T03:04:06Z", "text": "yo"})",
          {} });
    QCOMPARE(model->index(1).data(RoomListModel::UnreadRole).toInt(), 1);
    client.setCurrentRoom(QStringLiteral("b <i>"));
    QCOMPARE(model->index(1).data(RoomListModel::UnreadRole).toInt(), 0);

    client.leaveRoom(QStringLiteral("a"));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->rowOf(QStringLiteral("a")), -1);
}

QTEST_GUILESS_MAIN(TestRoomListModel)
#include "tst_roomlistmodel.moc"
