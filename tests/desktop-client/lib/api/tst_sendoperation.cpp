// SendOperation against a scripted server: one Idempotency-Key for the message, sent with every
// attempt; an attempt without an answer is tried again; a replayed answer is a success like any
// other; a refusal (422: the key with another body) is not tried again.
#include "desktop-client/lib/api/chatapi.h"
#include "desktop-client/lib/api/sendoperation.h"
#include "tests/desktop-client/lib/scriptedhttpserver.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace chat::desktop;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 10000;

QByteArray answer(const QByteArray &status, const QByteArray &body,
                  const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 " + status
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n" + extraHeaders + "\r\n" + body;
}

const QByteArray kStored
    = R"({"id": 42, "from": "alice", "date": "2025-01-02T03:04:05.678Z", "text": "a+b & c"})";

} // namespace

class TestSendOperation : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void oneKeyForEveryAttempt();
    void keysAreFreshPerMessage();
    void aRefusalIsFinal();

private:
    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<ChatApi> m_api;
};

void TestSendOperation::init()
{
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
    m_api = std::make_unique<ChatApi>(QUrl(u"http://127.0.0.1:%1"_s.arg(m_server->port())));
}

void TestSendOperation::oneKeyForEveryAttempt()
{
    // The first attempt reaches the server, which stores the message, but the answer is lost
    // (the connection drops); then a 502 from a proxy; then the replay of the stored message.
    connect(m_server.get(), &ScriptedHttpServer::requestReceived, this, [this](int n) {
        if (n == 0) {
            m_server->connection(n)->abort();
        } else if (n == 1) {
            m_server->write(n, answer("502 Bad Gateway", R"({"error": "origin down"})"));
            m_server->close(n);
        } else {
            m_server->write(n, answer("200 OK", kStored, "Idempotent-Replayed: true\r\n"));
            m_server->close(n);
        }
    });
    SendOperation send(m_api.get(), u"r&d"_s, u"alice"_s, u"a+b & c"_s);
    send.setRetryPolicy({ 0, 10, 20, ApiRequest::Retry::TransientFailures });
    QSignalSpy finished(&send, &ApiRequest::finished);
    send.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWait);
    QCOMPARE(send.state(), ApiRequest::State::Succeeded);
    QVERIFY(send.wasReplayed());
    QCOMPARE(send.message().id, 42);
    QCOMPARE(send.message().room, u"r&d"_s);

    // Qt may resend a request on a dropped keep-alive connection itself: at least three.
    QVERIFY(m_server->requestCount() >= 3);
    QVERIFY(QRegularExpression(u"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"_s)
                .match(send.key())
                .hasMatch());
    for (int n = 0; n < m_server->requestCount(); ++n) {
        QVERIFY(m_server->head(n).startsWith("POST /rooms/r%26d/messages/ HTTP/1.1\r\n"));
        QCOMPARE(m_server->header(n, "Idempotency-Key"), send.key().toLatin1());
        QCOMPARE(m_server->header(n, "Content-Type"),
                 QByteArray("application/x-www-form-urlencoded"));
        QCOMPARE(m_server->body(n), QByteArray("from=alice&text=a%2Bb%20%26%20c"));
    }
}

void TestSendOperation::keysAreFreshPerMessage()
{
    SendOperation a(m_api.get(), u"r"_s, u"alice"_s, u"same text"_s);
    SendOperation b(m_api.get(), u"r"_s, u"alice"_s, u"same text"_s);
    QVERIFY(a.key() != b.key()); // the same words twice are two messages
    SendOperation given(m_api.get(), u"r"_s, u"alice"_s, u"x"_s, u"from-the-outbox"_s);
    QCOMPARE(given.key(), u"from-the-outbox"_s);
    QVERIFY(!a.wasReplayed()); // nothing answered yet
}

void TestSendOperation::aRefusalIsFinal()
{
    connect(m_server.get(), &ScriptedHttpServer::requestReceived, this, [this](int n) {
        m_server->write(
            n,
            answer("422 Unprocessable Entity",
                   R"({"error": "this Idempotency-Key was used for another message"})"));
        m_server->close(n);
    });
    SendOperation send(m_api.get(), u"r"_s, u"alice"_s, u"x"_s);
    send.setRetryPolicy({ 0, 10, 20, ApiRequest::Retry::TransientFailures });
    QSignalSpy finished(&send, &ApiRequest::finished);
    send.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWait);
    QCOMPARE(send.state(), ApiRequest::State::Failed);
    QCOMPARE(send.httpStatus(), 422);
    QCOMPARE(send.errorString(), u"this Idempotency-Key was used for another message"_s);
    QCOMPARE(m_server->requestCount(), 1);
}

QTEST_GUILESS_MAIN(TestSendOperation)
#include "tst_sendoperation.moc"
