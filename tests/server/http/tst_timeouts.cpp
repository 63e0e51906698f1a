// Slow and idle clients against a real chat-server with 600 ms timeouts: a head sent a byte
// at a time is cut at its deadline (not reset by each byte), a connection that sends nothing
// and a body that trickles in get 408, an idle keep-alive connection is closed quietly, and an
// open stream is exempt from all of them.
#include "tests/support/httptestclient.h"
#include "tests/support/rawclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/ssetestclient.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace chat;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 10000;
constexpr int kTimeoutMs = 600; // the head, body and idle timeouts the server runs with

QJsonObject health(quint16 port)
{
    return QJsonDocument::fromJson(get(port, "/healthz").body).object();
}

} // namespace

class TestTimeouts : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void slowHeadIsCutAtItsDeadline();
    void silentConnectionIsCut();
    void slowBodyIsCut();
    void idleKeepAliveIsClosed();
    void openStreamsAreExempt();

private:
    quint16 port() const { return m_server.port(); }

    ServerProcess m_server { { u"--header-timeout-ms"_s, QString::number(kTimeoutMs),
                               u"--body-timeout-ms"_s, QString::number(kTimeoutMs),
                               u"--idle-timeout-ms"_s, QString::number(kTimeoutMs),
                               u"--keep-alive-ms"_s, u"200"_s } };
};

void TestTimeouts::initTestCase()
{
    QVERIFY2(m_server.start(), m_server.output().constData());
}

void TestTimeouts::cleanupTestCase()
{
    QCOMPARE(m_server.terminate(), 0);
}

void TestTimeouts::slowHeadIsCutAtItsDeadline()
{
    // One byte every 100 ms: each byte arrives well within the timeout, the whole head not.
    RawClient client(port());
    QElapsedTimer clock;
    clock.start();
    const QByteArray head
        = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + QByteArray(100, 'a') + "\r\n\r\n";
    for (const char c : head) {
        if (client.closed)
            break;
        client.send(QByteArray(1, c));
        QTest::qWait(100);
    }
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, kWait);
    QVERIFY2(clock.elapsed() < kTimeoutMs + 2000, qPrintable(QString::number(clock.elapsed())));
    const HttpResponse response = parseResponse(client.received);
    QCOMPARE(response.status, 408);
    QVERIFY(response.errorMessage().contains(u"head"_s));
    QCOMPARE(response.header("connection"), "close");
}

void TestTimeouts::silentConnectionIsCut()
{
    RawClient client(port());
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, kWait);
    QCOMPARE(parseResponse(client.received).status, 408);
    QVERIFY(health(port()).value(u"refused"_s).toObject().value(u"headTimeouts"_s).toInt() >= 1);
}

void TestTimeouts::slowBodyIsCut()
{
    RawClient client(port());
    client.send("POST /rooms/slow/messages/ HTTP/1.1\r\nHost: x\r\nContent-Type: "
                "application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nfrom=a&text=");
    for (int i = 0; i < 30 && !client.closed; ++i) {
        client.send("x");
        QTest::qWait(100);
    }
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, kWait);
    const HttpResponse response = parseResponse(client.received);
    QCOMPARE(response.status, 408);
    QVERIFY(response.errorMessage().contains(u"body"_s));
    // Nothing of it was stored.
    QVERIFY(get(port(), "/rooms/slow/messages/").body.startsWith("{\"messages\": []"));
}

void TestTimeouts::idleKeepAliveIsClosed()
{
    RawClient client(port());
    client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(parseResponse(client.received).status == 200, kWait);
    const qsizetype answered = client.received.size();
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, kWait);
    QCOMPARE(client.received.size(), answered); // closed quietly, no 408 for an idle connection
}

void TestTimeouts::openStreamsAreExempt()
{
    SseTestClient stream;
    stream.open(port(), "/rooms/exempt/events/");
    QVERIFY(stream.waitUntilOpen(kWait));
    QTest::qWait(3 * kTimeoutMs);
    QVERIFY(!stream.ended());
    QVERIFY(stream.eventsOfType("keep-alive").size() >= 2);
    QCOMPARE(postForm(port(), u"exempt"_s, u"alice"_s, u"still here"_s).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(messageTexts(stream.eventsOfType("message")),
                              QStringList { u"still here"_s }, kWait);
}

QTEST_GUILESS_MAIN(TestTimeouts)
#include "tst_timeouts.moc"
