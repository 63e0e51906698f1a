// The room requests against a scripted server, byte for byte: the rooms directory (paging with
// an encoded room name), the online list, presence heartbeats and goodbyes, typing notices and
// how often TypingReporter sends them.
#include "desktop-client/lib/api/chatapi.h"
#include "desktop-client/lib/api/presencerequest.h"
#include "desktop-client/lib/api/presenceupdate.h"
#include "desktop-client/lib/api/roomdirectoryrequest.h"
#include "desktop-client/lib/api/typingnotice.h"
#include "desktop-client/lib/typingreporter.h"
#include "tests/desktop-client/lib/scriptedhttpserver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace chat::desktop;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 10000;

QByteArray answer(const QByteArray &status, const QByteArray &body)
{
    return "HTTP/1.1 " + status + "\r\nContent-Length: " + QByteArray::number(body.size())
        + (body.isEmpty() ? QByteArray() : "\r\nContent-Type: application/json")
        + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

class TestRoomRequests : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void directoryPageAfterARoom();
    void directoryRejectsAnotherAnswer();
    void onlineList();
    void heartbeatAndGoodbye();
    void typingNoticeAtMostEveryTwoSeconds();

private:
    void answerAll(const QByteArray &response);
    template<typename Request> void run(Request &request);

    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<ChatApi> m_api;
};

void TestRoomRequests::init()
{
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
    m_api = std::make_unique<ChatApi>(QUrl(u"http://127.0.0.1:%1/"_s.arg(m_server->port())));
}

void TestRoomRequests::answerAll(const QByteArray &response)
{
    connect(m_server.get(), &ScriptedHttpServer::requestReceived, this, [this, response](int n) {
        m_server->write(n, response);
        m_server->close(n);
    });
}

template<typename Request> void TestRoomRequests::run(Request &request)
{
    QSignalSpy finished(&request, &ApiRequest::finished);
    request.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWait);
}

void TestRoomRequests::directoryPageAfterARoom()
{
    answerAll(answer("200 OK", R"({"rooms": [
        {"name": "busy", "messages": 1200, "last-message-at": "2025-01-02T03:04:05.678Z", "online": 4},
        {"name": "caf\u00e9 + co", "messages": 1, "last-message-at": "2025-01-01T00:00:00Z", "online": 0}
    ]})"));
    RoomDirectoryRequest request(m_api.get(), u"a&b+c #%é/x"_s);
    run(request);
    QCOMPARE(request.state(), ApiRequest::State::Succeeded);
    // '+' and '&' encoded: a form decoder would read them as a space and a separator.
    QVERIFY2(m_server->head(0).startsWith(
                 "GET /rooms/?limit=50&before=a%26b%2Bc%20%23%25%C3%A9%2Fx HTTP/1.1\r\n"),
             m_server->head(0).constData());
    QCOMPARE(request.rooms().size(), 2);
    QCOMPARE(request.rooms().at(0),
             (RoomDirectoryRequest::Room {
                 u"busy"_s, 1200, QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5, 678), Qt::UTC), 4 }));
    QCOMPARE(request.rooms().at(1).name, u"café + co"_s);
    QVERIFY(!request.mayHaveMore()); // fewer than a page
}

void TestRoomRequests::directoryRejectsAnotherAnswer()
{
    answerAll(answer("200 OK", R"({"messages": []})"));
    RoomDirectoryRequest request(m_api.get());
    run(request);
    QCOMPARE(request.state(), ApiRequest::State::Failed);
    QCOMPARE(request.errorString(), u"the rooms directory has no room list"_s);
    QVERIFY(m_server->head(0).startsWith("GET /rooms/?limit=50 HTTP/1.1\r\n"));
    QVERIFY(!RoomDirectoryRequest::parseRooms(R"({"rooms": [{"messages": 1}]})"));
}

