// RoomSession against a scripted server: what each event type of the room's stream does (and
// that unknown ones do nothing), and our sends: one at a time in order, each kept in the outbox
// until the server has acknowledged it, retried after failures that can pass, given up (and
// forgotten) when refused, sent with the key they were first given.
#include "desktop-client/lib/api/chatapi.h"
#include "desktop-client/lib/outbox.h"
#include "desktop-client/lib/roomsession.h"
#include "tests/desktop-client/lib/scriptedhttpserver.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace chat;
using namespace chat::desktop;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 10000;

QByteArray answer(const QByteArray &status, const QByteArray &body,
                  const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 " + status + "\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nContent-Type: application/json\r\nConnection: close\r\n" + extraHeaders + "\r\n"
        + body;
}

QByteArray stored(qint64 id, const QByteArray &text)
{
    return R"({"id": )" + QByteArray::number(id)
        + R"(, "from": "me", "date": "2025-01-02T03:04:05Z", "text": ")" + text + "\"}";
}

SseEvent sse(const QByteArray &type, const QByteArray &data, const QByteArray &id = {})
{
    return { type, id, data, {} };
}

MessageListModel::Delivery delivery(MessageListModel *model, int row)
{
    return model->index(row)
        .data(MessageListModel::DeliveryRole)
        .value<MessageListModel::Delivery>();
}

} // namespace

class TestRoomSession : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void eventTypes();
    void streamErrorResumesFromTheHistory();
    void sendsAreKeptUntilAcknowledged();
    void sendsGoOneAtATimeInOrder();
    void adoptedMessagesKeepTheirKeys();
    void leavingThrowsUnsentAway();

private:
    // Answers everything but message posts like a quiet room; posts go to m_posts.
    void serveRoom();
    Outbox::Entry keptEntry(int index) const;

    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<ChatApi> m_api;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Outbox> m_outbox;
    QList<int> m_posts; // request numbers of POST .../messages/, unanswered
};

void TestRoomSession::init()
{
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
    m_api = std::make_unique<ChatApi>(QUrl(u"http://127.0.0.1:%1"_s.arg(m_server->port())));
    m_dir = std::make_unique<QTemporaryDir>();
    m_outbox = std::make_unique<Outbox>(m_dir->filePath(u"outbox.json"_s));
    m_posts.clear();
}

void TestRoomSession::cleanup()
{
    m_outbox.reset();
    m_api.reset();
    m_server.reset();
}

void TestRoomSession::serveRoom()
{
    connect(m_server.get(), &ScriptedHttpServer::requestReceived, this, [this](int n) {
        const QByteArray line = m_server->head(n).left(m_server->head(n).indexOf('\r'));
        if (line.startsWith("POST /rooms/r/messages/")) {
            m_posts.append(n);
            return;
        }
        if (line.startsWith("GET /rooms/r/events/")) {
            m_server->write(
                n, QByteArray(ScriptedHttpServer::kSseHead) + "event: stream-open\ndata: \n\n");
            return; // held open
        }
        if (line.startsWith("GET /rooms/r/messages/"))
            m_server->write(n,
                            answer("200 OK", R"({"messages": [], "last-event-id": "room-r:0"})"));
        else if (line.startsWith("GET /rooms/r/presence/"))
            m_server->write(
                n,
                answer("200 OK",
                       R"({"online": [{"from": "me", "since": "2025-01-02T03:04:05Z"}]})"));
        else
            m_server->write(n, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        m_server->close(n);
    });
}

Outbox::Entry TestRoomSession::keptEntry(int index) const
{
    Outbox onDisk(m_outbox->path());
    if (!onDisk.load() || index >= onDisk.entries().size())
        return {};
    return onDisk.entries().at(index);
}

void TestRoomSession::eventTypes()
{
    serveRoom();
    RoomSession session(m_api.get(), u"r"_s, u"me"_s);
    session.start();
    QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), EventStream::State::Connected, kWait);
    QTRY_COMPARE(session.online()->nicknames(), QStringList { u"me"_s });
    QTest::qWait(300); // the lists asked for at the start have come
    QTRY_VERIFY(!session.online()->isRefreshing());
    EventStream *stream = session.stream();
    QSignalSpy arrived(&session, &RoomSession::messageArrived);

    emit stream->eventReceived(sse("presence", R"({"from": "bob", "status": "online"})"));
    emit stream->eventReceived(sse("typing", R"({"from": "bob"})"));
    emit stream->eventReceived(sse("typing", R"({"from": "me"})")); // ours, come back
    QCOMPARE(session.online()->nicknames(), (QStringList { u"bob"_s, u"me"_s }));
    QCOMPARE(session.typing()->text(), u"bob is typing…"_s);

    // What this client does not know is passed over, whatever it carries.
    emit stream->eventReceived(sse("reaction", R"({"from": "bob", "emoji": "👍"})"));
    emit stream->eventReceived(sse("typing", "not json"));
    emit stream->eventReceived(sse("presence", R"({"from": "bob", "status": "away"})"));
    QCOMPARE(session.online()->nicknames(), (QStringList { u"bob"_s, u"me"_s }));
    QCOMPARE(session.messages()->rowCount(), 0);

    // His message ends his typing.
    emit stream->eventReceived(
        sse("message", R"({"id": 7, "from": "bob", "date": "2025-01-02T03:04:05Z", "text": "hi"})",
            "room-r:1"));
    QCOMPARE(arrived.size(), 1);
    QVERIFY(session.typing()->isEmpty());
    emit stream->eventReceived(sse("typing", R"({"from": "bob"})"));
    emit stream->eventReceived(sse("presence", R"({"from": "bob", "status": "offline"})"));
    QCOMPARE(session.online()->nicknames(), QStringList { u"me"_s });
    QVERIFY(session.typing()->isEmpty()); // gone: not typing either

    // The operator removed his message: it goes (the stream's own id handling moves the
    // last event id past the removal, as for any event with an id: tst_clienteventstream).
    emit stream->eventReceived(sse("message-deleted", R"({"id": 7})", "room-r:2"));
    QCOMPARE(session.messages()->rowCount(), 0);
    emit stream->eventReceived(sse("message-deleted", R"({"id": "seven"})", "room-r:3"));
    QCOMPARE(session.messages()->rowCount(), 0);
}

