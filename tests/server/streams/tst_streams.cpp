// The behaviour a room's event stream has in both topologies, run once per topology (as Qt
// HttpServer's tests run one suite in several modes): straight from the origin (a direct
// stream) and through a real Pushpin (a stream the proxy holds over GRIP). The preamble, live
// delivery, replay after Last-Event-ID or lastEventId, stream-reset, stream-error, the "error"
// id, and text that must arrive byte for byte. tst_directstreams and tst_heldstreams hold what
// only one of them does.
#include "shared/model/message.h"
#include "tests/support/httptestclient.h"
#include "tests/support/pushpinprocess.h"
#include "tests/support/serverprocess.h"
#include "tests/support/ssetestclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace chat;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 20000; // Pushpin may wait up to 5 s for an out-of-order item

} // namespace

class TestStreams : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase_data();
    void initTestCase();
    void cleanupTestCase();

    void preambleAndHeaders();
    void liveDeliveryToSeveralStreams();
    void replayAfterLastEventId();
    void resumeParameters_data();
    void resumeParameters();
    void unservableIdsReset_data();
    void unservableIdsReset();
    void malformedIdGetsStreamError();
    void errorIdGets400();
    void percentAndUnicodeArriveIntact();

private:
    // The port subscribers connect to in this topology, and a room name of its own (both
    // topologies share one origin and its database).
    quint16 streamPort() const;
    QByteArray room(const QByteArray &name) const;
    void post(const QByteArray &room, const QString &text, int count = 1);
    std::unique_ptr<SseTestClient>
    subscribe(const QByteArray &room, const QList<std::pair<QByteArray, QByteArray>> &headers = {},
              const QByteArray &query = {});

    PushpinProcess m_pushpin;
    // A replay window of 50, for stream-reset; Grip-Sig checked with the Pushpin's key.
    ServerProcess m_origin { kUnlimitedPosting
                             + QStringList { u"--replay-window"_s, u"50"_s, u"--grip-url"_s,
                                             m_pushpin.gripUrl() } };
};

void TestStreams::initTestCase_data()
{
    QTest::addColumn<bool>("viaPushpin");
    QTest::newRow("direct") << false;
    QTest::newRow("pushpin") << true;
}

void TestStreams::initTestCase()
{
    QVERIFY2(m_origin.start(), m_origin.output().constData());
    QVERIFY2(m_pushpin.start(m_origin.port()), m_pushpin.log().constData());
}

void TestStreams::cleanupTestCase()
{
    m_pushpin.stop();
    QCOMPARE(m_origin.terminate(), 0);
}

quint16 TestStreams::streamPort() const
{
    QFETCH_GLOBAL(bool, viaPushpin);
    return viaPushpin ? m_pushpin.httpPort() : m_origin.port();
}

QByteArray TestStreams::room(const QByteArray &name) const
{
    QFETCH_GLOBAL(bool, viaPushpin);
    return (viaPushpin ? "held-" : "direct-") + name;
}

void TestStreams::post(const QByteArray &room, const QString &text, int count)
{
    for (int i = 0; i < count; ++i) {
        const QString numbered = count == 1 ? text : text + QString::number(i + 1);
        QCOMPARE(postForm(m_origin.port(), QString::fromUtf8(room), u"poster"_s, numbered).status,
                 200);
    }
}

std::unique_ptr<SseTestClient>
TestStreams::subscribe(const QByteArray &room,
                       const QList<std::pair<QByteArray, QByteArray>> &headers,
                       const QByteArray &query)
{
    auto client = std::make_unique<SseTestClient>();
    client->open(streamPort(), "/rooms/" + room + "/events/" + query, headers);
    client->waitUntilOpen(kWait);
    return client;
}

