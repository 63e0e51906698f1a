// ApiRequest's own retry schedule, against a scripted server: what is retried (no answer, 5xx,
// 429) and what is not (other 4xx, a malformed answer), Retry-After as a floor, the attempt
// limit, and starting again by hand after a final failure.
#include "desktop-client/lib/api/chatapi.h"
#include "desktop-client/lib/api/historyrequest.h"
#include "tests/desktop-client/lib/scriptedhttpserver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace chat::desktop;

namespace {

constexpr int kWait = 10000;

QByteArray answer(const QByteArray &status, const QByteArray &body,
                  const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 " + status
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n" + extraHeaders + "\r\n" + body;
}

const QByteArray kHistory = R"({"messages": [], "last-event-id": "room-r:0"})";

} // namespace

class TestApiRequest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void retriesAfterServerErrorsHonouringRetryAfter();
    void doesNotRetryAClientError();
    void stopsAtTheAttemptLimit();
    void noRetriesWithoutAPolicy();

private:
    // Answers each request with the next of `answers` (the last one from then on).
    void script(const QList<QByteArray> &answers);

    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<ChatApi> m_api;
};

void TestApiRequest::init()
{
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
    m_api = std::make_unique<ChatApi>(
        QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port())));
}

void TestApiRequest::script(const QList<QByteArray> &answers)
{
    connect(m_server.get(), &ScriptedHttpServer::requestReceived, this, [this, answers](int n) {
        m_server->write(n, answers.value(n, answers.last()));
        m_server->close(n);
    });
}

void TestApiRequest::retriesAfterServerErrorsHonouringRetryAfter()
{
    script({ answer("503 Service Unavailable", R"({"error": "the message store is unavailable"})",
                    "Retry-After: 1\r\n"),
             answer("429 Too Many Requests", R"({"error": "slow down"})"),
             answer("200 OK", kHistory) });
    HistoryRequest request(m_api.get(), QStringLiteral("r"));
    request.setRetryPolicy({ 0, 10, 20 });
    request.setRandomSource([] { return 0.0; });
    QSignalSpy failedAttempts(&request, &ApiRequest::attemptFailed);
    QSignalSpy finished(&request, &ApiRequest::finished);
    QElapsedTimer clock;
    clock.start();
    request.start();
    QTRY_COMPARE_WITH_TIMEOUT(failedAttempts.size(), 1, kWait);
    QCOMPARE(request.state(), ApiRequest::State::Waiting);
    QCOMPARE(request.errorString(), QStringLiteral("the message store is unavailable"));
    QVERIFY(request.msUntilRetry() > 500); // Retry-After: 1 is a floor over the 10 ms step
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWait);
    QCOMPARE(request.state(), ApiRequest::State::Succeeded);
    QCOMPARE(request.attempts(), 3);
    QCOMPARE(m_server->requestCount(), 3);
    QVERIFY(clock.elapsed() >= 1000);
    QCOMPARE(request.lastEventId(), "room-r:0");
}

void TestApiRequest::doesNotRetryAClientError()
{
    script({ answer("400 Bad Request", R"({"error": "room name must not be empty"})") });
    HistoryRequest request(m_api.get(), QStringLiteral("r"));
    request.setRetryPolicy({ 0, 10, 20 });
    QSignalSpy finished(&request, &ApiRequest::finished);
    request.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWait);
    QCOMPARE(request.state(), ApiRequest::State::Failed);
    QCOMPARE(request.httpStatus(), 400);
    QCOMPARE(request.errorString(), QStringLiteral("room name must not be empty"));
    QCOMPARE(m_server->requestCount(), 1);
}

void TestApiRequest::stopsAtTheAttemptLimit()
{
    script({ answer("500 Internal Server Error", "{}") });
    HistoryRequest request(m_api.get(), QStringLiteral("r"));
    request.setRetryPolicy({ 3, 10, 20 });
    QSignalSpy finished(&request, &ApiRequest::finished);
    request.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWait);
    QCOMPARE(request.state(), ApiRequest::State::Failed);
    QCOMPARE(m_server->requestCount(), 3);
    QCOMPARE(request.errorString(),
             QStringLiteral("the server answered HTTP 500 Internal Server Error"));

    request.start(); // by hand, after the final failure: a fresh schedule
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, kWait);
    QCOMPARE(m_server->requestCount(), 6);
}

void TestApiRequest::noRetriesWithoutAPolicy()
{
    // Nothing listens here any more: a network failure, which is retriable, but the default
    // policy makes one attempt.
    const quint16 port = m_server->port();
    m_server.reset();
    ChatApi api(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    HistoryRequest request(&api, QStringLiteral("r"));
    QSignalSpy finished(&request, &ApiRequest::finished);
    request.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWait);
    QCOMPARE(request.state(), ApiRequest::State::Failed);
    QCOMPARE(request.httpStatus(), 0);
    QVERIFY(!request.errorString().isEmpty());
    QCOMPARE(request.attempts(), 1);
}

QTEST_GUILESS_MAIN(TestApiRequest)
#include "tst_apirequest.moc"
