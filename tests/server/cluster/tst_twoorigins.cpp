// Two stateless origins on one PostgreSQL database (a private cluster), with a real Pushpin in
// front of both: every stream, direct on either origin or held by the proxy, receives each event
// once, in order, with the same ids; the history is the same from either; a killed origin's
// clients resume on the other with Last-Event-ID and miss nothing; two origins' publishes that
// reach the proxy out of order still reach its clients in order.
#include "tests/support/httptestclient.h"
#include "tests/support/postgresprocess.h"
#include "tests/support/postingthread.h"
#include "tests/support/pushpinprocess.h"
#include "tests/support/serverprocess.h"
#include "tests/support/ssetestclient.h"
#include "tests/support/tcprelay.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace chat;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 30000; // Pushpin may hold an out-of-order item for 5 s before recovering
const QByteArray kToken = "two-origins-operator-token-0123";

HttpResponse operatorRequest(quint16 port, const QByteArray &method, const QByteArray &path,
                             const QByteArray &form = {})
{
    QByteArray head = method + ' ' + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + kToken + "\r\nConnection: close\r\n";
    if (!form.isEmpty())
        head += "Content-Type: application/x-www-form-urlencoded\r\n";
    return rawRequest(
        port, head + "Content-Length: " + QByteArray::number(form.size()) + "\r\n\r\n" + form);
}

HttpResponse postField(quint16 port, const QByteArray &path, const QByteArray &form)
{
    return post(port, path, "application/x-www-form-urlencoded", form);
}

QByteArrayList expectedIds(const QByteArray &room, int from, int to)
{
    QByteArrayList ids;
    for (int n = from; n <= to; ++n)
        ids.append("room-" + room + ':' + QByteArray::number(n));
    return ids;
}

QJsonObject gripStats(quint16 port)
{
    return QJsonDocument::fromJson(get(port, "/healthz").body).object().value(u"grip"_s).toObject();
}

} // namespace

class TestTwoOrigins : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void alternatingPostsReachEveryStreamOnce();
    void removalsEphemeralEventsAndBansCrossOrigins();
    void concurrentPostsAreNumberedWithoutGaps();
    void killedOriginsClientsResumeOnTheOther();
    void publishesOutOfOrderArriveInOrder();

private:
    std::unique_ptr<SseTestClient> subscribe(quint16 port, const QByteArray &room,
                                             const QList<std::pair<QByteArray, QByteArray>> &headers
                                             = {});

    QTemporaryDir m_secrets;
    PostgresProcess m_postgres { { {}, false, false } };
    QString m_database;
    PushpinProcess m_pushpin;
    std::unique_ptr<ServerProcess> m_a;
    std::unique_ptr<ServerProcess> m_b;
};

void TestTwoOrigins::initTestCase()
{
    QVERIFY2(m_postgres.start(), qPrintable(m_postgres.lastError() + m_postgres.log()));
    m_database = m_postgres.createDatabase();
    QVERIFY2(!m_database.isEmpty(), qPrintable(m_postgres.lastError()));
    const QString token = m_secrets.filePath(u"admin-token"_s);
    QFile file(token);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kToken + '\n');
    file.close();
    const QStringList arguments = kUnlimitedPosting
        + QStringList { u"--max-streams-per-client"_s, u"0"_s, u"--grip-url"_s, m_pushpin.gripUrl(),
                        u"--admin-token-file"_s,       token };
    m_a = std::make_unique<ServerProcess>(arguments, m_database);
    m_b = std::make_unique<ServerProcess>(arguments, m_database);
    QVERIFY2(m_a->start(), m_a->output().constData());
    QVERIFY2(m_b->start(), m_b->output().constData());
    QVERIFY2(m_pushpin.start({ m_a->port(), m_b->port() }), m_pushpin.log().constData());
}

void TestTwoOrigins::cleanupTestCase()
{
    m_pushpin.stop();
    if (m_a)
        QCOMPARE(m_a->terminate(), 0);
    if (m_b)
        QCOMPARE(m_b->terminate(), 0);
}

std::unique_ptr<SseTestClient>
TestTwoOrigins::subscribe(quint16 port, const QByteArray &room,
                          const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    auto client = std::make_unique<SseTestClient>();
    client->open(port, "/rooms/" + room + "/events/", headers);
    if (!client->waitUntilOpen(kWait))
        return nullptr;
    return client;
}

