// Presence, typing and the rooms directory over real HTTP, with the events on the room's
// stream checked in both topologies (straight from the origin, and held by a real Pushpin on
// the room's ephemeral channel beside the messages' one): presence and typing events carry no
// id, never move a client's Last-Event-ID and never break the messages' prev-id order.
#include "tests/support/httptestclient.h"
#include "tests/support/pushpinprocess.h"
#include "tests/support/serverprocess.h"
#include "tests/support/ssetestclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace chat;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 20000;

QJsonObject jsonOf(const HttpResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

QStringList onlineIn(quint16 port, const QByteArray &room)
{
    QStringList names;
    for (const QJsonValue &entry :
         jsonOf(get(port, "/rooms/" + room + "/presence/")).value(u"online"_s).toArray())
        names.append(entry.toObject().value(u"from"_s).toString());
    return names;
}

} // namespace

class TestRoomFeatures : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase_data();
    void initTestCase();
    void cleanupTestCase();

    void presenceComesAndGoes();
    void presenceExpires();
    void typingIsThrottled();
    void ephemeralEventsLeaveTheEventIdAlone();
    void directory();
    void badInput_data();
    void badInput();

private:
    quint16 streamPort() const;
    QByteArray room(const QByteArray &name) const;
    HttpResponse form(const QByteArray &path, const QByteArray &body,
                      const QByteArray &type = "application/x-www-form-urlencoded") const;
    std::unique_ptr<SseTestClient> subscribe(const QByteArray &room,
                                             const QByteArray &lastEventId = {}) const;

    PushpinProcess m_pushpin;
    ServerProcess m_origin { kUnlimitedPosting
                             + QStringList { u"--presence-timeout-ms"_s, u"800"_s, u"--grip-url"_s,
                                             m_pushpin.gripUrl() } };
};

void TestRoomFeatures::initTestCase_data()
{
    QTest::addColumn<bool>("viaPushpin");
    QTest::newRow("direct") << false;
    QTest::newRow("pushpin") << true;
}

void TestRoomFeatures::initTestCase()
{
    QVERIFY2(m_origin.start(), m_origin.output().constData());
    QVERIFY2(m_pushpin.start(m_origin.port()), m_pushpin.log().constData());
}

void TestRoomFeatures::cleanupTestCase()
{
    m_pushpin.stop();
    QCOMPARE(m_origin.terminate(), 0);
}

quint16 TestRoomFeatures::streamPort() const
{
    QFETCH_GLOBAL(bool, viaPushpin);
    return viaPushpin ? m_pushpin.httpPort() : m_origin.port();
}

QByteArray TestRoomFeatures::room(const QByteArray &name) const
{
    QFETCH_GLOBAL(bool, viaPushpin);
    return (viaPushpin ? "held-" : "direct-") + name;
}

HttpResponse TestRoomFeatures::form(const QByteArray &path, const QByteArray &body,
                                    const QByteArray &type) const
{
    return post(m_origin.port(), path, type, body);
}

std::unique_ptr<SseTestClient> TestRoomFeatures::subscribe(const QByteArray &room,
                                                           const QByteArray &lastEventId) const
{
    auto client = std::make_unique<SseTestClient>();
    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!lastEventId.isEmpty())
        headers.append({ "Last-Event-ID", lastEventId });
    client->open(streamPort(), "/rooms/" + room + "/events/", headers);
    client->waitUntilOpen(kWait);
    return client;
}

void TestRoomFeatures::presenceComesAndGoes()
{
    const QByteArray name = room("presence");
    const QByteArray path = "/rooms/" + name + "/presence/";
    auto stream = subscribe(name);
    QCOMPARE(form(path, "from=zoe").status, 204);
    QCOMPARE(form(path, R"({"from": "adam"})", "application/json").status, 204);
    QCOMPARE(form(path, "from=zoe").status, 204); // a heartbeat: no change, no event
    QCOMPARE(onlineIn(m_origin.port(), name), (QStringList { u"adam"_s, u"zoe"_s })); // sorted
    const QJsonArray online = jsonOf(get(m_origin.port(), path)).value(u"online"_s).toArray();
    QVERIFY(online.at(0).toObject().value(u"since"_s).toString().endsWith(u'Z'));

    QCOMPARE(form(path, "from=zoe&status=offline").status, 204);
    QCOMPARE(onlineIn(m_origin.port(), name), QStringList { u"adam"_s });
    QTRY_COMPARE_WITH_TIMEOUT(stream->eventsOfType("presence").size(), 3, kWait);
    const QList<SseEvent> events = stream->eventsOfType("presence");
    QCOMPARE(events.at(0).data, R"({"from": "zoe", "status": "online"})");
    QCOMPARE(events.at(1).data, R"({"from": "adam", "status": "online"})");
    QCOMPARE(events.at(2).data, R"({"from": "zoe", "status": "offline"})");
    QVERIFY(!stream->body().contains("id: presence")); // no id line at all
    QCOMPARE(form(path, "from=adam&status=offline").status, 204);
}

