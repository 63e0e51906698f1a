// Direct SSE streams of a real chat-server process: the preamble, live delivery, resuming with
// Last-Event-ID / lastEventId, stream-reset and stream-error, keep-alives, stalled readers,
// and a restart on the same database without a gap.
#include "shared/model/message.h"
#include "shared/sse/sseencoder.h"
#include "tests/support/httptestclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/ssetestclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace chat;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 10000; // generous: machines are shared and slow; conditions end waits early

} // namespace

class TestEventStream : public QObject
{
    Q_OBJECT
private slots:
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
    void keepAlive();
    void streamsAreFreedOnDisconnect();
    void stalledReaderIsDropped();
    void slowReaderCatchesUp();
    void restartOnSameDatabaseLosesNothing();

private:
    int streamCount();
    void post(const QString &room, const QString &text, int count = 1);
    std::unique_ptr<SseTestClient>
    subscribe(const QByteArray &room, const QList<std::pair<QByteArray, QByteArray>> &headers = {},
              const QByteArray &query = {});

    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    quint16 m_port = 0;
};

void TestEventStream::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_server = std::make_unique<ServerProcess>(
        QStringLiteral(CHAT_SERVER_EXE),
        QStringList { u"--database"_s, m_dir.filePath(u"chat.sqlite3"_s), u"--web-root"_s,
                      QStringLiteral(CHAT_WEB_ROOT), u"--keep-alive-ms"_s, u"300"_s,
                      u"--max-unsent-kib"_s, u"256"_s, u"--replay-window"_s, u"50"_s });
    QVERIFY2(m_server->start(), m_server->output().constData());
    m_port = m_server->port();
}

void TestEventStream::cleanupTestCase()
{
    QCOMPARE(m_server->terminate(), 0);
}

int TestEventStream::streamCount()
{
    const HttpResponse response = get(m_port, "/healthz");
    return QJsonDocument::fromJson(response.body).object().value(u"streams"_s).toInt(-1);
}

void TestEventStream::post(const QString &room, const QString &text, int count)
{
    for (int i = 0; i < count; ++i) {
        const QString numbered = count == 1 ? text : text + QString::number(i + 1);
        QCOMPARE(postForm(m_port, room, u"poster"_s, numbered).status, 200);
    }
}

std::unique_ptr<SseTestClient>
TestEventStream::subscribe(const QByteArray &room,
                           const QList<std::pair<QByteArray, QByteArray>> &headers,
                           const QByteArray &query)
{
    auto client = std::make_unique<SseTestClient>();
    client->open(m_port, "/rooms/" + room + "/events/" + query, headers);
    // stream-open is the last thing written before the stream joins the room.
    if (!QTest::qWaitFor(
            [&] { return !client->eventsOfType("stream-open").isEmpty() || client->ended(); },
            kWait))
        qWarning("no stream-open");
    return client;
}

void TestEventStream::preambleAndHeaders()
{
    auto client = subscribe("preamble");
    QCOMPARE(client->status(), 200);
    QCOMPARE(client->header("content-type"), "text/event-stream");
    QCOMPARE(client->header("cache-control"), "no-cache");
    QCOMPARE(client->header("x-accel-buffering"), "no");
    const QByteArray expected = ':' + QByteArray(2048, ' ') + "\n\nevent: stream-open\ndata: \n\n";
    QVERIFY(client->body().startsWith(expected));
    QCOMPARE(client->events().first().type, "stream-open");
    QCOMPARE(client->events().first().data, "");
}

void TestEventStream::liveDeliveryToSeveralStreams()
{
    std::vector<std::unique_ptr<SseTestClient>> clients;
    for (int i = 0; i < 3; ++i)
        clients.push_back(subscribe("live"));
    auto bystander = subscribe("live-other");

    QList<QByteArray> posted;
    for (int i = 1; i <= 5; ++i) {
        const HttpResponse response = postForm(m_port, u"live"_s, u"alice"_s, u"m%1 100%"_s.arg(i));
        QCOMPARE(response.status, 200);
        posted.append(response.body.chopped(1));
    }
    post(u"live-other"_s, u"elsewhere"_s);

    for (auto &client : clients) {
        QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 5, kWait);
        const QList<SseEvent> messages = client->eventsOfType("message");
        QCOMPARE(eventIds(messages),
                 (QByteArrayList { "room-live:1", "room-live:2", "room-live:3", "room-live:4",
                                   "room-live:5" }));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(messages[i].data, posted[i]); // the same bytes as the POST answer
    }
    QTRY_COMPARE_WITH_TIMEOUT(bystander->eventsOfType("message").size(), 1, kWait);
    QCOMPARE(messageTexts(bystander->eventsOfType("message")), QStringList { u"elsewhere"_s });
}