void TestStreams::preambleAndHeaders()
{
    auto client = subscribe(room("preamble"));
    QCOMPARE(client->status(), 200);
    QCOMPARE(client->header("content-type"), "text/event-stream");
    QCOMPARE(client->header("cache-control"), "no-cache");
    QVERIFY(client->header("grip-hold").isEmpty()); // instructions never reach the client
    const QByteArray expected = ':' + QByteArray(2048, ' ') + "\n\nevent: stream-open\ndata: \n\n";
    QVERIFY(client->body().startsWith(expected));
    QCOMPARE(client->events().first().type, "stream-open");
    QCOMPARE(client->events().first().data, "");
}

void TestStreams::liveDeliveryToSeveralStreams()
{
    const QByteArray live = room("live"), other = room("live-other");
    std::vector<std::unique_ptr<SseTestClient>> clients;
    for (int i = 0; i < 3; ++i)
        clients.push_back(subscribe(live));
    auto bystander = subscribe(other);

    QList<QByteArray> posted;
    for (int i = 1; i <= 5; ++i) {
        const HttpResponse response
            = postForm(m_origin.port(), QString::fromUtf8(live), u"alice"_s, u"m%1 100%"_s.arg(i));
        QCOMPARE(response.status, 200);
        posted.append(response.body.chopped(1));
    }
    post(other, u"elsewhere"_s);

    QByteArrayList ids;
    for (int i = 1; i <= 5; ++i)
        ids.append("room-" + live + ':' + QByteArray::number(i));
    for (auto &client : clients) {
        QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 5, kWait);
        const QList<SseEvent> messages = client->eventsOfType("message");
        QCOMPARE(eventIds(messages), ids);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(messages[i].data, posted[i]); // the same bytes as the POST answer
    }
    QTRY_COMPARE_WITH_TIMEOUT(bystander->eventsOfType("message").size(), 1, kWait);
    QCOMPARE(messageTexts(bystander->eventsOfType("message")), QStringList { u"elsewhere"_s });
}

void TestStreams::replayAfterLastEventId()
{
    const QByteArray replay = room("replay");
    post(replay, u"r"_s, 5);
    auto client = subscribe(replay, { { "Last-Event-ID", "room-" + replay + ":2" } });
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 3, kWait);
    post(replay, u"live"_s);
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 4, kWait);
    QCOMPARE(messageTexts(client->eventsOfType("message")),
             (QStringList { u"r3"_s, u"r4"_s, u"r5"_s, u"live"_s }));
    QCOMPARE(eventIds(client->eventsOfType("message")).last(), "room-" + replay + ":6");
}

void TestStreams::resumeParameters_data()
{
    // ROOM stands for a fresh room per row, holding q1..q5 (event numbers 1..5).
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QStringList>("replayed");

    QTest::newRow("query") << QByteArray() << QByteArray("?lastEventId=room-ROOM%3A3")
                           << QStringList { u"q4"_s, u"q5"_s };
    QTest::newRow("header wins") << QByteArray("room-ROOM:4")
                                 << QByteArray("?lastEventId=room-ROOM:1")
                                 << QStringList { u"q5"_s };
    QTest::newRow("last non-empty query")
        << QByteArray()
        << QByteArray("?lastEventId=room-ROOM:1&lastEventId=room-ROOM:3&lastEventId=")
        << QStringList { u"q4"_s, u"q5"_s };
    QTest::newRow("no resume") << QByteArray() << QByteArray() << QStringList();
    QTest::newRow("at current") << QByteArray("room-ROOM:5") << QByteArray() << QStringList();
    QTest::newRow("other channel")
        << QByteArray("room-elsewhere:2") << QByteArray() << QStringList();
    QTest::newRow("from zero") << QByteArray("room-ROOM:0") << QByteArray()
                               << QStringList { u"q1"_s, u"q2"_s, u"q3"_s, u"q4"_s, u"q5"_s };
}

