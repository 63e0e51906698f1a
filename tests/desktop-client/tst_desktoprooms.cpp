// Rooms as places with people in them, end to end against a real chat-server, directly and
// through a real Pushpin: the online list follows who joins and leaves (and who goes quiet),
// others' typing shows and ends, and the rooms directory lists the server's rooms page by page
// to join from.
#include "desktop-client/lib/chatclient.h"
#include "desktop-client/lib/models/onlinelistmodel.h"
#include "desktop-client/lib/roomdirectory.h"
#include "desktop-client/lib/roomsession.h"
#include "tests/desktop-client/desktope2e.h"
#include "tests/support/httptestclient.h"

#include <QSignalSpy>
#include <QTest>

using namespace chat;
using namespace chat::desktop;
using namespace chat::test;
using namespace Qt::StringLiterals;

class TestDesktopRooms : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void onlineListFollowsWhoComesAndGoes_data() { E2eTopologies::addTopologies(); }
    void onlineListFollowsWhoComesAndGoes();
    void quietClientsDropOffAndHeartbeatsKeepUsOn();
    void othersTypingIsShownUntilTheirMessage_data() { E2eTopologies::addTopologies(); }
    void othersTypingIsShownUntilTheirMessage();
    void directoryListsRoomsPageByPageAndJoins_data() { E2eTopologies::addTopologies(); }
    void directoryListsRoomsPageByPageAndJoins();

private:
    E2eTopologies m_servers;
};

void TestDesktopRooms::initTestCase()
{
    QVERIFY2(m_servers.start(), m_servers.problems().constData());
}

void TestDesktopRooms::cleanupTestCase()
{
    QCOMPARE(m_servers.stop(), 0);
}

void TestDesktopRooms::onlineListFollowsWhoComesAndGoes()
{
    const QString room = m_servers.freshRoom(u"presence"_s);
    ChatClient alice(localUrl(m_servers.port()), u"alice"_s);
    RoomSession *a = *alice.joinRoom(room);
    QTRY_VERIFY_WITH_TIMEOUT(isLive(a), kE2eWait);
    QTRY_COMPARE_WITH_TIMEOUT(a->online()->nicknames(), QStringList { u"alice"_s }, kE2eWait);
    QVERIFY(a->online()->index(0).data(OnlineListModel::OwnRole).toBool());

    {
        auto bob = std::make_unique<ChatClient>(localUrl(m_servers.port()), u"bob"_s);
        auto carol = std::make_unique<ChatClient>(localUrl(m_servers.port()), u"carol"_s);
        RoomSession *b = *bob->joinRoom(room);
        RoomSession *c = *carol->joinRoom(room);
        const QStringList everyone { u"alice"_s, u"bob"_s, u"carol"_s };
        QTRY_COMPARE_WITH_TIMEOUT(a->online()->nicknames(), everyone, kE2eWait);
        QTRY_COMPARE_WITH_TIMEOUT(b->online()->nicknames(), everyone, kE2eWait);
        QTRY_COMPARE_WITH_TIMEOUT(c->online()->nicknames(), everyone, kE2eWait);

        bob->leaveRoom(room); // leaving says so at once
        QTRY_COMPARE_WITH_TIMEOUT(a->online()->nicknames(),
                                  (QStringList { u"alice"_s, u"carol"_s }), kE2eWait);
        QVERIFY(carol->signOff(3000)); // so does quitting
        carol.reset();
        QTRY_COMPARE_WITH_TIMEOUT(a->online()->nicknames(), QStringList { u"alice"_s }, kE2eWait);
    }
    const HttpResponse online
        = get(m_servers.origin().port(), "/rooms/" + QUrl::toPercentEncoding(room) + "/presence/");
    QCOMPARE(online.status, 200);
    QVERIFY2(online.body.contains("\"from\": \"alice\"") && !online.body.contains("bob"),
             online.body.constData());
}

void TestDesktopRooms::quietClientsDropOffAndHeartbeatsKeepUsOn()
{
    // A server of its own that forgets a nickname 1.5 s after its last heartbeat.
    ServerProcess quick({ u"--presence-timeout-ms"_s, u"1500"_s });
    QVERIFY2(quick.start(), quick.output().constData());
    ChatClient alice(localUrl(quick.port()), u"alice"_s);
    alice.setHeartbeatIntervalMs(300);
    RoomSession *a = *alice.joinRoom(u"quiet"_s);
    auto bob = std::make_unique<ChatClient>(localUrl(quick.port()), u"bob"_s);
    bob->setHeartbeatIntervalMs(300);
    QVERIFY(bob->joinRoom(u"quiet"_s));
    QTRY_COMPARE_WITH_TIMEOUT(a->online()->nicknames(), (QStringList { u"alice"_s, u"bob"_s }),
                              kE2eWait);
    // Heartbeats keep both on through several timeouts.
    QTest::qWait(3500);
    QCOMPARE(a->online()->nicknames(), (QStringList { u"alice"_s, u"bob"_s }));
    QVERIFY(a->presence()->heartbeatsSent() >= 8);
    // Bob's client vanishes without a word (a crash, a lost network): he goes when the server
    // stops hearing from him.
    bob.reset();
    QTRY_COMPARE_WITH_TIMEOUT(a->online()->nicknames(), QStringList { u"alice"_s }, 6000);
    QCOMPARE(quick.terminate(), 0);
}

