// EventStream against a scripted server speaking literal SSE bytes: chunk boundaries anywhere,
// reconnection with Last-Event-ID, "retry:", Retry-After and the stall detector.
#include "desktop-client/lib/eventstream.h"
#include "shared/model/message.h"
#include "tests/desktop-client/lib/scriptedhttpserver.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace chat;
using namespace chat::desktop;

class TestEventStream : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void sendsStreamRequestHeaders();
    void eventsSurviveAnyChunkBoundary();
    void reconnectsWithLastEventId();
    void retryFieldSetsTheDelay();
    void retryAfterIsHonoured();
    void nonStreamAnswerIsADisconnect();
    void stallCausesReconnect();
    void backoffGrowsWhileTheServerIsDown();
    void stopEndsEverything();
    void ephemeralEventsKeepTheLastEventId();

private:
    std::unique_ptr<EventStream> makeStream();
    QList<SseEvent> m_events;
    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void TestEventStream::init()
{
    m_events.clear();
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestEventStream::cleanup()
{
    m_server.reset();
    m_network.reset();
}

std::unique_ptr<EventStream> TestEventStream::makeStream()
{
    auto stream = std::make_unique<EventStream>(
        m_network.get(),
        QUrl(QStringLiteral("http://127.0.0.1:%1/rooms/a/events/").arg(m_server->port())));
    stream->setRandomSource([] { return 0.0; }); // the shortest delay of each step
    connect(stream.get(), &EventStream::eventReceived, this,
            [this](const SseEvent &event) { m_events.append(event); });
    return stream;
}

void TestEventStream::sendsStreamRequestHeaders()
{
    auto stream = makeStream();
    stream->start();
    QCOMPARE(stream->state(), EventStream::State::Connecting);
    QTRY_COMPARE(m_server->requestCount(), 1);
    QVERIFY(m_server->head(0).startsWith("GET /rooms/a/events/ HTTP/1.1\r\n"));
    QCOMPARE(m_server->header(0, "Accept"), QByteArray("text/event-stream"));
    QCOMPARE(m_server->header(0, "Cache-Control"), QByteArray("no-cache"));
    QCOMPARE(m_server->header(0, "Last-Event-ID"), QByteArray()); // nothing seen yet
    m_server->write(0, ScriptedHttpServer::kSseHead);
    m_server->write(0, ":" + QByteArray(2048, ' ') + "\n\nevent: stream-open\ndata: \n\n");
    QTRY_COMPARE(stream->state(), EventStream::State::Connected);
    QTRY_COMPARE(m_events.size(), 1);
    QCOMPARE(m_events.at(0).type, QByteArray("stream-open"));
}

void TestEventStream::eventsSurviveAnyChunkBoundary()
{
    auto stream = makeStream();
    stream->start();
    QTRY_COMPARE(m_server->requestCount(), 1);
    // CRLF split between chunks, a field name split, a UTF-8 character split ("é" = C3 A9).
    const QList<QByteArray> pieces {
        QByteArray(ScriptedHttpServer::kSseHead) + ": pad\r",
        "\nevent: stream-open\r\nda",
        "ta: \r\n\r\nid: room-a:1\nda",
        "ta: {\"id\": 1, \"from\": \"al\xc3",
        "\xa9\", \"date\": \"2025-01-02T03:04:05Z\", \"text\": \"hi\"}\n",
        "\n",
        "id: room-a:2\ndata: line one\ndata: line two\r",
        "\r",
    };
    for (const QByteArray &piece : pieces) {
        m_server->write(0, piece);
        QTest::qWait(20); // each piece its own read
    }
    QTRY_COMPARE(m_events.size(), 3);
    QCOMPARE(m_events.at(0).type, QByteArray("stream-open"));
    QCOMPARE(m_events.at(1).id, QByteArray("room-a:1"));
    QCOMPARE(Message::fromJson(m_events.at(1).data)->from, QStringLiteral("al\u00e9"));
    QCOMPARE(m_events.at(2).data, QByteArray("line one\nline two"));
    QCOMPARE(stream->lastEventId(), QByteArray("room-a:2"));
}

void TestEventStream::reconnectsWithLastEventId()
{
    auto stream = makeStream();
    stream->setLastEventId("room-a:3"); // from the history
    stream->start();
    QTRY_COMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_server->header(0, "Last-Event-ID"), QByteArray("room-a:3"));
    m_server->write(0,
                    QByteArray(ScriptedHttpServer::kSseHead)
                        + "retry: 50\nevent: stream-open\ndata: \n\n"
                          "id: room-a:4\ndata: four\n\nid: room-a:5\ndata: five\n\n");
    QTRY_COMPARE(m_events.size(), 3);
    m_server->close(0);
    QTRY_COMPARE(m_server->requestCount(), 2);
    QCOMPARE(m_server->header(1, "Last-Event-ID"), QByteArray("room-a:5"));
    QCOMPARE(stream->connectionCount(), 2);
    m_server->write(1, QByteArray(ScriptedHttpServer::kSseHead) + "id: room-a:6\ndata: six\n\n");
    QTRY_COMPARE(m_events.size(), 4);
    QCOMPARE(m_events.last().data, QByteArray("six"));
    QCOMPARE(stream->state(), EventStream::State::Connected);
}

void TestEventStream::retryFieldSetsTheDelay()
{
    auto stream = makeStream();
    stream->setRandomSource([] { return 0.999; }); // the longest delay of the step
    stream->start();
    QTRY_COMPARE(m_server->requestCount(), 1);
    m_server->write(0, QByteArray(ScriptedHttpServer::kSseHead) + "retry: 300\n\n");
    QTRY_COMPARE(stream->state(), EventStream::State::Connected);
    QElapsedTimer timer;
    timer.start();
    m_server->close(0);
    QTRY_COMPARE(stream->state(), EventStream::State::Waiting);
    QVERIFY2(stream->msUntilRetry() > 200 && stream->msUntilRetry() <= 300,
             QByteArray::number(stream->msUntilRetry()).constData());
    QTRY_COMPARE(m_server->requestCount(), 2);
    QVERIFY(timer.elapsed() >= 250);
    QCOMPARE(stream->backoff().baseMs(), 300);
}