void TestRoomFeatures::presenceExpires()
{
    const QByteArray name = room("expiry");
    auto stream = subscribe(name);
    QCOMPARE(form("/rooms/" + name + "/presence/", "from=ghost").status, 204);
    // No heartbeat for longer than --presence-timeout-ms (800): offline, announced.
    QTRY_COMPARE_WITH_TIMEOUT(onlineIn(m_origin.port(), name), QStringList(), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(stream->eventsOfType("presence").size(), 2, kWait);
    QCOMPARE(stream->eventsOfType("presence").last().data,
             R"({"from": "ghost", "status": "offline"})");
}

void TestRoomFeatures::typingIsThrottled()
{
    const QByteArray name = room("typing");
    const QByteArray path = "/rooms/" + name + "/typing/";
    auto stream = subscribe(name);
    for (int i = 0; i < 5; ++i) // answered alike, passed on once
        QCOMPARE(form(path, "from=tess").status, 204);
    QCOMPARE(form(path, "from=uma").status, 204);
    QTRY_COMPARE_WITH_TIMEOUT(stream->eventsOfType("typing").size(), 2, kWait);
    QCOMPARE(stream->eventsOfType("typing").at(0).data, R"({"from": "tess"})");
    QCOMPARE(stream->eventsOfType("typing").at(1).data, R"({"from": "uma"})");
    // Two seconds later, tess's next one goes through.
    QTest::qWait(2100);
    QCOMPARE(form(path, "from=tess").status, 204);
    QTRY_COMPARE_WITH_TIMEOUT(stream->eventsOfType("typing").size(), 3, kWait);
    QCOMPARE(stream->eventsOfType("typing").size(), 3);
}

void TestRoomFeatures::ephemeralEventsLeaveTheEventIdAlone()
{
    const QByteArray name = room("ids");
    const QByteArray messages = "/rooms/" + name + "/messages/";
    QCOMPARE(form(messages, "from=a&text=one").status, 200);
    auto stream = subscribe(name, "room-" + name + ":1");
    QCOMPARE(form(messages, "from=a&text=two").status, 200);
    QCOMPARE(form("/rooms/" + name + "/typing/", "from=a").status, 204);
    QCOMPARE(form("/rooms/" + name + "/presence/", "from=a").status, 204);
    QCOMPARE(form(messages, "from=a&text=three").status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(messageTexts(stream->eventsOfType("message")),
                              (QStringList { u"two"_s, u"three"_s }), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(stream->eventsOfType("typing").size(), 1, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(stream->eventsOfType("presence").size(), 1, kWait);
    // The messages kept their ids and order; the ephemeral events had none of their own.
    QCOMPARE(eventIds(stream->eventsOfType("message")),
             (QByteArrayList { "room-" + name + ":2", "room-" + name + ":3" }));
    QVERIFY(!stream->body().contains("event: typing\nid:"));
    QVERIFY(!stream->body().contains("event: presence\nid:"));
    QCOMPARE(form("/rooms/" + name + "/presence/", "from=a&status=offline").status, 204);
}

void TestRoomFeatures::directory()
{
    QFETCH_GLOBAL(bool, viaPushpin);
    if (viaPushpin)
        QSKIP("the directory is plain HTTP: once is enough");
    for (const QByteArray name : { "dir-old", "dir-middle", "dir-new" }) {
        QCOMPARE(form("/rooms/" + name + "/messages/", "from=a&text=hello").status, 200);
        QTest::qWait(5); // distinct last-message times
    }
    QCOMPARE(form("/rooms/dir-middle/messages/", "from=a&text=again").status, 200);
    QCOMPARE(form("/rooms/dir-new/presence/", "from=ann").status, 204);

    const QJsonArray rooms = jsonOf(get(m_origin.port(), "/rooms/")).value(u"rooms"_s).toArray();
    QCOMPARE(rooms.at(0).toObject().value(u"name"_s).toString(), u"dir-middle"_s); // newest
    QCOMPARE(rooms.at(0).toObject().value(u"messages"_s).toInt(), 2);
    QVERIFY(rooms.at(0).toObject().value(u"last-message-at"_s).toString().endsWith(u'Z'));
    QCOMPARE(rooms.at(1).toObject().value(u"name"_s).toString(), u"dir-new"_s);
    QCOMPARE(rooms.at(1).toObject().value(u"online"_s).toInt(), 1);
    QCOMPARE(rooms.at(2).toObject().value(u"name"_s).toString(), u"dir-old"_s);

    // Paging: one at a time, each page after the last room of the one before.
    QStringList paged;
    QString before;
    for (int i = 0; i < 3; ++i) {
        const QByteArray target = "/rooms/?limit=1"
            + (before.isEmpty() ? QByteArray() : "&before=" + QUrl::toPercentEncoding(before));
        const QJsonArray page = jsonOf(get(m_origin.port(), target)).value(u"rooms"_s).toArray();
        QCOMPARE(page.size(), 1);
        before = page.at(0).toObject().value(u"name"_s).toString();
        paged.append(before);
    }
    QCOMPARE(paged, (QStringList { u"dir-middle"_s, u"dir-new"_s, u"dir-old"_s }));
    QCOMPARE(get(m_origin.port(), "/rooms").status, 200); // the slash is optional
    QCOMPARE(form("/rooms/dir-new/presence/", "from=ann&status=offline").status, 204);
}

void TestRoomFeatures::badInput_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("allow");
    const QByteArray form = "application/x-www-form-urlencoded";
    QTest::newRow("presence without from")
        << QByteArray("POST") << QByteArray("/rooms/v/presence/") << form
        << QByteArray("status=online") << 400 << QByteArray();
    QTest::newRow("presence bad status")
        << QByteArray("POST") << QByteArray("/rooms/v/presence/") << form
        << QByteArray("from=a&status=away") << 400 << QByteArray();
    QTest::newRow("presence blank nickname")
        << QByteArray("POST") << QByteArray("/rooms/v/presence/") << form
        << QByteArray("from=%20%20") << 400 << QByteArray();
    QTest::newRow("typing control character")
        << QByteArray("POST") << QByteArray("/rooms/v/typing/") << form << QByteArray("from=a%07")
        << 400 << QByteArray();
    QTest::newRow("typing as xml")
        << QByteArray("POST") << QByteArray("/rooms/v/typing/") << QByteArray("text/xml")
        << QByteArray("<from/>") << 415 << QByteArray();
    QTest::newRow("typing JSON not a string")
        << QByteArray("POST") << QByteArray("/rooms/v/typing/") << QByteArray("application/json")
        << QByteArray(R"({"from": 7})") << 400 << QByteArray();
    QTest::newRow("get typing") << QByteArray("GET") << QByteArray("/rooms/v/typing/")
                                << QByteArray() << QByteArray() << 405
                                << QByteArray("POST, OPTIONS");
    QTest::newRow("delete presence")
        << QByteArray("DELETE") << QByteArray("/rooms/v/presence/") << QByteArray() << QByteArray()
        << 405 << QByteArray("GET, POST, OPTIONS");
    QTest::newRow("post directory") << QByteArray("POST") << QByteArray("/rooms/") << form
                                    << QByteArray("x=1") << 405 << QByteArray("GET, OPTIONS");
    QTest::newRow("directory limit") << QByteArray("GET") << QByteArray("/rooms/?limit=201")
                                     << QByteArray() << QByteArray() << 400 << QByteArray();
    QTest::newRow("directory before") << QByteArray("GET") << QByteArray("/rooms/?before=a%2Fb")
                                      << QByteArray() << QByteArray() << 400 << QByteArray();
    QTest::newRow("directory before an unknown room")
        << QByteArray("GET") << QByteArray("/rooms/?before=never-seen") << QByteArray()
        << QByteArray() << 400 << QByteArray();
    QTest::newRow("unknown resource") << QByteArray("GET") << QByteArray("/rooms/v/members/")
                                      << QByteArray() << QByteArray() << 404 << QByteArray();
    QTest::newRow("bad room") << QByteArray("POST")
                              << QByteArray("/rooms/" + QByteArray(65, 'r') + "/typing/") << form
                              << QByteArray("from=a") << 400 << QByteArray();
}

void TestRoomFeatures::badInput()
{
    QFETCH_GLOBAL(bool, viaPushpin);
    if (viaPushpin)
        QSKIP("plain HTTP to the origin: once is enough");
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QByteArray, allow);
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: x\r\n";
    if (!contentType.isEmpty())
        request += "Content-Type: " + contentType + "\r\n";
    request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    const HttpResponse response = rawRequest(m_origin.port(), request);
    QCOMPARE(response.status, status);
    QVERIFY2(!response.errorMessage().isEmpty(), response.raw.constData());
    if (!allow.isEmpty())
        QCOMPARE(response.header("allow"), allow);
}

QTEST_GUILESS_MAIN(TestRoomFeatures)
#include "tst_roomfeatures.moc"