void TestRoomSession::streamErrorResumesFromTheHistory()
{
    // The server cannot resume the stream: a stream-error frame, whose id ("error") is no
    // place to resume from (the server answers 400 to it), then the end. The history is loaded
    // again and the stream goes on from its last-event-id.
    QList<QByteArray> resumedFrom;
    int histories = 0;
    connect(m_server.get(), &ScriptedHttpServer::requestReceived, this, [&, this](int n) {
        const QByteArray head = m_server->head(n);
        if (head.startsWith("GET /rooms/r/events/")) {
            resumedFrom.append(m_server->header(n, "Last-Event-ID"));
            m_server->write(n, QByteArray(ScriptedHttpServer::kSseHead) + "retry: 50\n\n");
            if (resumedFrom.size() == 1) {
                m_server->write(n,
                                "event: stream-error\nid: error\ndata: {\"condition\": "
                                "\"bad-request\", \"text\": \"cannot resume\"}\n\n");
                m_server->close(n);
            }
            return;
        }
        if (head.startsWith("GET /rooms/r/messages/")) {
            m_server->write(n,
                            answer("200 OK",
                                   R"({"messages": [], "last-event-id": "room-r:)"
                                       + QByteArray::number(++histories * 5) + "\"}"));
        } else if (head.startsWith("GET /rooms/r/presence/")) {
            m_server->write(n, answer("200 OK", R"({"online": []})"));
        } else {
            m_server->write(n, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        }
        m_server->close(n);
    });
    RoomSession session(m_api.get(), u"r"_s, u"me"_s);
    session.start();
    QTRY_COMPARE_WITH_TIMEOUT(resumedFrom.size(), 2, kWait);
    QCOMPARE(resumedFrom.at(0), QByteArray("room-r:5"));
    QCOMPARE(histories, 2);
    QCOMPARE(resumedFrom.at(1), QByteArray("room-r:10")); // not "error"
    QTRY_COMPARE(session.connectionState(), EventStream::State::Connected);
}

void TestRoomSession::sendsAreKeptUntilAcknowledged()
{
    serveRoom();
    RoomSession session(m_api.get(), u"r"_s, u"me"_s);
    session.setOutbox(m_outbox.get());
    session.start();
    MessageListModel *model = session.messages();

    const int local = session.send(u"hello"_s);
    QCOMPARE(keptEntry(0).text, u"hello"_s); // on disk before it is sent
    const QString key = keptEntry(0).key;
    QTRY_COMPARE(m_posts.size(), 1);
    // The server cannot store it now: the message waits, still kept, and goes again.
    m_server->write(
        m_posts.at(0),
        answer("503 Service Unavailable", R"({"error": "disk full"})", "Retry-After: 1\r\n"));
    m_server->close(m_posts.at(0));
    QTRY_COMPARE(delivery(model, 0), MessageListModel::Delivery::Waiting);
    QCOMPARE(model->index(0).data(MessageListModel::ErrorRole).toString(), u"disk full"_s);
    QCOMPARE(keptEntry(0).key, key);
    QTRY_COMPARE_WITH_TIMEOUT(m_posts.size(), 2, kWait);
    QCOMPARE(m_server->header(m_posts.at(1), "Idempotency-Key"), key.toLatin1());
    m_server->write(m_posts.at(1), answer("200 OK", stored(5, "hello")));
    m_server->close(m_posts.at(1));
    QTRY_COMPARE(model->storedCount(), 1);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(session.unsentCount(), 0);
    QTRY_VERIFY(m_outbox->entries().isEmpty());
    QVERIFY(keptEntry(0).key.isEmpty()); // and so is the file

    // Refused: failed, and forgotten (it would be refused again at the next start)...
    const int refused = session.send(u"bad"_s);
    QTRY_COMPARE(m_posts.size(), 3);
    m_server->write(m_posts.at(2), answer("400 Bad Request", R"({"error": "no"})"));
    m_server->close(m_posts.at(2));
    QTRY_COMPARE(delivery(model, 1), MessageListModel::Delivery::Failed);
    QVERIFY(m_outbox->entries().isEmpty());
    QCOMPARE(session.unsentCount(), 1);
    // ...until a click sends it again, and keeps it again.
    session.retry(refused);
    QCOMPARE(m_outbox->entries().size(), 1);
    QCOMPARE(delivery(model, 1), MessageListModel::Delivery::Pending);
    QTRY_COMPARE(m_posts.size(), 4);
    m_server->write(m_posts.at(3), answer("200 OK", stored(6, "bad")));
    m_server->close(m_posts.at(3));
    QTRY_COMPARE(model->storedCount(), 2);
    QVERIFY(m_outbox->entries().isEmpty());
    Q_UNUSED(local);
}