void TestEventStream::retryAfterIsHonoured()
{
    auto stream = makeStream();
    stream->start();
    QTRY_COMPARE(m_server->requestCount(), 1);
    m_server->write(0,
                    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                    "Retry-After: 7\r\nContent-Length: 24\r\nConnection: close\r\n\r\n"
                    "{\"error\": \"busy a bit\"}\n");
    QTRY_COMPARE(stream->state(), EventStream::State::Waiting);
    QVERIFY2(stream->msUntilRetry() > 6000, QByteArray::number(stream->msUntilRetry()).constData());
    QVERIFY(stream->lastError().contains(QStringLiteral("503")));
}

void TestEventStream::nonStreamAnswerIsADisconnect()
{
    auto stream = makeStream();
    stream->start();
    QTRY_COMPARE(m_server->requestCount(), 1);
    m_server->write(0,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"
                    "<html>captive portal</html>");
    QTRY_COMPARE(stream->state(), EventStream::State::Waiting);
    QVERIFY(m_events.isEmpty());
}

void TestEventStream::stallCausesReconnect()
{
    auto stream = makeStream();
    stream->setStallTimeoutMs(300);
    stream->backoff().setServerRetryMs(10);
    stream->start();
    QTRY_COMPARE(m_server->requestCount(), 1);
    m_server->write(0, QByteArray(ScriptedHttpServer::kSseHead) + "event: stream-open\ndata: \n\n");
    QTRY_COMPARE(stream->state(), EventStream::State::Connected);
    // The server goes silent without closing (a dead NAT entry): the client gives up on it.
    QTRY_COMPARE(m_server->requestCount(), 2);
    QVERIFY(stream->lastError().contains(QStringLiteral("no data")));
}

void TestEventStream::backoffGrowsWhileTheServerIsDown()
{
    Backoff backoff(100, 1000);
    QList<qint64> delays;
    for (int i = 0; i < 6; ++i)
        delays.append(backoff.nextDelayMs(1.0));
    QCOMPARE(delays, (QList<qint64> { 100, 200, 400, 800, 1000, 1000 }));

    // A refused connection: the stream keeps trying.
    const quint16 port = m_server->port();
    m_server.reset(); // nothing listens there now
    EventStream stream(m_network.get(),
                       QUrl(QStringLiteral("http://127.0.0.1:%1/rooms/a/events/").arg(port)));
    stream.backoff().setServerRetryMs(20);
    QSignalSpy states(&stream, &EventStream::stateChanged);
    stream.start();
    QTRY_VERIFY(stream.connectionCount() >= 3);
    QVERIFY(stream.backoff().attempts() >= 2);
}

void TestEventStream::stopEndsEverything()
{
    auto stream = makeStream();
    stream->backoff().setServerRetryMs(10);
    stream->start();
    QTRY_COMPARE(m_server->requestCount(), 1);
    stream->stop();
    QCOMPARE(stream->state(), EventStream::State::Idle);
    QTest::qWait(100);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestEventStream::ephemeralEventsKeepTheLastEventId()
{
    // Presence and typing events have no id line: they reach the receiver but never move the id
    // a reconnection resumes from, neither before the first id of a connection nor after one.
    auto stream = makeStream();
    stream->setLastEventId("room-a:3"); // from the history
    stream->start();
    QTRY_COMPARE(m_server->requestCount(), 1);
    m_server->write(0,
                    QByteArray(ScriptedHttpServer::kSseHead)
                        + "retry: 20\n:padding\n\nevent: stream-open\ndata: \n\n"
                          "event: presence\ndata: {\"from\": \"bob\", \"status\": \"online\"}\n\n"
                          "event: typing\ndata: {\"from\": \"bob\"}\n\n");
    QTRY_COMPARE(m_events.size(), 3);
    QCOMPARE(m_events.at(1).type, QByteArray("presence"));
    QCOMPARE(stream->lastEventId(), QByteArray("room-a:3"));
    m_server->close(0);
    QTRY_COMPARE(m_server->requestCount(), 2);
    QCOMPARE(m_server->header(1, "Last-Event-ID"), QByteArray("room-a:3"));

    m_server->write(1,
                    QByteArray(ScriptedHttpServer::kSseHead)
                        + "event: message\nid: room-a:4\ndata: {}\n\n"
                          "event: typing\ndata: {\"from\": \"carol\"}\n\n"
                          "event: some-future-type\ndata: whatever\n\n");
    QTRY_COMPARE(m_events.size(), 6);
    QCOMPARE(m_events.at(5).type, QByteArray("some-future-type"));
    QCOMPARE(stream->lastEventId(), QByteArray("room-a:4"));
    // Someone sets the id while the stream is open (a reloaded history): an id-less event
    // after that does not put the old one back.
    stream->setLastEventId("room-a:9");
    m_server->write(1, "event: typing\ndata: {\"from\": \"dave\"}\n\n");
    QTRY_COMPARE(m_events.size(), 7);
    QCOMPARE(stream->lastEventId(), QByteArray("room-a:9"));
    m_server->close(1);
    QTRY_COMPARE(m_server->requestCount(), 3);
    QCOMPARE(m_server->header(2, "Last-Event-ID"), QByteArray("room-a:9"));
}

QTEST_MAIN(TestEventStream)
#include "tst_clienteventstream.moc"