void TestRoomRequests::onlineList()
{
    answerAll(answer("200 OK", R"({"online": [{"from": "alice", "since": "2025-01-02T03:04:05Z"},
                                              {"from": "<b>bob</b>", "since": "2025-01-02T03:04:06Z"}]})"));
    PresenceRequest request(m_api.get(), u"r/1"_s);
    run(request);
    QCOMPARE(request.state(), ApiRequest::State::Succeeded);
    QVERIFY(m_server->head(0).startsWith("GET /rooms/r%2F1/presence/ HTTP/1.1\r\n"));
    QCOMPARE(request.online().size(), 2);
    QCOMPARE(request.online().at(1).nickname, u"<b>bob</b>"_s);
    QCOMPARE(request.online().at(0).since, QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC));
    QVERIFY(!PresenceRequest::parseOnline(R"({"online": [{"since": "x"}]})"));
}

void TestRoomRequests::heartbeatAndGoodbye()
{
    answerAll(answer("204 No Content", {}));
    PresenceUpdate heartbeat(m_api.get(), u"r"_s, u"a&b"_s, PresenceUpdate::Status::Online);
    run(heartbeat);
    QCOMPARE(heartbeat.state(), ApiRequest::State::Succeeded);
    QVERIFY(m_server->head(0).startsWith("POST /rooms/r/presence/ HTTP/1.1\r\n"));
    QCOMPARE(m_server->body(0), QByteArray("from=a%26b"));

    PresenceUpdate goodbye(m_api.get(), u"r"_s, u"a&b"_s, PresenceUpdate::Status::Offline);
    run(goodbye);
    QCOMPARE(goodbye.state(), ApiRequest::State::Succeeded);
    QCOMPARE(m_server->body(1), QByteArray("from=a%26b&status=offline"));

    // A goodbye gives up soon when nothing answers.
    disconnect(m_server.get(), nullptr, this, nullptr);
    PresenceUpdate unanswered(m_api.get(), u"r"_s, u"a"_s, PresenceUpdate::Status::Offline);
    unanswered.setTimeoutMs(200);
    QElapsedTimer clock;
    clock.start();
    run(unanswered);
    QCOMPARE(unanswered.state(), ApiRequest::State::Failed);
    QVERIFY(clock.elapsed() < 5000);
}

void TestRoomRequests::typingNoticeAtMostEveryTwoSeconds()
{
    answerAll(answer("204 No Content", {}));
    TypingNotice notice(m_api.get(), u"r"_s, u"alice"_s);
    run(notice);
    QCOMPARE(notice.state(), ApiRequest::State::Succeeded);
    QVERIFY(m_server->head(0).startsWith("POST /rooms/r/typing/ HTTP/1.1\r\n"));
    QCOMPARE(m_server->body(0), QByteArray("from=alice"));

    qint64 now = 10'000;
    TypingReporter reporter(m_api.get(), u"r"_s, u"alice"_s);
    reporter.setClock([&now] { return now; });
    QVERIFY(!reporter.composing(QString())); // an empty composer says nothing
    QVERIFY(!reporter.composing(u"  \n"_s));
    QVERIFY(reporter.composing(u"h"_s));
    QTRY_COMPARE(m_server->requestCount(), 2);
    QTRY_VERIFY(!reporter.isSending());
    now += 500;
    QVERIFY(!reporter.composing(u"he"_s));
    now += 1499;
    QVERIFY(!reporter.composing(u"hel"_s));
    now += 1;
    QVERIFY(reporter.composing(u"hell"_s)); // 2 s after the last one
    QTRY_COMPARE(m_server->requestCount(), 3);
    QTRY_VERIFY(!reporter.isSending());
    now += 10'000;
    QVERIFY(reporter.composing(u"hello"_s));
    QTRY_COMPARE(m_server->requestCount(), 4);
    QCOMPARE(reporter.sent(), 3);
}

QTEST_GUILESS_MAIN(TestRoomRequests)
#include "tst_roomrequests.moc"