void TestTwoOrigins::alternatingPostsReachEveryStreamOnce()
{
    const QByteArray room = "alternating";
    std::vector<std::unique_ptr<SseTestClient>> clients;
    for (const quint16 port :
         { m_a->port(), m_b->port(), m_pushpin.httpPort(), m_pushpin.httpPort() }) {
        clients.push_back(subscribe(port, room));
        QVERIFY(clients.back());
    }
    constexpr int kPosts = 30;
    QStringList texts;
    for (int i = 1; i <= kPosts; ++i) {
        texts.append(u"message %1"_s.arg(i));
        const quint16 origin = i % 2 ? m_a->port() : m_b->port();
        QCOMPARE(postForm(origin, QString::fromLatin1(room), u"poster"_s, texts.last()).status,
                 200);
    }
    const QByteArrayList ids = expectedIds(room, 1, kPosts);
    for (const auto &client : clients) {
        QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), kPosts, kWait);
        QCOMPARE(messageTexts(client->eventsOfType("message")), texts);
        QCOMPARE(eventIds(client->eventsOfType("message")), ids);
    }
    // The same message has the same id and date everywhere.
    const QByteArray first = clients.front()->eventsOfType("message").first().data;
    for (const auto &client : clients)
        QCOMPARE(client->eventsOfType("message").first().data, first);
    QTest::qWait(300); // nothing more comes: each event once
    for (const auto &client : clients)
        QCOMPARE(client->eventsOfType("message").size(), kPosts);

    const auto fromA = wholeHistory(m_a->port(), room);
    QCOMPARE(fromA.size(), kPosts);
    QCOMPARE(wholeHistory(m_b->port(), room), fromA);
}

void TestTwoOrigins::removalsEphemeralEventsAndBansCrossOrigins()
{
    const QByteArray room = "crossing";
    auto onA = subscribe(m_a->port(), room);
    auto onB = subscribe(m_b->port(), room);
    auto held = subscribe(m_pushpin.httpPort(), room);
    QVERIFY(onA && onB && held);

    // A removal made on one origin is an event of the sequence on every stream.
    const HttpResponse posted = postForm(m_a->port(), QString::fromLatin1(room), u"x"_s, u"rude"_s);
    QCOMPARE(posted.status, 200);
    const qint64 id = QJsonDocument::fromJson(posted.body).object().value(u"id"_s).toInteger();
    const HttpResponse removed = operatorRequest(
        m_a->port(), "DELETE", "/rooms/" + room + "/messages/" + QByteArray::number(id));
    QCOMPARE(removed.status, 200);
    for (SseTestClient *client : { onA.get(), onB.get(), held.get() }) {
        QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message-deleted").size(), 1, kWait);
        QCOMPARE(client->eventsOfType("message-deleted").first().id, "room-" + room + ":2");
        QCOMPARE(client->eventsOfType("message-deleted").first().data,
                 "{\"id\": " + QByteArray::number(id) + '}');
    }
    // A stream opened later on the other origin replays the removal, not the message.
    auto later = subscribe(m_b->port(), room, { { "Last-Event-ID", "room-" + room + ":0" } });
    QVERIFY(later);
    QTRY_COMPARE_WITH_TIMEOUT(later->eventsOfType("message-deleted").size(), 1, kWait);
    QVERIFY(later->eventsOfType("message").isEmpty());

    // Typing on one origin reaches the other's direct streams; presence is one list.
    QCOMPARE(postField(m_a->port(), "/rooms/" + room + "/typing/", "from=tina").status, 204);
    QTRY_COMPARE_WITH_TIMEOUT(onB->eventsOfType("typing").size(), 1, kWait);
    QCOMPARE(postField(m_b->port(), "/rooms/" + room + "/presence/", "from=pat").status, 204);
    for (SseTestClient *client : { onA.get(), onB.get(), held.get() })
        QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("presence").size(), 1, kWait);
    QCOMPARE(onA->eventsOfType("presence").first().data,
             "{\"from\": \"pat\", \"status\": \"online\"}");
    const QJsonArray online
        = QJsonDocument::fromJson(get(m_a->port(), "/rooms/" + room + "/presence/").body)
              .object()
              .value(u"online"_s)
              .toArray();
    QCOMPARE(online.size(), 1);
    QCOMPARE(online.first()[u"from"_s].toString(), u"pat"_s);
    bool listed = false;
    for (const QJsonValue entry :
         QJsonDocument::fromJson(get(m_a->port(), "/rooms/").body)[u"rooms"_s].toArray()) {
        if (entry[u"name"_s].toString() == QString::fromLatin1(room)) {
            QCOMPARE(entry[u"online"_s].toInt(), 1);
            listed = true;
        }
    }
    QVERIFY(listed);
    // A heartbeat of the same nickname on the other origin is no news; leaving is, once.
    QCOMPARE(postField(m_a->port(), "/rooms/" + room + "/presence/", "from=pat").status, 204);
    QCOMPARE(
        postField(m_b->port(), "/rooms/" + room + "/presence/", "from=pat&status=offline").status,
        204);
    QTRY_COMPARE_WITH_TIMEOUT(onA->eventsOfType("presence").size(), 2, kWait);
    QCOMPARE(onA->eventsOfType("presence").last().data,
             "{\"from\": \"pat\", \"status\": \"offline\"}");
    QTest::qWait(300);
    QCOMPARE(onA->eventsOfType("presence").size(), 2);

    // A ban made on one origin holds on the other, and so does lifting it.
    const HttpResponse ban
        = operatorRequest(m_a->port(), "POST", "/admin/bans/", "nickname=troll&seconds=600");
    QCOMPARE(ban.status, 201);
    QTRY_COMPARE_WITH_TIMEOUT(
        postForm(m_b->port(), QString::fromLatin1(room), u"troll"_s, u"hi"_s).status, 403, kWait);
    const qint64 banId = QJsonDocument::fromJson(ban.body).object().value(u"id"_s).toInteger();
    QCOMPARE(
        operatorRequest(m_b->port(), "DELETE", "/admin/bans/" + QByteArray::number(banId)).status,
        204);
    QTRY_COMPARE_WITH_TIMEOUT(
        postForm(m_a->port(), QString::fromLatin1(room), u"troll"_s, u"sorry"_s).status, 200,
        kWait);
}

