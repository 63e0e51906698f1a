// What only direct SSE streams do (tst_streams covers what they share with held ones): the
// origin's keep-alives, freeing streams whose clients went away, dropping a stalled reader,
// queueing for a slow one, and a restart on the same database without a gap.
#include "shared/model/message.h"
#include "shared/sse/sseencoder.h"
#include "tests/support/httptestclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/ssetestclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace chat;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 10000; // generous: machines are shared and slow; conditions end waits early

} // namespace

class TestDirectStreams : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void keepAlive();
    void streamsAreFreedOnDisconnect();
    void stalledReaderIsDropped();
    void slowReaderCatchesUp();
    void restartOnSameDatabaseLosesNothing();

private:
    int streamCount();
    std::unique_ptr<SseTestClient>
    subscribe(const QByteArray &room, const QList<std::pair<QByteArray, QByteArray>> &headers = {},
              const QByteArray &query = {});

    ServerProcess m_server { kUnlimitedPosting
                             + QStringList { u"--keep-alive-ms"_s, u"300"_s, u"--max-unsent-kib"_s,
                                             u"256"_s } };
    quint16 m_port = 0;
};

void TestDirectStreams::initTestCase()
{
    QVERIFY2(m_server.start(), m_server.output().constData());
    m_port = m_server.port();
}

void TestDirectStreams::cleanupTestCase()
{
    QCOMPARE(m_server.terminate(), 0);
}

int TestDirectStreams::streamCount()
{
    const HttpResponse response = get(m_port, "/healthz");
    return QJsonDocument::fromJson(response.body).object().value(u"streams"_s).toInt(-1);
}

std::unique_ptr<SseTestClient>
TestDirectStreams::subscribe(const QByteArray &room,
                             const QList<std::pair<QByteArray, QByteArray>> &headers,
                             const QByteArray &query)
{
    auto client = std::make_unique<SseTestClient>();
    client->open(m_port, "/rooms/" + room + "/events/" + query, headers);
    client->waitUntilOpen(kWait);
    return client;
}

void TestDirectStreams::keepAlive()
{
    auto client = subscribe("quiet");
    QTRY_VERIFY_WITH_TIMEOUT(client->eventsOfType("keep-alive").size() >= 2, kWait);
    QVERIFY(client->body().contains(sse::keepAlive()));
    QVERIFY(client->eventsOfType("keep-alive").first().id.isEmpty());
}

void TestDirectStreams::streamsAreFreedOnDisconnect()
{
    QTRY_COMPARE_WITH_TIMEOUT(streamCount(), 0, kWait);
    std::vector<std::unique_ptr<SseTestClient>> clients;
    for (int i = 0; i < 20; ++i)
        clients.push_back(subscribe("churn"));
    QCOMPARE(streamCount(), 20);
    clients.clear();
    QTRY_COMPARE_WITH_TIMEOUT(streamCount(), 0, kWait);
}

void TestDirectStreams::stalledReaderIsDropped()
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

void TestDirectStreams::slowReaderCatchesUp()
{
    // A reader that pauses for longer than the kernel's buffers last is queued for by the
    // server (up to --max-unsent-kib) and, once it reads again, gets every event in order.
    ServerProcess server(kUnlimitedPosting + QStringList { u"--max-unsent-kib"_s, u"65536"_s });
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

void TestDirectStreams::restartOnSameDatabaseLosesNothing()
{
    ServerProcess server(kUnlimitedPosting);
    QVERIFY(server.start());
    auto client = std::make_unique<SseTestClient>();
    client->open(server.port(), "/rooms/restart/events/");
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("stream-open").size(), 1, kWait);
    for (int i = 1; i <= 3; ++i)
        QCOMPARE(postForm(server.port(), u"restart"_s, u"a"_s, u"before %1"_s.arg(i)).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 3, kWait);
    const QByteArray lastSeen = client->eventsOfType("message").last().id;
    QCOMPARE(lastSeen, "room-restart:3");

    QCOMPARE(server.terminate(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(client->ended(), kWait);

    QVERIFY(server.start()); // on the same database
    for (int i = 1; i <= 2; ++i) // posted while the client is away
        QCOMPARE(postForm(server.port(), u"restart"_s, u"b"_s, u"after %1"_s.arg(i)).status, 200);
    auto resumed = std::make_unique<SseTestClient>();
    resumed->open(server.port(), "/rooms/restart/events/", { { "Last-Event-ID", lastSeen } });
    QTRY_COMPARE_WITH_TIMEOUT(resumed->eventsOfType("message").size(), 2, kWait);
    QCOMPARE(eventIds(resumed->eventsOfType("message")),
             (QByteArrayList { "room-restart:4", "room-restart:5" }));
    QCOMPARE(messageTexts(resumed->eventsOfType("message")),
             (QStringList { u"after 1"_s, u"after 2"_s }));
    QVERIFY(resumed->eventsOfType("stream-reset").isEmpty());
    QCOMPARE(server.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestDirectStreams)
#include "tst_directstreams.moc"