void TestEventStream::replayAfterLastEventId()
{
    post(u"replay"_s, u"r"_s, 5);
    auto client = subscribe("replay", { { "Last-Event-ID", "room-replay:2" } });
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 3, kWait);
    post(u"replay"_s, u"live"_s);
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 4, kWait);
    QCOMPARE(messageTexts(client->eventsOfType("message")),
             (QStringList { u"r3"_s, u"r4"_s, u"r5"_s, u"live"_s }));
    QCOMPARE(eventIds(client->eventsOfType("message")).last(), "room-replay:6");
}

void TestEventStream::resumeParameters_data()
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

void TestEventStream::resumeParameters()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, query);
    QFETCH(QStringList, replayed);
    static int rows = 0;
    const QByteArray room = "resume" + QByteArray::number(++rows);
    header.replace("ROOM", room);
    query.replace("ROOM", room);
    post(QString::fromLatin1(room), u"q"_s, 5);

    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!header.isEmpty())
        headers.append({ "Last-Event-ID", header });
    auto client = subscribe(room, headers, query);
    // A marker message proves the replay (if any) is complete.
    post(QString::fromLatin1(room), u"marker"_s);
    QTRY_VERIFY_WITH_TIMEOUT(messageTexts(client->eventsOfType("message")).contains(u"marker"_s),
                             kWait);
    QStringList got = messageTexts(client->eventsOfType("message"));
    got.removeLast();
    QCOMPARE(got, replayed);
    QVERIFY(client->eventsOfType("stream-reset").isEmpty());
}

void TestEventStream::unservableIdsReset_data()
{
    QTest::addColumn<QByteArray>("id");
    QTest::newRow("future") << QByteArray("room-reset:999");
    QTest::newRow("negative") << QByteArray("room-reset:-1");
    QTest::newRow("beyond replay window") << QByteArray("room-reset:1");
}

void TestEventStream::unservableIdsReset()
{
    QFETCH(QByteArray, id);
    static bool seeded = false;
    if (!std::exchange(seeded, true))
        post(u"reset"_s, u"s"_s, 60); // replay window is 50
    auto client = subscribe("reset", { { "Last-Event-ID", id } });
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("stream-reset").size(), 1, kWait);
    const SseEvent reset = client->eventsOfType("stream-reset").first();
    QCOMPARE(reset.data, "{\"channels\": [\"room-reset\"]}");
    QVERIFY(reset.id.startsWith("room-reset:"));
    QVERIFY(client->eventsOfType("message").isEmpty()); // no replay after a reset
    // Live events continue from the current id.
    const qint64 resetAt = reset.id.sliced(11).toLongLong();
    post(u"reset"_s, u"after reset"_s);
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 1, kWait);
    QCOMPARE(client->eventsOfType("message").first().id,
             "room-reset:" + QByteArray::number(resetAt + 1));
}

void TestEventStream::malformedIdGetsStreamError()
{
    auto client = std::make_unique<SseTestClient>();
    client->open(m_port, "/rooms/bad/events/", { { "Last-Event-ID", "garbage" } });
    QTRY_VERIFY_WITH_TIMEOUT(client->ended(), kWait);
    QCOMPARE(client->status(), 200);
    QCOMPARE(client->header("content-type"), "text/event-stream");
    const QList<SseEvent> errors = client->eventsOfType("stream-error");
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().id, "error");
    const QJsonObject data = QJsonDocument::fromJson(errors.first().data).object();
    QCOMPARE(data.value(u"condition"_s).toString(), u"bad-request"_s);
    QVERIFY(data.value(u"text"_s).toString().contains(u"Last-Event-ID"_s));
}

void TestEventStream::errorIdGets400()
{
    const HttpResponse response
        = get(m_port, "/rooms/bad/events/", { { "Last-Event-ID", "error" } });
    QCOMPARE(response.status, 400);
    QVERIFY(QJsonDocument::fromJson(response.body)
                .object()
                .value(u"error"_s)
                .toString()
                .contains(u"stream-error"_s));
}

void TestEventStream::keepAlive()
{
    auto client = subscribe("quiet");
    QTRY_VERIFY_WITH_TIMEOUT(client->eventsOfType("keep-alive").size() >= 2, kWait);
    QVERIFY(client->body().contains(sse::keepAlive()));
    QVERIFY(client->eventsOfType("keep-alive").first().id.isEmpty());
}

void TestEventStream::streamsAreFreedOnDisconnect()
{
    QTRY_COMPARE_WITH_TIMEOUT(streamCount(), 0, kWait);
    std::vector<std::unique_ptr<SseTestClient>> clients;
    for (int i = 0; i < 20; ++i)
        clients.push_back(subscribe("churn"));
    QCOMPARE(streamCount(), 20);
    clients.clear();
    QTRY_COMPARE_WITH_TIMEOUT(streamCount(), 0, kWait);
}

