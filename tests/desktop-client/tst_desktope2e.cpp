// The desktop client's library against a real chat-server, directly and through a real Pushpin:
// two clients talk, the server dies and comes back, sends wait or fail and are retried, and every
// message ends up on screen exactly once; a message the operator removes leaves every screen. (The
// outbox and lost answers: tst_desktopoutbox; online lists, typing and the rooms directory:
// tst_desktoprooms.)
#include "desktop-client/lib/api/chatapi.h"
#include "desktop-client/lib/api/healthcheck.h"
#include "desktop-client/lib/chatclient.h"
#include "desktop-client/lib/roomsession.h"
#include "desktop-client/ui/messagedelegate.h"
#include "tests/support/httptestclient.h"
#include "tests/support/pushpinprocess.h"
#include "tests/support/serverprocess.h"
#include "tests/support/tcprelay.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace chat;
using namespace chat::desktop;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 20000; // Pushpin may hold an out-of-order item for up to 5 s
const QByteArray kOperatorToken = "desktop-e2e-operator-token";

QStringList texts(RoomSession *session)
{
    QStringList result;
    MessageListModel *model = session->messages();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row).data(MessageListModel::IdRole).toLongLong() > 0)
            result.append(model->index(row).data(MessageListModel::TextRole).toString());
    }
    return result;
}

bool live(RoomSession *session)
{
    return session->connectionState() == EventStream::State::Connected;
}

} // namespace

class TestDesktopE2e : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void healthCheckTellsAChatServer();
    void twoClientsExchangeMessages_data() { topologies(); }
    void twoClientsExchangeMessages();
    void historyThenLiveWithoutGapOrDuplicate_data() { topologies(); }
    void historyThenLiveWithoutGapOrDuplicate();
    void serverRestartLosesNothing_data() { topologies(); }
    void serverRestartLosesNothing();
    void htmlArrivesLiterally();
    void failedSendShowsReasonAndRetrySucceeds();
    void rateLimitedSendWaitsAndIsSentOnce();
    void removedMessageLeavesEveryScreen_data() { topologies(); }
    void removedMessageLeavesEveryScreen();

private:
    void topologies();
    QUrl url(quint16 port) const { return QUrl(u"http://127.0.0.1:%1"_s.arg(port)); }
    quint16 port() const; // the fetched topology's
    QString freshRoom(const QString &stem);

    QString tokenFile() const { return m_secrets.filePath(u"admin-token"_s); }

    QTemporaryDir m_secrets; // before the server, whose arguments name its file
    PushpinProcess m_pushpin;
    ServerProcess m_origin { kUnlimitedPosting
                             + QStringList { u"--grip-url"_s, m_pushpin.gripUrl(),
                                             u"--admin-token-file"_s, tokenFile() } };
    int m_rooms = 0;
};

void TestDesktopE2e::initTestCase()
{
    QFile token(tokenFile());
    QVERIFY(token.open(QIODevice::WriteOnly));
    token.write(kOperatorToken + '\n');
    token.close();
    QVERIFY2(m_origin.start(), m_origin.output().constData());
    QVERIFY2(m_pushpin.start(m_origin.port()), m_pushpin.log().constData());
}

void TestDesktopE2e::cleanupTestCase()
{
    m_pushpin.stop();
    QCOMPARE(m_origin.terminate(), 0);
}

void TestDesktopE2e::topologies()
{
    QTest::addColumn<bool>("viaPushpin");
    QTest::newRow("direct") << false;
    QTest::newRow("pushpin") << true;
}

quint16 TestDesktopE2e::port() const
{
    QFETCH(bool, viaPushpin);
    return viaPushpin ? m_pushpin.httpPort() : m_origin.port();
}

QString TestDesktopE2e::freshRoom(const QString &stem)
{
    // A space and a non-ASCII letter: the room name must be percent-encoded on every path.
    return u"%1 café %2"_s.arg(stem).arg(++m_rooms);
}