void TestTwoOrigins::concurrentPostsAreNumberedWithoutGaps()
{
    // Both origins commit at once in one room: the room's row orders their transactions, so the
    // event numbers stay gap-free and increasing whichever origin commits.
    const QByteArray room = "concurrent";
    auto onA = subscribe(m_a->port(), room);
    auto onB = subscribe(m_b->port(), room);
    auto held = subscribe(m_pushpin.httpPort(), room);
    QVERIFY(onA && onB && held);
    PostingThread toA({ m_a->port() }, QString::fromLatin1(room), u"a"_s, 150);
    PostingThread toB({ m_b->port() }, QString::fromLatin1(room), u"b"_s, 150);
    toA.start();
    toB.start();
    QVERIFY(toA.wait(120000) && toB.wait(120000));
    QCOMPARE(toA.acknowledged().size() + toB.acknowledged().size(), 300);

    const QByteArrayList ids = expectedIds(room, 1, 300);
    const auto stored = wholeHistory(m_a->port(), room);
    QCOMPARE(stored.size(), 300);
    QStringList storedTexts;
    for (const auto &[id, text] : stored)
        storedTexts.append(text);
    for (SseTestClient *client : { onA.get(), onB.get(), held.get() }) {
        QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message").size(), 300, kWait);
        QCOMPARE(eventIds(client->eventsOfType("message")), ids);
        QCOMPARE(messageTexts(client->eventsOfType("message")), storedTexts);
    }
    // Each poster's messages are in its own order.
    for (const QString &prefix : { u"a"_s, u"b"_s }) {
        QStringList own;
        for (const QString &text : std::as_const(storedTexts)) {
            if (text.startsWith(prefix + u' '))
                own.append(text);
        }
        QCOMPARE(own, prefix == u"a" ? toA.acknowledged() : toB.acknowledged());
    }
}