void TestDesktopRooms::othersTypingIsShownUntilTheirMessage()
{
    const QString room = m_servers.freshRoom(u"typing"_s);
    ChatClient alice(localUrl(m_servers.port()), u"alice"_s),
        bob(localUrl(m_servers.port()), u"bob"_s);
    RoomSession *a = *alice.joinRoom(room);
    RoomSession *b = *bob.joinRoom(room);
    QTRY_VERIFY_WITH_TIMEOUT(isLive(a) && isLive(b), kE2eWait);

    QSignalSpy bobSees(b->typing(), &TypingState::changed);
    b->composing(u"h"_s); // bob types in his composer
    b->composing(u"he"_s); // within 2 s: no second notice
    QCOMPARE(b->typingReporter()->sent(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(a->typing()->text(), u"bob is typing…"_s, kE2eWait);
    QVERIFY(b->typing()->isEmpty()); // his own typing came back to him, and is not shown
    QCOMPARE(bobSees.size(), 0);

    // Someone else, over plain HTTP: two typing now.
    QCOMPARE(post(m_servers.origin().port(), "/rooms/" + QUrl::toPercentEncoding(room) + "/typing/",
                  "application/x-www-form-urlencoded", "from=carol")
                 .status,
             204);
    QTRY_COMPARE_WITH_TIMEOUT(a->typing()->text(), u"bob and carol are typing…"_s, kE2eWait);
    QTRY_COMPARE_WITH_TIMEOUT(b->typing()->text(), u"carol is typing…"_s, kE2eWait);

    b->send(u"hello"_s); // his message ends his typing
    QTRY_COMPARE_WITH_TIMEOUT(storedTexts(a), QStringList { u"hello"_s }, kE2eWait);
    QCOMPARE(a->typing()->text(), u"carol is typing…"_s);
    // Carol says nothing more: 5 s after her notice she is no longer typing.
    QTRY_VERIFY_WITH_TIMEOUT(a->typing()->isEmpty(), 8000);
}

void TestDesktopRooms::directoryListsRoomsPageByPageAndJoins()
{
    QFETCH(bool, viaPushpin);
    // A server of its own, so that its directory holds only this test's rooms: 56, one message
    // each, the oldest first; the one that ends the first page has a name that needs encoding
    // in ?before=.
    ServerProcess own(kUnlimitedPosting);
    QVERIFY2(own.start(), own.output().constData());
    const QString awkward = u"a&b+c #%é?"_s;
    QStringList posted;
    for (int i = 1; i <= 56; ++i) {
        posted.prepend(i == 7 ? awkward : u"room %1"_s.arg(i, 2, 10, QChar(u'0')));
        QCOMPARE(postForm(own.port(), posted.first(), u"carol"_s, u"hi"_s).status, 200);
        QTest::qWait(2); // distinct times: the directory's order is the posting order
    }
    QCOMPARE(postForm(own.port(), u"room 40"_s, u"carol"_s, u"again"_s).status, 200);
    posted.move(posted.indexOf(u"room 40"_s), 0); // the most recent now
    // Through Pushpin the directory is an ordinary proxied request: the shared origin's
    // Pushpin cannot reach this server, so this topology asks the shared one.
    const quint16 port = viaPushpin ? m_servers.port() : own.port();
    if (viaPushpin) {
        for (const QString &name : { u"dir b"_s, u"dir a"_s })
            QCOMPARE(postForm(m_servers.origin().port(), name, u"carol"_s, u"hi"_s).status, 200);
    }

    ChatClient client(localUrl(port), u"dana"_s);
    RoomDirectory *directory = client.directory();
    RoomDirectoryModel *model = directory->model();
    QSignalSpy loaded(directory, &RoomDirectory::loaded);
    directory->refresh();
    QVERIFY(directory->isLoading());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, kE2eWait);
    if (viaPushpin) {
        QCOMPARE(model->names().mid(0, 2), (QStringList { u"dir a"_s, u"dir b"_s }));
    } else {
        QCOMPARE(model->rowCount(), 50);
        QCOMPARE(model->names(), posted.mid(0, 50));
        QCOMPARE(model->lastRoom(), awkward);
        QVERIFY(directory->hasMore());
        QCOMPARE(model->index(0).data(RoomDirectoryModel::MessagesRole).toLongLong(), 2);
        directory->loadMore();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 2, kE2eWait);
        QCOMPARE(model->names(), posted);
        QVERIFY(!directory->hasMore());
    }

    // Joining from it: the room's history comes, and the directory marks it.
    const QString chosen = model->roomAt(0);
    RoomSession *session = *client.joinRoom(chosen);
    QTRY_VERIFY_WITH_TIMEOUT(isLive(session), kE2eWait);
    QVERIFY(storedTexts(session).contains(viaPushpin ? u"hi"_s : u"again"_s));
    QVERIFY(model->index(0).data(RoomDirectoryModel::JoinedRole).toBool());
    QVERIFY(!model->index(1).data(RoomDirectoryModel::JoinedRole).toBool());
    // A refresh shows us online in it.
    directory->refresh();
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), viaPushpin ? 2 : 3, kE2eWait);
    QTRY_COMPARE(session->online()->nicknames(), QStringList { u"dana"_s });
    directory->refresh();
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), viaPushpin ? 3 : 4, kE2eWait);
    QCOMPARE(model->index(model->rowOf(chosen)).data(RoomDirectoryModel::OnlineRole).toInt(), 1);
    client.leaveRoom(chosen);
    QVERIFY(!model->index(model->rowOf(chosen)).data(RoomDirectoryModel::JoinedRole).toBool());
    QCOMPARE(own.terminate(), 0);
}

QTEST_MAIN(TestDesktopRooms)
#include "tst_desktoprooms.moc"