void TestDesktopE2e::healthCheckTellsAChatServer()
{
    for (const quint16 p : { m_origin.port(), m_pushpin.httpPort() }) {
        ChatApi api(url(p));
        HealthCheck check(&api);
        check.start();
        QTRY_VERIFY(check.state() != ApiRequest::State::Running);
        QCOMPARE(check.state(), ApiRequest::State::Succeeded);
        QCOMPARE(check.status(), u"ok"_s);
    }

    // Something else answers: a web server that knows no /healthz.
    QTcpServer other;
    QVERIFY(other.listen(QHostAddress::LocalHost));
    connect(&other, &QTcpServer::newConnection, this, [&other] {
        QTcpSocket *socket = other.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket] {
            socket->write("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n"
                          "Content-Length: 9\r\nConnection: close\r\n\r\nnot here!");
            socket->disconnectFromHost();
        });
    });
    ChatApi otherApi(url(other.serverPort()));
    HealthCheck notChat(&otherApi);
    notChat.start();
    QTRY_VERIFY(notChat.state() != ApiRequest::State::Running);
    QCOMPARE(notChat.state(), ApiRequest::State::Failed);
    QVERIFY2(notChat.errorString().contains(u"not a chat server"_s),
             qPrintable(notChat.errorString()));

    // Nothing answers.
    const quint16 closed = other.serverPort();
    other.close();
    ChatApi closedApi(url(closed));
    HealthCheck unreachable(&closedApi);
    unreachable.start();
    QTRY_VERIFY(unreachable.state() != ApiRequest::State::Running);
    QCOMPARE(unreachable.state(), ApiRequest::State::Failed);
    QVERIFY2(unreachable.errorString().contains(u"refused"_s, Qt::CaseInsensitive),
             qPrintable(unreachable.errorString()));
}

