// What only streams held by a real Pushpin do (tst_streams covers what they share with direct
// ones): publishing, both topologies at once, paging a long replay through next links, which
// Grip-Sig makes a stream held, and recovery when the proxy or its publish endpoint goes away.
#include "shared/grip/jwt.h"
#include "shared/model/message.h"
#include "tests/support/httptestclient.h"
#include "tests/support/pushpinprocess.h"
#include "tests/support/serverprocess.h"
#include "tests/support/ssetestclient.h"
#include "tests/support/tcprelay.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace chat;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 20000; // Pushpin may wait up to 5 s for an out-of-order item

} // namespace

class TestHeldStreams : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void heldStreamReplaysThenGoesLive();
    void roomsAndTopologiesMix();
    void longReplayIsPagedThroughNextLinks();
    void onlyAValidGripSigIsHeld_data();
    void onlyAValidGripSigIsHeld();
    void pushpinRestartLosesNothing();
    void unreachablePublishEndpointCatchesUp();

private:
    std::unique_ptr<SseTestClient> subscribe(quint16 port, const QByteArray &room,
                                             const QByteArray &lastEventId = {});
    QByteArray post(quint16 port, const QString &room, const QString &text);

    std::unique_ptr<PushpinProcess> m_pushpin;
    std::unique_ptr<ServerProcess> m_origin;
};

void TestHeldStreams::initTestCase()
{
    m_pushpin = std::make_unique<PushpinProcess>();
    m_origin = std::make_unique<ServerProcess>(
        kUnlimitedPosting + QStringList { u"--grip-url"_s, m_pushpin->gripUrl() });
    QVERIFY2(m_origin->start(), m_origin->output().constData());
    QVERIFY2(m_pushpin->start(m_origin->port()), m_pushpin->log().constData());
}

void TestHeldStreams::cleanupTestCase()
{
    m_pushpin->stop();
    QCOMPARE(m_origin->terminate(), 0);
}

std::unique_ptr<SseTestClient> TestHeldStreams::subscribe(quint16 port, const QByteArray &room,
                                                          const QByteArray &lastEventId)
{
    auto client = std::make_unique<SseTestClient>();
    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!lastEventId.isEmpty())
        headers.append({ "Last-Event-ID", lastEventId });
    client->open(port, "/rooms/" + room + "/events/", headers);
    client->waitUntilOpen(kWait);
    return client;
}

QByteArray TestHeldStreams::post(quint16 port, const QString &room, const QString &text)
{
    const HttpResponse response = postForm(port, room, u"tester"_s, text);
    if (response.status != 200)
        qWarning("post failed: %d %s", response.status, response.body.constData());
    return response.body.chopped(1);
}

void TestHeldStreams::heldStreamReplaysThenGoesLive()
{
    const quint16 origin = m_origin->port(), proxy = m_pushpin->httpPort();
    for (int i = 1; i <= 3; ++i)
        post(origin, u"held"_s, u"before %1"_s.arg(i));
    auto client = subscribe(proxy, "held", "room-held:1");
    QCOMPARE(client->status(), 200);
    QCOMPARE(client->header("content-type"), "text/event-stream");
    QVERIFY(client->header("grip-hold").isEmpty()); // instructions never reach the client
    QVERIFY(client->body().startsWith(':' + QByteArray(2048, ' ') + "\n\n"));
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 2, kWait);

    // Live, and the publish latency from POST to a proxy client (timed at arrival).
    QElapsedTimer clock;
    clock.start();
    qint64 arrival = 0;
    connect(client.get(), &SseTestClient::eventReceived, this,
            [&] { arrival = clock.nsecsElapsed(); });
    QList<qint64> latencies;
    for (int i = 1; i <= 10; ++i) {
        const qint64 sent = clock.nsecsElapsed();
        post(origin, u"held"_s, u"live %1"_s.arg(i));
        QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 2 + i, kWait);
        latencies.append((arrival - sent) / 1000);
    }
    std::sort(latencies.begin(), latencies.end());
    qInfo("post -> proxy client latency: median %lld us, max %lld us (10 messages)",
          latencies.at(latencies.size() / 2), latencies.last());
    const QList<SseEvent> messages = client->eventsOfType("message");
    QCOMPARE(eventIds(messages).first(), "room-held:2");
    QCOMPARE(eventIds(messages).last(), "room-held:13");
    QCOMPARE(messageTexts(messages).mid(0, 3),
             (QStringList { u"before 2"_s, u"before 3"_s, u"live 1"_s }));
}