void TestRoomSession::sendsGoOneAtATimeInOrder()
{
    serveRoom();
    RoomSession session(m_api.get(), u"r"_s, u"me"_s);
    session.start();
    session.send(u"one"_s);
    session.send(u"two"_s);
    session.send(u"three"_s);
    QTRY_COMPARE(m_posts.size(), 1);
    QTest::qWait(100);
    QCOMPARE(m_posts.size(), 1); // the next waits for this one's answer
    // No answer at all (the connection drops): it goes again, before the others.
    m_server->connection(m_posts.at(0))->abort();
    QTRY_COMPARE_WITH_TIMEOUT(m_posts.size(), 2, kWait);
    QVERIFY(m_server->body(m_posts.at(1)).endsWith("text=one"));
    for (int i = 1; i <= 3; ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(m_posts.size(), i + 1, kWait);
        const QByteArray text = QList<QByteArray> { "one", "two", "three" }.at(i - 1);
        QVERIFY(m_server->body(m_posts.at(i)).endsWith("text=" + text));
        m_server->write(m_posts.at(i), answer("200 OK", stored(10 + i, text)));
        m_server->close(m_posts.at(i));
    }
    QTRY_COMPARE(session.messages()->storedCount(), 3);
    QCOMPARE(session.messages()->ids(), (QList<qint64> { 11, 12, 13 }));
}

void TestRoomSession::adoptedMessagesKeepTheirKeys()
{
    serveRoom();
    const QDateTime written(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC);
    QVERIFY(m_outbox->add({ u"key-a"_s, u"r"_s, u"me"_s, u"from before"_s, written }));
    QVERIFY(m_outbox->add({ u"key-b"_s, u"r"_s, u"someone else"_s, u"not ours"_s, written }));
    RoomSession session(m_api.get(), u"r"_s, u"me"_s);
    session.setOutbox(m_outbox.get());
    session.adopt(m_outbox->entries());
    session.adopt(m_outbox->entries()); // once only
    QCOMPARE(session.messages()->rowCount(), 1);
    QCOMPARE(session.messages()->index(0).data(MessageListModel::DateRole).toDateTime(),
             written.toLocalTime());
    session.start();
    QTRY_COMPARE(m_posts.size(), 1);
    QCOMPARE(m_server->header(m_posts.at(0), "Idempotency-Key"), QByteArray("key-a"));
    m_server->write(m_posts.at(0),
                    answer("200 OK", stored(3, "from before"), "Idempotent-Replayed: true\r\n"));
    m_server->close(m_posts.at(0));
    QTRY_COMPARE(session.messages()->storedCount(), 1);
    QCOMPARE(m_outbox->entries().size(), 1); // bob's stays for bob
    QCOMPARE(m_outbox->entries().at(0).key, u"key-b"_s);
}

void TestRoomSession::leavingThrowsUnsentAway()
{
    serveRoom();
    RoomSession session(m_api.get(), u"r"_s, u"me"_s);
    session.setOutbox(m_outbox.get());
    session.start();
    session.send(u"never mind"_s);
    QCOMPARE(m_outbox->entries().size(), 1);
    QTRY_COMPARE(m_posts.size(), 1);
    session.leave(1000);
    QVERIFY(m_outbox->entries().isEmpty());
    // The goodbye: a presence post with status=offline.
    const auto goodbyes = [this] {
        int count = 0;
        for (int n = 0; n < m_server->requestCount(); ++n) {
            count += m_server->head(n).startsWith("POST /rooms/r/presence/")
                    && m_server->body(n) == "from=me&status=offline"
                ? 1
                : 0;
        }
        return count;
    };
    QTRY_COMPARE(goodbyes(), 1);
}

QTEST_GUILESS_MAIN(TestRoomSession)
#include "tst_roomsession.moc"
