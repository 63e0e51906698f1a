// Exactly-once sends over real HTTP: a POST repeated with its Idempotency-Key is answered with
// the message first stored (Idempotent-Replayed: true) and neither stored nor delivered again,
// also after the server was killed with SIGKILL and restarted; the same key with another body
// is 422; keys are per room; malformed keys are 400; a post without a key is as it always was.
#include "shared/model/message.h"
#include "tests/support/httptestclient.h"
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

constexpr int kWait = 10000;

HttpResponse postWithKey(quint16 port, const QByteArray &room, const QByteArray &key,
                         const QByteArray &body)
{
    QByteArray request = "POST /rooms/" + room
        + "/messages/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n";
    if (!key.isNull())
        request += "Idempotency-Key: " + key + "\r\n";
    return rawRequest(port,
                      request + "Content-Length: " + QByteArray::number(body.size())
                          + "\r\nConnection: close\r\n\r\n" + body);
}

QStringList history(quint16 port, const QByteArray &room)
{
    QStringList texts;
    const QJsonArray messages
        = QJsonDocument::fromJson(get(port, "/rooms/" + room + "/messages/").body)
              .object()
              .value(u"messages"_s)
              .toArray();
    for (const QJsonValue &message : messages)
        texts.prepend(message.toObject().value(u"text"_s).toString());
    return texts;
}

} // namespace

class TestIdempotency : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void repeatIsReplayedNotStored();
    void differentBodyIsAConflict();
    void keysArePerRoom();
    void repeatsInOneBatchAreOne();
    void malformedKeys_data();
    void malformedKeys();
    void survivesSigkill();

private:
    ServerProcess m_server { kUnlimitedPosting };
};

void TestIdempotency::initTestCase()
{
    QVERIFY2(m_server.start(), m_server.output().constData());
}

void TestIdempotency::cleanupTestCase()
{
    QCOMPARE(m_server.terminate(), 0);
}

void TestIdempotency::repeatIsReplayedNotStored()
{
    SseTestClient stream;
    stream.open(m_server.port(), "/rooms/once/events/");
    QVERIFY(stream.waitUntilOpen(kWait));
    const HttpResponse first
        = postWithKey(m_server.port(), "once", "k-1", "from=alice&text=only%20once");
    QCOMPARE(first.status, 200);
    QVERIFY(first.header("idempotent-replayed").isEmpty());
    // The answer was lost, say: the client sends again, with the same key.
    const HttpResponse again
        = postWithKey(m_server.port(), "once", "k-1", "from=alice&text=only%20once");
    QCOMPARE(again.status, 200);
    QCOMPARE(again.header("idempotent-replayed"), "true");
    QCOMPARE(again.body, first.body); // the original message, id and date included
    QCOMPARE(history(m_server.port(), "once"), QStringList { u"only once"_s });
    // One event on the stream: a marker posted after the repeat arrives as the second.
    QCOMPARE(postForm(m_server.port(), u"once"_s, u"bob"_s, u"marker"_s).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(messageTexts(stream.eventsOfType("message")),
                              (QStringList { u"only once"_s, u"marker"_s }), kWait);
}

void TestIdempotency::differentBodyIsAConflict()
{
    QCOMPARE(postWithKey(m_server.port(), "conflict", "k-2", "from=alice&text=one").status, 200);
    for (const QByteArray body : { "from=alice&text=two", "from=mallory&text=one" }) {
        const HttpResponse conflict = postWithKey(m_server.port(), "conflict", "k-2", body);
        QCOMPARE(conflict.status, 422);
        QVERIFY(conflict.errorMessage().contains(u"Idempotency-Key"_s));
    }
    QCOMPARE(history(m_server.port(), "conflict"), QStringList { u"one"_s });
}

void TestIdempotency::keysArePerRoom()
{
    QCOMPARE(postWithKey(m_server.port(), "room-a", "shared", "from=a&text=x").status, 200);
    const HttpResponse other = postWithKey(m_server.port(), "room-b", "shared", "from=a&text=x");
    QCOMPARE(other.status, 200);
    QVERIFY(other.header("idempotent-replayed").isEmpty());
    QCOMPARE(history(m_server.port(), "room-b"), QStringList { u"x"_s });
}

void TestIdempotency::repeatsInOneBatchAreOne()
{
    // Pipelined on one connection, the repeats reach the same group commit.
    QByteArray requests;
    const QByteArray body = "from=alice&text=burst";
    for (int i = 0; i < 3; ++i)
        requests += "POST /rooms/batch/messages/ HTTP/1.1\r\nHost: x\r\nIdempotency-Key: "
                    "k-batch\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    "Content-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    const HttpResponse first = rawRequest(m_server.port(), requests);
    QCOMPARE(first.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(history(m_server.port(), "batch"), QStringList { u"burst"_s }, kWait);
    QCOMPARE(postWithKey(m_server.port(), "batch", "k-batch", body).header("idempotent-replayed"),
             "true");
}

void TestIdempotency::malformedKeys_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::newRow("empty") << QByteArray("");
    QTest::newRow("129 characters") << QByteArray(129, 'k');
    QTest::newRow("not ascii") << QByteArray("cl\xc3\xa9");
}

void TestIdempotency::malformedKeys()
{
    QFETCH(QByteArray, key);
    const HttpResponse response = postWithKey(m_server.port(), "keys", key, "from=a&text=x");
    QCOMPARE(response.status, 400);
    QCOMPARE(response.errorMessage(),
             u"Idempotency-Key must be 1 to 128 printable ASCII characters"_s);
    QCOMPARE(postWithKey(m_server.port(), "keys", QByteArray(128, '~'), "from=a&text=x").status,
             200);
}

void TestIdempotency::survivesSigkill()
{
    ServerProcess server(kUnlimitedPosting);
    QVERIFY2(server.start(), server.output().constData());
    const HttpResponse first = postWithKey(server.port(), "crash", "k-3", "from=a&text=durable");
    QCOMPARE(first.status, 200);
    server.kill();
    QVERIFY2(server.start(), server.output().constData()); // the same database
    const HttpResponse again = postWithKey(server.port(), "crash", "k-3", "from=a&text=durable");
    QCOMPARE(again.status, 200);
    QCOMPARE(again.header("idempotent-replayed"), "true");
    QCOMPARE(again.body, first.body);
    QCOMPARE(history(server.port(), "crash"), QStringList { u"durable"_s });
    QCOMPARE(server.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestIdempotency)
#include "tst_idempotency.moc"