void TestHeldStreams::roomsAndTopologiesMix()
{
    const quint16 origin = m_origin->port(), proxy = m_pushpin->httpPort();
    std::vector<std::unique_ptr<SseTestClient>> roomA, roomB;
    for (int i = 0; i < 3; ++i)
        roomA.push_back(subscribe(proxy, "mix-a"));
    roomA.push_back(subscribe(origin, "mix-a")); // a direct subscriber too
    for (int i = 0; i < 2; ++i)
        roomB.push_back(subscribe(proxy, "mix-b"));
    roomB.push_back(subscribe(origin, "mix-b"));

    QStringList expectedA, expectedB;
    for (int i = 1; i <= 10; ++i) {
        // Alternate rooms, and post through the proxy and straight to the origin.
        const quint16 via = i % 2 ? proxy : origin;
        const QString room = i % 3 ? u"mix-a"_s : u"mix-b"_s;
        const QString text
            = u"%1 #%2 via %3"_s.arg(room).arg(i).arg(via == proxy ? u"proxy"_s : u"origin"_s);
        post(via, room, text);
        (room == u"mix-a" ? expectedA : expectedB).append(text);
    }
    for (auto &client : roomA)
        QTRY_COMPARE_WITH_TIMEOUT(messageTexts(client->eventsOfType("message")), expectedA, kWait);
    for (auto &client : roomB)
        QTRY_COMPARE_WITH_TIMEOUT(messageTexts(client->eventsOfType("message")), expectedB, kWait);
    // Nothing more trickles in: no duplicates.
    post(origin, u"mix-a"_s, u"last"_s);
    expectedA.append(u"last"_s);
    for (auto &client : roomA)
        QTRY_COMPARE_WITH_TIMEOUT(messageTexts(client->eventsOfType("message")), expectedA, kWait);
    for (auto &client : roomB)
        QCOMPARE(messageTexts(client->eventsOfType("message")), expectedB);
}

void TestHeldStreams::longReplayIsPagedThroughNextLinks()
{
    // 250 missed events: more than one held response carries (100), so the proxy follows
    // next links without a hold until it catches up, then holds.
    for (int i = 1; i <= 250; ++i)
        postForm(m_origin->port(), u"paged"_s, u"p"_s, QString::number(i));
    auto client = subscribe(m_pushpin->httpPort(), "paged", "room-paged:0");
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 250, kWait);
    post(m_origin->port(), u"paged"_s, u"live"_s);
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 251, kWait);
    QStringList expected;
    for (int i = 1; i <= 250; ++i)
        expected.append(QString::number(i));
    expected.append(u"live"_s);
    QCOMPARE(messageTexts(client->eventsOfType("message")), expected);
    QCOMPARE(client->eventsOfType("stream-open").size(), 1); // one preamble, not one per page
}

void TestHeldStreams::onlyAValidGripSigIsHeld_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<qint64>("lifetime");
    QTest::addColumn<bool>("held");
    const QByteArray key = m_pushpin->signingKey();
    QTest::newRow("valid") << key << u"pushpin"_s << qint64(3600) << true;
    QTest::newRow("forged key") << QByteArray("guessed") << u"pushpin"_s << qint64(3600) << false;
    QTest::newRow("wrong issuer") << key << u"someone"_s << qint64(3600) << false;
    QTest::newRow("expired") << key << u"pushpin"_s << qint64(-10) << false;
}