void TestStreams::resumeParameters()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, query);
    QFETCH(QStringList, replayed);
    static int rows = 0;
    const QByteArray fresh = room("resume" + QByteArray::number(++rows));
    header.replace("ROOM", fresh);
    query.replace("ROOM", fresh);
    post(fresh, u"q"_s, 5);

    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!header.isEmpty())
        headers.append({ "Last-Event-ID", header });
    auto client = subscribe(fresh, headers, query);
    // A marker message proves the replay (if any) is complete.
    post(fresh, u"marker"_s);
    QTRY_VERIFY_WITH_TIMEOUT(messageTexts(client->eventsOfType("message")).contains(u"marker"_s),
                             kWait);
    QStringList got = messageTexts(client->eventsOfType("message"));
    got.removeLast();
    QCOMPARE(got, replayed);
    QVERIFY(client->eventsOfType("stream-reset").isEmpty());
}

void TestStreams::unservableIdsReset_data()
{
    QTest::addColumn<qint64>("id");
    QTest::newRow("future") << qint64(999);
    QTest::newRow("negative") << qint64(-1);
    QTest::newRow("beyond replay window") << qint64(1);
}

void TestStreams::unservableIdsReset()
{
    QFETCH(qint64, id);
    const QByteArray reset = room("reset");
    static QSet<QByteArray> seeded;
    if (!seeded.contains(reset)) {
        seeded.insert(reset);
        post(reset, u"s"_s, 60); // the replay window is 50
    }
    auto client
        = subscribe(reset, { { "Last-Event-ID", "room-" + reset + ':' + QByteArray::number(id) } });
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("stream-reset").size(), 1, kWait);
    const SseEvent event = client->eventsOfType("stream-reset").first();
    QCOMPARE(event.data, "{\"channels\": [\"room-" + reset + "\"]}");
    const QByteArray prefix = "room-" + reset + ':';
    QVERIFY(event.id.startsWith(prefix));
    QVERIFY(client->eventsOfType("message").isEmpty()); // no replay after a reset
    // Live events continue from the current id.
    const qint64 resetAt = event.id.sliced(prefix.size()).toLongLong();
    post(reset, u"after reset"_s);
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 1, kWait);
    QCOMPARE(client->eventsOfType("message").first().id, prefix + QByteArray::number(resetAt + 1));
}

void TestStreams::malformedIdGetsStreamError()
{
    SseTestClient client;
    client.open(streamPort(), "/rooms/" + room("bad") + "/events/",
                { { "Last-Event-ID", "garbage" } });
    QTRY_VERIFY_WITH_TIMEOUT(client.ended(), kWait);
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.header("content-type"), "text/event-stream");
    const QList<SseEvent> errors = client.eventsOfType("stream-error");
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().id, "error");
    const QJsonObject data = QJsonDocument::fromJson(errors.first().data).object();
    QCOMPARE(data.value(u"condition"_s).toString(), u"bad-request"_s);
    QVERIFY(data.value(u"text"_s).toString().contains(u"Last-Event-ID"_s));
}

void TestStreams::errorIdGets400()
{
    const HttpResponse response
        = get(streamPort(), "/rooms/" + room("bad") + "/events/", { { "Last-Event-ID", "error" } });
    QCOMPARE(response.status, 400);
    QVERIFY(response.errorMessage().contains(u"stream-error"_s));
}

void TestStreams::percentAndUnicodeArriveIntact()
{
    // GRIP has its own escapes (%I in http-stream content, cstring headers): none may show.
    const QString name = QString::fromUtf8(room("café 100%"));
    const QByteArray encoded = QUrl::toPercentEncoding(name);
    auto client = subscribe(encoded);
    const QString text = u"100% %I %% %(x)s é 😀 <b>&amp;</b>\nline 2"_s;
    const HttpResponse posted = postForm(m_origin.port(), name, u"tester"_s, text);
    QCOMPARE(posted.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 1, kWait);
    const SseEvent event = client->eventsOfType("message").first();
    QCOMPARE(event.data, posted.body.chopped(1));
    QCOMPARE(event.id, "room-" + encoded + ":1"); // quoted as Python quote() does
    QCOMPARE(Message::fromJson(event.data)->text, text);
}

QTEST_GUILESS_MAIN(TestStreams)
#include "tst_streams.moc"
