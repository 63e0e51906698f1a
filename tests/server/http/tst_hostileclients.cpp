// What one small script could do to a public origin, tried over real sockets against a real
// chat-server with small limits: a flood of connections, too many streams from one address, a
// forged X-Forwarded-For, HTTP/1.0 streams, control characters in header values, targets that
// URL parsers read as an authority, a burst of connections accepted at once, and thousands of
// streams that close at once. (Slow and
// idle clients: tst_timeouts.)
#include "tests/support/httptestclient.h"
#include "tests/support/rawclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/ssetestclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

#include <csignal>
#include <memory>
#include <vector>

using namespace chat;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 10000;

QJsonObject health(quint16 port)
{
    return QJsonDocument::fromJson(get(port, "/healthz").body).object();
}

qint64 residentKiB(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.sliced(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

class TestHostileClients : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void floodIsRefusedWhileAnHonestClientGetsThrough();
    void streamsPerClientAreCapped();
    void forwardedForIsBelievedOnlyFromTrustedProxies();
    void burstOfConnectionsIsServedInFull();
    void http10StreamEndsWithTheConnection();
    void http10RequestClosesAfterTheAnswer();
    void controlCharactersInHeaderValues_data();
    void controlCharactersInHeaderValues();
    void targetsThatAreNotOriginForm_data();
    void targetsThatAreNotOriginForm();
    void memoryIsReturnedAfterAStormOfStreams();

private:
    quint16 port() const { return m_server.port(); }

    ServerProcess m_server { { u"--max-streams-per-client"_s, u"3"_s } };
};

void TestHostileClients::initTestCase()
{
    QVERIFY2(m_server.start(), m_server.output().constData());
}

void TestHostileClients::cleanupTestCase()
{
    QCOMPARE(m_server.terminate(), 0);
}

void TestHostileClients::floodIsRefusedWhileAnHonestClientGetsThrough()
{
    // A server of its own with room for 20 connections, and a flood of 60 that send nothing.
    ServerProcess server({ u"--max-connections"_s, u"20"_s, u"--header-timeout-ms"_s, u"1500"_s });
    QVERIFY2(server.start(), server.output().constData());
    SseTestClient honest;
    honest.open(server.port(), "/rooms/flood/events/");
    QVERIFY(honest.waitUntilOpen(kWait));

    std::vector<std::unique_ptr<RawClient>> flood;
    for (int i = 0; i < 60; ++i)
        flood.push_back(std::make_unique<RawClient>(server.port()));
    // Those beyond the limit are answered at once with 503 and Retry-After, and closed.
    QTRY_VERIFY_WITH_TIMEOUT(
        std::count_if(flood.begin(), flood.end(), [](const auto &c) { return c->closed; }) >= 40,
        kWait);
    int refused = 0;
    for (const auto &client : flood) {
        const HttpResponse response = parseResponse(client->received);
        if (response.status == 503) {
            ++refused;
            QCOMPARE(response.header("retry-after"), "5");
            QVERIFY(!response.errorMessage().isEmpty());
        }
    }
    QVERIFY2(refused >= 35, qPrintable(QString::number(refused)));

    // The ones let in hold their slots until their head deadline; then the honest client gets
    // its history and posts, and its stream carried on all along.
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(flood.begin(), flood.end(), [](const auto &c) { return c->closed; }), kWait);
    QCOMPARE(get(server.port(), "/rooms/flood/messages/").status, 200);
    QCOMPARE(postForm(server.port(), u"flood"_s, u"honest"_s, u"made it"_s).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(messageTexts(honest.eventsOfType("message")),
                              QStringList { u"made it"_s }, kWait);
    QVERIFY(!honest.ended());
    const QJsonObject refusedCounts = health(server.port()).value(u"refused"_s).toObject();
    QVERIFY(refusedCounts.value(u"overConnectionLimit"_s).toInt() >= 35);
    QCOMPARE(health(server.port()).value(u"limits"_s).toObject().value(u"maxConnections"_s).toInt(),
             20);
    QCOMPARE(server.terminate(), 0);
}

void TestHostileClients::streamsPerClientAreCapped()
{
    QTRY_COMPARE_WITH_TIMEOUT(health(port()).value(u"streams"_s).toInt(), 0, kWait);
    std::vector<std::unique_ptr<SseTestClient>> streams;
    for (int i = 0; i < 3; ++i) {
        streams.push_back(std::make_unique<SseTestClient>());
        streams.back()->open(port(), "/rooms/capped/events/");
        QVERIFY(streams.back()->waitUntilOpen(kWait));
        QCOMPARE(streams.back()->status(), 200);
    }
    const HttpResponse fourth = get(port(), "/rooms/capped/events/");
    QCOMPARE(fourth.status, 429);
    QCOMPARE(fourth.header("retry-after"), "10");
    QVERIFY(fourth.errorMessage().contains(u"3 streams"_s));
    QVERIFY(health(port()).value(u"refused"_s).toObject().value(u"overStreamLimit"_s).toInt() >= 1);

    streams.front()->close(); // one freed: room for one more
    QTRY_COMPARE_WITH_TIMEOUT(health(port()).value(u"streams"_s).toInt(), 2, kWait);
    SseTestClient again;
    again.open(port(), "/rooms/capped/events/");
    QVERIFY(again.waitUntilOpen(kWait));
    QCOMPARE(again.status(), 200);
}

void TestHostileClients::forwardedForIsBelievedOnlyFromTrustedProxies()
{
    QTRY_COMPARE_WITH_TIMEOUT(health(port()).value(u"streams"_s).toInt(), 0, kWait);
    // Straight from a client, X-Forwarded-For is the client's own claim: the streams all count
    // as 127.0.0.1's, and the cap of 3 holds whatever addresses they name.
    std::vector<std::unique_ptr<SseTestClient>> streams;
    for (int i = 0; i < 3; ++i) {
        streams.push_back(std::make_unique<SseTestClient>());
        streams.back()->open(port(), "/rooms/forged/events/",
                             { { "X-Forwarded-For", "10.9.9." + QByteArray::number(i) } });
        QVERIFY(streams.back()->waitUntilOpen(kWait));
    }
    QCOMPARE(get(port(), "/rooms/forged/events/", { { "X-Forwarded-For", "10.9.9.200" } }).status,
             429);
    streams.clear();
    QTRY_COMPARE_WITH_TIMEOUT(health(port()).value(u"streams"_s).toInt(), 0, kWait);

    // From a trusted proxy, the last address it names is the client: four clients, four caps.
    ServerProcess behindProxy(
        { u"--max-streams-per-client"_s, u"1"_s, u"--trusted-proxies"_s, u"127.0.0.1"_s });
    QVERIFY2(behindProxy.start(), behindProxy.output().constData());
    for (int i = 0; i < 4; ++i) {
        streams.push_back(std::make_unique<SseTestClient>());
        streams.back()->open(
            behindProxy.port(), "/rooms/proxied/events/",
            { { "X-Forwarded-For", "203.0.113.7, 10.0.0." + QByteArray::number(i) } });
        QVERIFY(streams.back()->waitUntilOpen(kWait));
        QCOMPARE(streams.back()->status(), 200);
    }
    QCOMPARE(
        get(behindProxy.port(), "/rooms/proxied/events/", { { "X-Forwarded-For", "10.0.0.1" } })
            .status,
        429);
    streams.clear();
    QCOMPARE(behindProxy.terminate(), 0);
}

void TestHostileClients::http10StreamEndsWithTheConnection()
{
    RawClient client(port());
    client.send("GET /rooms/old/events/ HTTP/1.0\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.received.contains("event: stream-open"), kWait);
    const qsizetype headEnd = client.received.indexOf("\r\n\r\n");
    const QByteArray head = client.received.first(headEnd).toLower();
    QVERIFY(head.startsWith("http/1.1 200"));
    QVERIFY2(!head.contains("transfer-encoding"), head.constData()); // forbidden for HTTP/1.0
    QVERIFY(head.contains("connection: close"));
    // The body is the event stream itself: no chunk sizes between the frames.
    QVERIFY(client.received.sliced(headEnd + 4).startsWith(':' + QByteArray(2048, ' ')));
    QCOMPARE(postForm(port(), u"old"_s, u"alice"_s, u"for an old client"_s).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(client.received.contains("event: message\nid: room-old:1\ndata: "),
                             kWait);
    QVERIFY(client.received.endsWith("\"text\": \"for an old client\"}\n\n"));
}

// Connections the server accepts in one round (here: made while it is stopped, as in a
// reconnect storm) reach QtHttpServer together, handed over with one signal: every one of
// them is answered, a request already waiting on it included.
void TestHostileClients::burstOfConnectionsIsServedInFull()
{
    ServerProcess server;
    QVERIFY2(server.start(), server.output().constData());
    QCOMPARE(::kill(pid_t(server.pid()), SIGSTOP), 0);
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 300; ++i) {
        clients.push_back(std::make_unique<RawClient>(server.port()));
        clients.back()->send("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
    }
    QCOMPARE(::kill(pid_t(server.pid()), SIGCONT), 0);
    const auto answered = [&] {
        return std::all_of(clients.begin(), clients.end(), [](const auto &client) {
            return client->closed && parseResponse(client->received).status == 200;
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(answered(), kWait);
    QCOMPARE(server.terminate(), 0);
}

void TestHostileClients::http10RequestClosesAfterTheAnswer()
{
    // The default idle timeout (60 s): a close seen here is the server ending the response.
    ServerProcess server;
    QVERIFY2(server.start(), server.output().constData());
    RawClient client(server.port());
    client.send("GET /healthz HTTP/1.0\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, kWait);
    const HttpResponse response = parseResponse(client.received);
    QCOMPARE(response.status, 200);
    QCOMPARE(response.header("connection"), "close");

    // Connection: close is honoured on HTTP/1.1 too, and keep-alive on 1.0 when asked for.
    RawClient closing(server.port());
    closing.send("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(closing.closed, kWait);
    QCOMPARE(parseResponse(closing.received).status, 200);
    RawClient keeping(server.port());
    keeping.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(parseResponse(keeping.received).status, 200, kWait);
    keeping.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(keeping.received.count("HTTP/1.1 200"), 2, kWait);
    QVERIFY(!keeping.closed);
    QCOMPARE(server.terminate(), 0);
}

void TestHostileClients::controlCharactersInHeaderValues_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("status");
    QTest::newRow("nul") << QByteArray("0\x00"
                                       "1",
                                       3)
                         << 400;
    QTest::newRow("start of heading") << QByteArray("room-a:\x01") << 400;
    QTest::newRow("escape") << QByteArray("\x1b[31m") << 400;
    QTest::newRow("delete") << QByteArray("room-a:1\x7f") << 400;
    QTest::newRow("tab is allowed") << QByteArray("room-a:0\t") << 200;
}

void TestHostileClients::controlCharactersInHeaderValues()
{
    QFETCH(QByteArray, value);
    QFETCH(int, status);
    // The server never echoes such a value back (it once did, in a stream-error).
    const HttpResponse response = rawRequest(
        port(), "GET /rooms/a/messages/ HTTP/1.1\r\nLast-Event-ID: " + value + "\r\n\r\n");
    QCOMPARE(response.status, status);
    if (status == 400) {
        QCOMPARE(response.errorMessage(), u"a header value contains a control character"_s);
        QVERIFY(!response.body.contains(value));
    }
}

void TestHostileClients::targetsThatAreNotOriginForm_data()
{
    QTest::addColumn<QByteArray>("target");
    // QUrl reads "//host/path" as an authority: each of these once answered as something else.
    QTest::newRow("page as an authority") << QByteArray("//etc/passwd");
    QTest::newRow("health as an authority") << QByteArray("//x/healthz");
    QTest::newRow("history as an authority") << QByteArray("//a/rooms/r/messages/");
    QTest::newRow("stream as an authority") << QByteArray("//x/rooms/r/events/");
    QTest::newRow("absolute form") << QByteArray("http://x/healthz");
    QTest::newRow("asterisk") << QByteArray("*");
}

void TestHostileClients::targetsThatAreNotOriginForm()
{
    QFETCH(QByteArray, target);
    const HttpResponse response = rawRequest(port(), "GET " + target + " HTTP/1.1\r\n\r\n");
    QCOMPARE(response.status, 400);
    QVERIFY(!response.errorMessage().isEmpty());
}

void TestHostileClients::memoryIsReturnedAfterAStormOfStreams()
{
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
    QSKIP("AddressSanitizer's allocator never gives memory back to the system: nothing to measure");
#endif
#endif
    // glibc keeps what thousands of closed streams freed unless it is asked to give it back.
    ServerProcess server({ u"--max-streams-per-client"_s, u"0"_s, u"--stream-threads"_s, u"1"_s });
    QVERIFY2(server.start(), server.output().constData());
    const qint64 before = residentKiB(server.pid());
    std::vector<std::unique_ptr<SseTestClient>> streams;
    for (int i = 0; i < 3000; ++i) { // all at once, as reconnecting clients do
        streams.push_back(std::make_unique<SseTestClient>());
        streams.back()->open(server.port(), "/rooms/storm/events/");
    }
    QTRY_COMPARE_WITH_TIMEOUT(health(server.port()).value(u"streams"_s).toInt(), 3000, kWait);
    const qint64 peak = residentKiB(server.pid());
    streams.clear();
    QTRY_COMPARE_WITH_TIMEOUT(health(server.port()).value(u"streams"_s).toInt(), 0, kWait);
    // The hub looks every 5 s.
    const qint64 target = peak - (peak - before) / 2;
    [[maybe_unused]] const bool returned
        = QTest::qWaitFor([&] { return residentKiB(server.pid()) < target; }, 15000);
    const qint64 after = residentKiB(server.pid());
    qInfo("RSS: %lld KiB before, %lld KiB with 3000 streams, %lld KiB after they closed", before,
          peak, after);
    QVERIFY2(after < target, "the memory of the closed streams was not returned");
    QCOMPARE(server.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestHostileClients)
#include "tst_hostileclients.moc"