void TestTwoOrigins::killedOriginsClientsResumeOnTheOther()
{
    const QByteArray room = "killed";
    auto onA = subscribe(m_a->port(), room);
    auto held = subscribe(m_pushpin.httpPort(), room);
    QVERIFY(onA && held);
    PostingThread toA({ m_a->port() }, QString::fromLatin1(room), u"a"_s);
    PostingThread toB({ m_b->port() }, QString::fromLatin1(room), u"b"_s);
    toA.start();
    toB.start();
    QVERIFY(QTest::qWaitFor([&] { return toA.acknowledged().size() >= 100; }, kWait));
    m_a->kill(); // mid-run, posts in flight
    const qsizetype postedOnB = toB.acknowledged().size();
    QVERIFY(toA.wait(30000));
    // The other origin goes on taking posts after the kill.
    QVERIFY(QTest::qWaitFor([&] { return toB.acknowledged().size() >= postedOnB + 50; }, kWait));
    toB.stop();
    QVERIFY(toB.wait(30000));
    QVERIFY(onA->ended() || QTest::qWaitFor([&] { return onA->ended(); }, kWait));

    // Nothing acknowledged is missing, whichever origin acknowledged it.
    const auto stored = wholeHistory(m_b->port(), room);
    QStringList storedTexts;
    for (const auto &[id, text] : stored)
        storedTexts.append(text);
    for (const QString &text : toA.acknowledged() + toB.acknowledged())
        QVERIFY2(storedTexts.contains(text), qPrintable(text));
    QVERIFY(storedTexts.size() <= toA.acknowledged().size() + toB.acknowledged().size() + 1);
    const int total = int(stored.size());

    // The killed origin's client resumes on the other from its last id and misses nothing.
    const QList<SseEvent> before = onA->eventsOfType("message");
    QVERIFY(!before.isEmpty());
    auto resumed = subscribe(m_b->port(), room, { { "Last-Event-ID", before.last().id } });
    QVERIFY(resumed);
    QTRY_COMPARE_WITH_TIMEOUT(before.size() + resumed->eventsOfType("message").size(), total,
                              kWait);
    QCOMPARE(eventIds(before + resumed->eventsOfType("message")), expectedIds(room, 1, total));
    QCOMPARE(messageTexts(before + resumed->eventsOfType("message")), storedTexts);
    // Through the proxy nothing was lost either (the survivor's publishes fill any gap).
    QTRY_COMPARE_WITH_TIMEOUT(held->eventsOfType("message").size(), total, kWait);
    QCOMPARE(eventIds(held->eventsOfType("message")), expectedIds(room, 1, total));

    // Restarted (on its port, where the proxy's route points), the origin serves the same room
    // and takes posts again.
    m_a->setPort(m_a->port());
    QVERIFY2(m_a->start(), m_a->output().constData());
    auto again = subscribe(m_a->port(), room, { { "Last-Event-ID", before.last().id } });
    QVERIFY(again);
    QTRY_COMPARE_WITH_TIMEOUT(again->eventsOfType("message").size(), total - before.size(), kWait);
    QCOMPARE(postForm(m_a->port(), QString::fromLatin1(room), u"p"_s, u"after"_s).status, 200);
    for (SseTestClient *client : { resumed.get(), again.get(), held.get() }) {
        QTRY_VERIFY_WITH_TIMEOUT(messageTexts(client->eventsOfType("message")).endsWith(u"after"_s),
                                 kWait);
    }
}

void TestTwoOrigins::publishesOutOfOrderArriveInOrder()
{
    // Origin C publishes through a relay the test holds shut, so that its publish of event n
    // reaches the proxy after B's of n+1 (whose prev-id the proxy has not seen yet).
    TcpRelay relay(m_pushpin.publishPort());
    QVERIFY(relay.listen());
    ServerProcess c(kUnlimitedPosting
                        + QStringList { u"--grip-url"_s, m_pushpin.gripUrl(relay.port()) },
                    m_database);
    QVERIFY2(c.start(), c.output().constData());
    const QByteArray room = "out-of-order";
    for (const int waitMs : { 500, 8000 }) { // within Pushpin's message_wait, and after it
        auto held = subscribe(m_pushpin.httpPort(), room);
        QVERIFY(held);
        relay.cut();
        const QString late = u"late after %1 ms"_s.arg(waitMs);
        QCOMPARE(postForm(c.port(), QString::fromLatin1(room), u"c"_s, late).status, 200);
        const QString early = u"overtaking after %1 ms"_s.arg(waitMs);
        QCOMPARE(postForm(m_b->port(), QString::fromLatin1(room), u"b"_s, early).status, 200);
        QTest::qWait(waitMs);
        // C's publish has not got through (it is being retried) while B's has.
        QTRY_VERIFY_WITH_TIMEOUT(gripStats(c.port()).value(u"failedAttempts"_s).toInt() > 0, kWait);
        QVERIFY(gripStats(c.port()).value(u"queued"_s).toInt() > 0);
        QVERIFY(relay.restore());
        QTRY_COMPARE_WITH_TIMEOUT(messageTexts(held->eventsOfType("message")),
                                  (QStringList { late, early }), kWait);
        const QString next = u"next after %1 ms"_s.arg(waitMs);
        QCOMPARE(postForm(c.port(), QString::fromLatin1(room), u"c"_s, next).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(messageTexts(held->eventsOfType("message")),
                                  (QStringList { late, early, next }), kWait);
        const int last = eventIds(held->eventsOfType("message")).last().split(':').last().toInt();
        QCOMPARE(eventIds(held->eventsOfType("message")), expectedIds(room, last - 2, last));
    }
    QCOMPARE(c.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestTwoOrigins)
#include "tst_twoorigins.moc"