void TestEventStream::stalledReaderIsDropped()
{
    QTRY_COMPARE_WITH_TIMEOUT(streamCount(), 0, kWait);
    auto stalled = subscribe("stall");
    stalled->socket().setReadBufferSize(1); // stops reading: the kernel buffers fill, then ours
    auto healthy = subscribe("stall");
    QCOMPARE(streamCount(), 2);

    // ~25 KB per event (non-ASCII is sent as \uXXXX); the cap is 256 KiB plus kernel buffers.
    const QString big(4000, u'é');
    int posted = 0;
    while (streamCount() == 2 && posted < 2000) {
        QCOMPARE(postForm(m_port, u"stall"_s, u"flood"_s, big).status, 200);
        ++posted;
        QCoreApplication::processEvents(); // the healthy reader keeps reading
    }
    QCOMPARE(streamCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(healthy->eventsOfType("message").size(), posted, kWait);
    QVERIFY(!healthy->ended());
}

void TestEventStream::slowReaderCatchesUp()
{
    // A reader that pauses for longer than the kernel's buffers last is queued for by the
    // server (up to --max-unsent-kib) and, once it reads again, gets every event in order.
    QTemporaryDir dir;
    ServerProcess server(QStringLiteral(CHAT_SERVER_EXE),
                         { u"--database"_s, dir.filePath(u"slow.sqlite3"_s), u"--web-root"_s,
                           QStringLiteral(CHAT_WEB_ROOT), u"--max-unsent-kib"_s, u"65536"_s });
    QVERIFY(server.start());
    auto unsent = [&server] {
        const HttpResponse response = get(server.port(), "/healthz");
        return QJsonDocument::fromJson(response.body)
            .object()
            .value(u"unsentBytes"_s)
            .toInteger(-1);
    };
    SseTestClient paused;
    paused.socket().setReadBufferSize(1); // stops reading
    paused.open(server.port(), "/rooms/slow/events/");
    QTRY_COMPARE_WITH_TIMEOUT(paused.eventsOfType("stream-open").size(), 1, kWait);

    const QString big(4000, u'é'); // ~25 KB per event
    int posted = 0;
    while (unsent() <= 0 && posted < 1000) { // until the kernel's buffers are full
        QCOMPARE(postForm(server.port(), u"slow"_s, u"flood"_s, big).status, 200);
        ++posted;
    }
    QVERIFY2(unsent() > 0, "the server never had to queue");
    for (int i = 0; i < 20; ++i, ++posted) // and some more behind the queue
        QCOMPARE(postForm(server.port(), u"slow"_s, u"flood"_s, u"after %1"_s.arg(i)).status, 200);

    paused.socket().setReadBufferSize(0); // reads again
    QMetaObject::invokeMethod(&paused.socket(), "readyRead", Qt::QueuedConnection);
    QTRY_COMPARE_WITH_TIMEOUT(paused.eventsOfType("message").size(), posted, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(unsent(), 0, kWait);
    QList<QByteArray> expected;
    for (int i = 1; i <= posted; ++i)
        expected.append("room-slow:" + QByteArray::number(i));
    QCOMPARE(eventIds(paused.eventsOfType("message")), expected);
    QVERIFY(!paused.ended());
    QCOMPARE(server.terminate(), 0);
}

void TestEventStream::restartOnSameDatabaseLosesNothing()
{
    QTemporaryDir dir;
    const QStringList arguments { u"--database"_s, dir.filePath(u"restart.sqlite3"_s),
                                  u"--web-root"_s, QStringLiteral(CHAT_WEB_ROOT) };
    auto server = std::make_unique<ServerProcess>(QStringLiteral(CHAT_SERVER_EXE), arguments);
    QVERIFY(server->start());
    auto client = std::make_unique<SseTestClient>();
    client->open(server->port(), "/rooms/restart/events/");
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("stream-open").size(), 1, kWait);
    for (int i = 1; i <= 3; ++i)
        QCOMPARE(postForm(server->port(), u"restart"_s, u"a"_s, u"before %1"_s.arg(i)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 3, kWait);
    const QByteArray lastSeen = client->eventsOfType("message").last().id;
    QCOMPARE(lastSeen, "room-restart:3");

    QCOMPARE(server->terminate(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(client->ended(), kWait);

    server = std::make_unique<ServerProcess>(QStringLiteral(CHAT_SERVER_EXE), arguments);
    QVERIFY(server->start());
    for (int i = 1; i <= 2; ++i) // posted while the client is away
        QCOMPARE(postForm(server->port(), u"restart"_s, u"b"_s, u"after %1"_s.arg(i)).status, 200);
    auto resumed = std::make_unique<SseTestClient>();
    resumed->open(server->port(), "/rooms/restart/events/", { { "Last-Event-ID", lastSeen } });
    QTRY_COMPARE_WITH_TIMEOUT(resumed->eventsOfType("message").size(), 2, kWait);
    QCOMPARE(eventIds(resumed->eventsOfType("message")),
             (QByteArrayList { "room-restart:4", "room-restart:5" }));
    QCOMPARE(messageTexts(resumed->eventsOfType("message")),
             (QStringList { u"after 1"_s, u"after 2"_s }));
    QVERIFY(resumed->eventsOfType("stream-reset").isEmpty());
    QCOMPARE(server->terminate(), 0);
}

QTEST_GUILESS_MAIN(TestEventStream)
#include "tst_eventstream.moc"