void TestDesktopE2e::twoClientsExchangeMessages()
{
    const QString room = freshRoom(u"talk"_s);
    ChatClient alice(url(port()), u"alice"_s), bob(url(port()), u"bob"_s);
    RoomSession *a = *alice.joinRoom(room);
    RoomSession *b = *bob.joinRoom(room);
    QVERIFY(a && b);
    QTRY_VERIFY_WITH_TIMEOUT(live(a) && live(b), kWait);
    QTRY_COMPARE(alice.connectionState(), EventStream::State::Connected);

    a->send(u"hello bob"_s);
    QTRY_COMPARE_WITH_TIMEOUT(texts(b), QStringList { u"hello bob"_s }, kWait);
    b->send(u"hi alice\nhow are you?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(b->messages()->storedCount(), 2, kWait); // committed
    // Someone else posts over plain HTTP, on the other topology's port too.
    QCOMPARE(postForm(m_origin.port(), room, u"carol"_s, u"from curl"_s).status, 200);
    const QStringList expected { u"hello bob"_s, u"hi alice\nhow are you?"_s, u"from curl"_s };
    QTRY_COMPARE_WITH_TIMEOUT(texts(a), expected, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(texts(b), expected, kWait);
    QCOMPARE(a->messages()->rowCount(), 3); // no pending row left behind
    QCOMPARE(b->messages()->rowCount(), 3);
    QCOMPARE(a->unreadCount(), 2); // not in view: bob's and carol's messages
    QVERIFY(a->messages()->index(0).data(MessageListModel::OwnRole).toBool());
    QVERIFY(!b->messages()->index(0).data(MessageListModel::OwnRole).toBool());
}

void TestDesktopE2e::historyThenLiveWithoutGapOrDuplicate()
{
    const QString room = freshRoom(u"history"_s);
    QStringList expected;
    for (int i = 1; i <= 60; ++i) {
        expected.append(u"old %1"_s.arg(i));
        QCOMPARE(postForm(m_origin.port(), room, u"carol"_s, expected.last()).status, 200);
    }
    ChatClient client(url(port()), u"dave"_s);
    RoomSession *session = *client.joinRoom(room);
    QTRY_VERIFY_WITH_TIMEOUT(session->historyLoaded(), kWait);
    QCOMPARE(texts(session), expected.mid(10)); // the newest page
    QVERIFY(session->hasOlder());
    session->loadOlder();
    QTRY_COMPARE(texts(session), expected);
    QVERIFY(!session->hasOlder());
    // Messages posted right after the history load come through the stream, each once.
    for (int i = 1; i <= 5; ++i) {
        expected.append(u"new %1"_s.arg(i));
        QCOMPARE(postForm(m_origin.port(), room, u"carol"_s, expected.last()).status, 200);
    }
    QTRY_COMPARE_WITH_TIMEOUT(texts(session), expected, kWait);
}

void TestDesktopE2e::serverRestartLosesNothing()
{
    QFETCH(bool, viaPushpin);
    const QString room = freshRoom(u"restart"_s);
    ChatClient alice(url(port()), u"alice"_s), bob(url(port()), u"bob"_s);
    RoomSession *a = *alice.joinRoom(room);
    RoomSession *b = *bob.joinRoom(room);
    QTRY_VERIFY_WITH_TIMEOUT(live(a) && live(b), kWait);
    a->send(u"before"_s);
    QTRY_COMPARE_WITH_TIMEOUT(texts(b), QStringList { u"before"_s }, kWait);

    const quint16 originPort = m_origin.port();
    m_origin.kill(); // no goodbye to anyone
    if (!viaPushpin) // direct streams break; through Pushpin they are held by the proxy
        QTRY_COMPARE_WITH_TIMEOUT(a->connectionState(), EventStream::State::Waiting, kWait);
    // A send while the server is down waits, saying why, and goes by itself once it is back.
    b->send(u"during"_s);
    const QModelIndex during = b->messages()->index(b->messages()->rowCount() - 1);
    QTRY_COMPARE_WITH_TIMEOUT(
        during.data(MessageListModel::DeliveryRole).value<MessageListModel::Delivery>(),
        MessageListModel::Delivery::Waiting, kWait);
    QVERIFY(!during.data(MessageListModel::ErrorRole).toString().isEmpty());

    m_origin.setPort(originPort); // the same port, so that the clients find it again
    QVERIFY2(m_origin.start(), m_origin.output().constData());
    QCOMPARE(m_origin.port(), originPort);
    // Posted before the clients are back: the stream replays it after Last-Event-ID.
    QCOMPARE(postForm(originPort, room, u"carol"_s, u"while away"_s).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(texts(b).contains(u"during"_s), kWait); // no click needed
    a->send(u"after"_s);
    const QStringList expected { u"before"_s, u"while away"_s, u"during"_s, u"after"_s };
    QTRY_COMPARE_WITH_TIMEOUT(texts(a), expected, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(texts(b), expected, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(live(a) && live(b), kWait);
    QCOMPARE(a->messages()->rowCount(), 4);
    QCOMPARE(b->messages()->rowCount(), 4);
}

void TestDesktopE2e::htmlArrivesLiterally()
{
    const QString room = freshRoom(u"html"_s);
    ChatClient client(url(m_pushpin.httpPort()), u"eve"_s);
    RoomSession *session = *client.joinRoom(room);
    QTRY_VERIFY_WITH_TIMEOUT(live(session), kWait);
    const QString html = u"<b>not bold</b> &amp; <script>alert(1)</script> <img src=x>"_s;
    QCOMPARE(postForm(m_origin.port(), room, u"<i>mallory</i>"_s, html).status, 200);
    session->send(u"1 < 2 && 3 > 2"_s);
    QTRY_COMPARE_WITH_TIMEOUT(texts(session), (QStringList { html, u"1 < 2 && 3 > 2"_s }), kWait);
    QCOMPARE(session->messages()->index(0).data(MessageListModel::FromRole).toString(),
             u"<i>mallory</i>"_s);
}

void TestDesktopE2e::failedSendShowsReasonAndRetrySucceeds()
{
    const QString room = freshRoom(u"send"_s);
    TcpRelay relay(m_origin.port());
    QVERIFY(relay.listen());
    ChatClient client(url(relay.port()), u"frank"_s);
    RoomSession *session = *client.joinRoom(room);
    QTRY_VERIFY_WITH_TIMEOUT(live(session), kWait);
    MessageListModel *model = session->messages();
    const auto delivery = [model](int row) {
        return model->index(row)
            .data(MessageListModel::DeliveryRole)
            .value<MessageListModel::Delivery>();
    };

    // The server refuses: its reason is shown, word for word.
    session->send(QString(4097, u'x'));
    QTRY_COMPARE(delivery(0), MessageListModel::Delivery::Failed);
    QCOMPARE(model->index(0).data(MessageListModel::ErrorRole).toString(),
             u"message text must be at most 4096 characters"_s);

    // The network fails: the message waits for another attempt, saying why; a click sends it
    // at once.
    relay.cut();
    const int local = session->send(u"try again"_s);
    QTRY_COMPARE(delivery(1), MessageListModel::Delivery::Waiting);
    QVERIFY(!model->index(1).data(MessageListModel::ErrorRole).toString().isEmpty());
    QVERIFY(relay.restore());
    session->retry(local);
    QCOMPARE(delivery(1), MessageListModel::Delivery::Pending);
    QTRY_COMPARE_WITH_TIMEOUT(texts(session), QStringList { u"try again"_s }, kWait);
    QCOMPARE(model->rowCount(), 2); // the refused one stays, failed, at the end
    QCOMPARE(delivery(1), MessageListModel::Delivery::Failed);
}

void TestDesktopE2e::rateLimitedSendWaitsAndIsSentOnce()
{
    // A server of its own that lets one message a second through.
    ServerProcess limited({ u"--post-rate"_s, u"1"_s, u"--post-burst"_s, u"1"_s });
    QVERIFY2(limited.start(), limited.output().constData());
    ChatClient client(url(limited.port()), u"gina"_s);
    RoomSession *session = *client.joinRoom(u"limited"_s);
    QTRY_VERIFY_WITH_TIMEOUT(live(session), kWait);
    MessageListModel *model = session->messages();
    session->send(u"first"_s);
    session->send(u"second"_s); // over the rate: 429, Retry-After: 1
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (int row = 0; row < model->rowCount(); ++row) {
                const QModelIndex index = model->index(row);
                if (index.data(MessageListModel::DeliveryRole).value<MessageListModel::Delivery>()
                    == MessageListModel::Delivery::Waiting)
                    return MessageDelegate::deliveryText(index) == u"sending in 1 s"_s;
            }
            return false;
        }(),
        kWait);
    // Then it goes by itself, once.
    QTRY_COMPARE_WITH_TIMEOUT(texts(session), (QStringList { u"first"_s, u"second"_s }), kWait);
    QCOMPARE(model->rowCount(), 2);
    const HttpResponse history = get(limited.port(), "/rooms/limited/messages/");
    QCOMPARE(history.body.count("\"text\": \"second\""), 1);
    QCOMPARE(limited.terminate(), 0);
}

void TestDesktopE2e::removedMessageLeavesEveryScreen()
{
    const QString room = freshRoom(u"moderated"_s);
    ChatClient alice(url(port()), u"alice"_s), bob(url(port()), u"bob"_s);
    RoomSession *a = *alice.joinRoom(room);
    RoomSession *b = *bob.joinRoom(room);
    QTRY_VERIFY_WITH_TIMEOUT(live(a) && live(b), kWait);
    a->send(u"fine"_s);
    QTRY_COMPARE_WITH_TIMEOUT(texts(b), QStringList { u"fine"_s }, kWait);
    const HttpResponse rude = postForm(m_origin.port(), room, u"troll"_s, u"rude"_s);
    QCOMPARE(rude.status, 200);
    b->send(u"also fine"_s);
    const QStringList all { u"fine"_s, u"rude"_s, u"also fine"_s };
    QTRY_COMPARE_WITH_TIMEOUT(texts(a), all, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(texts(b), all, kWait);

    const qint64 id = QJsonDocument::fromJson(rude.body).object().value(u"id"_s).toInteger();
    const QByteArray path
        = "/rooms/" + QUrl::toPercentEncoding(room) + "/messages/" + QByteArray::number(id);
    const HttpResponse removed
        = rawRequest(m_origin.port(),
                     "DELETE " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                         + kOperatorToken + "\r\nConnection: close\r\n\r\n");
    QCOMPARE(removed.status, 200);
    const QStringList kept { u"fine"_s, u"also fine"_s };
    QTRY_COMPARE_WITH_TIMEOUT(texts(a), kept, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(texts(b), kept, kWait);
    QCOMPARE(a->messages()->rowCount(), 2);

    // A client that joins afterwards never sees it; the stream goes on after the removal.
    ChatClient carol(url(port()), u"carol"_s);
    RoomSession *c = *carol.joinRoom(room);
    QTRY_VERIFY_WITH_TIMEOUT(c->historyLoaded() && live(c), kWait);
    QCOMPARE(texts(c), kept);
    c->send(u"after"_s);
    for (RoomSession *session : { a, b, c })
        QTRY_COMPARE_WITH_TIMEOUT(texts(session), kept + QStringList { u"after"_s }, kWait);
}

QTEST_MAIN(TestDesktopE2e)
#include "tst_desktope2e.moc"