void TestHeldStreams::onlyAValidGripSigIsHeld()
{
    QFETCH(QByteArray, key);
    QFETCH(QString, issuer);
    QFETCH(qint64, lifetime);
    QFETCH(bool, held);
    const QByteArray token
        = jwt::sign(QJsonObject { { u"iss"_s, issuer },
                                  { u"exp"_s, QDateTime::currentSecsSinceEpoch() + lifetime } },
                    *jwt::Key::fromBytes(key));
    // Straight to the origin, as an attacker would.
    SseTestClient client;
    client.open(m_origin->port(), "/rooms/sig/events/", { { "Grip-Sig", token } });
    QTRY_VERIFY_WITH_TIMEOUT(client.headReceived(), kWait);
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.header("grip-hold"), held ? QByteArray("stream") : QByteArray());
    QCOMPARE(client.header("grip-channel").isEmpty(), !held);
    QCOMPARE(client.header("transfer-encoding"), held ? QByteArray() : QByteArray("chunked"));
}

void TestHeldStreams::pushpinRestartLosesNothing()
{
    const quint16 origin = m_origin->port(), proxy = m_pushpin->httpPort();
    auto client = subscribe(proxy, "restart");
    post(origin, u"restart"_s, u"one"_s);
    QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 1, kWait);
    const QByteArray lastSeen = client->eventsOfType("message").last().id;

    m_pushpin->stop();
    QTRY_VERIFY_WITH_TIMEOUT(client->ended(), kWait);
    for (const QString &text : { u"two"_s, u"three"_s, u"four"_s })
        post(origin, u"restart"_s, text); // acknowledged while the proxy is down
    QVERIFY2(m_pushpin->start(origin), m_pushpin->log().constData());

    auto resumed = subscribe(proxy, "restart", lastSeen);
    if (resumed->eventsOfType("stream-open").isEmpty())
        qWarning("%s", m_pushpin->log().constData());
    post(origin, u"restart"_s, u"five"_s);
    QTRY_COMPARE_WITH_TIMEOUT(messageTexts(resumed->eventsOfType("message")),
                              (QStringList { u"two"_s, u"three"_s, u"four"_s, u"five"_s }), kWait);
    QCOMPARE(eventIds(resumed->eventsOfType("message")).last(), "room-restart:5");
}

void TestHeldStreams::unreachablePublishEndpointCatchesUp()
{
    // Its own origin and Pushpin, with the origin publishing through a relay that can be cut:
    // held clients stay connected to the proxy while its publish endpoint is unreachable.
    PushpinProcess pushpin;
    TcpRelay relay(pushpin.publishPort());
    QVERIFY(relay.listen());
    ServerProcess origin(kUnlimitedPosting
                         + QStringList { u"--grip-url"_s, pushpin.gripUrl(relay.port()) });
    QVERIFY(origin.start());
    QVERIFY2(pushpin.start(origin.port()), pushpin.log().constData());

    std::vector<std::unique_ptr<SseTestClient>> clients;
    for (int i = 0; i < 3; ++i)
        clients.push_back(subscribe(pushpin.httpPort(), "cut"));
    post(origin.port(), u"cut"_s, u"before"_s);
    for (auto &client : clients)
        QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 1, kWait);

    relay.cut();
    QStringList expected { u"before"_s };
    for (int i = 1; i <= 5; ++i) {
        expected.append(u"while cut %1"_s.arg(i));
        QVERIFY(!post(origin.port(), u"cut"_s, expected.last()).isEmpty()); // never blocked
    }
    auto health = [&] {
        return QJsonDocument::fromJson(get(origin.port(), "/healthz").body)
            .object()
            .value(u"grip"_s)
            .toObject();
    };
    QTRY_VERIFY_WITH_TIMEOUT(health().value(u"failedAttempts"_s).toInt() > 0, kWait);
    for (auto &client : clients)
        QCOMPARE(client->eventsOfType("message").size(), 1); // nothing got through
    QVERIFY(relay.restore());

    for (auto &client : clients) {
        QTRY_COMPARE_WITH_TIMEOUT(messageTexts(client->eventsOfType("message")), expected, kWait);
        QVERIFY(!client->ended());
    }
    QTRY_COMPARE_WITH_TIMEOUT(health().value(u"queued"_s).toInt(), 0, kWait);
    QCOMPARE(health().value(u"undeliverable"_s).toInt(), 0);
    pushpin.stop();
    QCOMPARE(origin.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestHeldStreams)
#include "tst_heldstreams.moc"
