// Exactly-once sends end to end, against a real chat-server, directly and through a real
// Pushpin: a message written while the server cannot be reached survives a restart of the client
// in its outbox and arrives once when the server is back; an answer lost after the server stored
// the message is retried with the same Idempotency-Key, and the message is stored once, also
// when the client is restarted in between.
#include "desktop-client/lib/chatclient.h"
#include "desktop-client/lib/outbox.h"
#include "desktop-client/lib/roomsession.h"
#include "tests/desktop-client/answerdroppingrelay.h"
#include "tests/desktop-client/desktope2e.h"
#include "tests/support/httptestclient.h"
#include "tests/support/tcprelay.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace chat;
using namespace chat::desktop;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

bool isMessagePost(const QByteArray &requestLine)
{
    return requestLine.startsWith("POST /rooms/") && requestLine.contains("/messages/ ");
}

} // namespace

class TestDesktopOutbox : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void outboxSurvivesARestartAndDeliversOnce_data() { E2eTopologies::addTopologies(); }
    void outboxSurvivesARestartAndDeliversOnce();
    void lostAnswersAreRetriedWithTheSameKey_data() { E2eTopologies::addTopologies(); }
    void lostAnswersAreRetriedWithTheSameKey();
    void lostAnswerThenRestartStillOnce();

private:
    // How often `text` is in the room's history as the origin has it.
    int timesStored(const QString &room, const QString &text);

    E2eTopologies m_servers;
};

void TestDesktopOutbox::initTestCase()
{
    QVERIFY2(m_servers.start(), m_servers.problems().constData());
}

void TestDesktopOutbox::cleanupTestCase()
{
    QCOMPARE(m_servers.stop(), 0);
}

int TestDesktopOutbox::timesStored(const QString &room, const QString &text)
{
    const HttpResponse history
        = get(m_servers.origin().port(),
              "/rooms/" + QUrl::toPercentEncoding(room) + "/messages/?limit=200");
    if (history.status != 200)
        return -1;
    int count = 0;
    for (const QJsonValue &message :
         QJsonDocument::fromJson(history.body).object().value(u"messages"_s).toArray())
        count += message.toObject().value(u"text"_s).toString() == text ? 1 : 0;
    return count;
}

void TestDesktopOutbox::outboxSurvivesARestartAndDeliversOnce()
{
    const QString room = m_servers.freshRoom(u"outbox"_s);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"outbox.json"_s);
    TcpRelay relay(m_servers.port()); // the way to the server, which can be cut
    QVERIFY(relay.listen());
    {
        ChatClient first(localUrl(relay.port()), u"hana"_s);
        QVERIFY(first.setOutboxFile(path));
        RoomSession *session = *first.joinRoom(room);
        QTRY_VERIFY_WITH_TIMEOUT(isLive(session), kE2eWait);
        session->send(u"sent before the cut"_s);
        QTRY_COMPARE_WITH_TIMEOUT(storedTexts(session), QStringList { u"sent before the cut"_s },
                                  kE2eWait);

        relay.cut(); // the server cannot be reached any more
        session->send(u"written offline"_s);
        session->send(u"and a second one"_s);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryAt(session, 1), MessageListModel::Delivery::Waiting,
                                  kE2eWait);
        QCOMPARE(deliveryAt(session, 2), MessageListModel::Delivery::Pending); // its turn next
        QCOMPARE(session->unsentCount(), 2);
    } // the client quits (or crashes) before the server is back

    Outbox onDisk(path);
    QVERIFY(onDisk.load());
    QCOMPARE(onDisk.entries().size(), 2);
    QCOMPARE(onDisk.entries().at(0).text, u"written offline"_s);
    QCOMPARE(onDisk.entries().at(0).room, room);
    QCOMPARE(timesStored(room, u"written offline"_s), 0);

    ChatClient second(localUrl(relay.port()), u"hana"_s);
    QVERIFY(second.setOutboxFile(path));
    QCOMPARE(second.roomsWithUnsentMessages(), QStringList { room });
    RoomSession *session = *second.joinRoom(room);
    // Shown as on their way before anything answers.
    QCOMPARE(session->messages()->rowCount(), 2);
    QCOMPARE(session->messages()->index(0).data(MessageListModel::TextRole).toString(),
             u"written offline"_s);
    QVERIFY(relay.restore()); // the server is back
    const QStringList expected { u"sent before the cut"_s, u"written offline"_s,
                                 u"and a second one"_s };
    QTRY_COMPARE_WITH_TIMEOUT(storedTexts(session), expected, kE2eWait);
    QCOMPARE(session->messages()->rowCount(), 3);
    QCOMPARE(session->unsentCount(), 0);
    QCOMPARE(timesStored(room, u"written offline"_s), 1);
    QCOMPARE(timesStored(room, u"and a second one"_s), 1);
    QVERIFY(second.outbox()->entries().isEmpty());
    QVERIFY(onDisk.load());
    QVERIFY(onDisk.entries().isEmpty()); // acknowledged: gone from the file too

    // A third start has nothing left to send.
    ChatClient third(localUrl(relay.port()), u"hana"_s);
    QVERIFY(third.setOutboxFile(path));
    QVERIFY(third.roomsWithUnsentMessages().isEmpty());
}

void TestDesktopOutbox::lostAnswersAreRetriedWithTheSameKey()
{
    const QString room = m_servers.freshRoom(u"lost answer"_s);
    AnswerDroppingRelay relay(m_servers.port());
    QVERIFY(relay.listen());
    ChatClient client(localUrl(relay.port()), u"ivan"_s);
    RoomSession *session = *client.joinRoom(room);
    QTRY_VERIFY_WITH_TIMEOUT(isLive(session), kE2eWait);

    // More answers lost than Qt resends by itself: the send's own retries come into play.
    relay.dropAnswers(isMessagePost, 4);
    session->send(u"did it arrive?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(relay.droppedAnswers(), 4, kE2eWait);
    QTRY_COMPARE_WITH_TIMEOUT(storedTexts(session), QStringList { u"did it arrive?"_s }, kE2eWait);
    // The stream brought it at the first attempt; the pending row goes once an answer comes.
    QTRY_COMPARE_WITH_TIMEOUT(session->messages()->rowCount(), 1, kE2eWait);
    QCOMPARE(session->unsentCount(), 0);
    QCOMPARE(timesStored(room, u"did it arrive?"_s), 1);
    const QByteArrayList keys = relay.headerOfRequests("Idempotency-Key", isMessagePost);
    QCOMPARE(keys.size(), 5); // four answers lost, the fifth came
    for (const QByteArray &key : keys)
        QCOMPARE(key, keys.first());
    QCOMPARE(keys.first().size(), 36); // a UUID

    // The next message has a key of its own.
    session->send(u"did it arrive?"_s); // the same words again are another message
    QTRY_COMPARE_WITH_TIMEOUT(storedTexts(session).size(), 2, kE2eWait);
    QCOMPARE(timesStored(room, u"did it arrive?"_s), 2);
    QVERIFY(relay.headerOfRequests("Idempotency-Key", isMessagePost).last() != keys.first());
}

void TestDesktopOutbox::lostAnswerThenRestartStillOnce()
{
    // The server stores the message, the client never hears so and is closed; the next start
    // sends it again from the outbox with the same key, and the server answers with the message
    // it has.
    const QString room = m_servers.freshRoom(u"lost then restart"_s);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"outbox.json"_s);
    AnswerDroppingRelay relay(m_servers.origin().port());
    QVERIFY(relay.listen());
    {
        ChatClient first(localUrl(relay.port()), u"jo"_s);
        QVERIFY(first.setOutboxFile(path));
        RoomSession *session = *first.joinRoom(room);
        QTRY_VERIFY_WITH_TIMEOUT(isLive(session), kE2eWait);
        relay.dropAnswers(isMessagePost, -1);
        session->send(u"stored, unheard of"_s);
        QTRY_VERIFY_WITH_TIMEOUT(relay.droppedAnswers() >= 1, kE2eWait);
        QCOMPARE(timesStored(room, u"stored, unheard of"_s), 1);
        QCOMPARE(session->unsentCount(), 1);
    }
    relay.dropAnswers(nullptr);
    ChatClient second(localUrl(relay.port()), u"jo"_s);
    QVERIFY(second.setOutboxFile(path));
    RoomSession *session = *second.joinRoom(room);
    QTRY_COMPARE_WITH_TIMEOUT(storedTexts(session), QStringList { u"stored, unheard of"_s },
                              kE2eWait);
    QTRY_COMPARE(session->messages()->rowCount(), 1); // the pending row went with the answer
    QVERIFY(second.outbox()->entries().isEmpty());
    QCOMPARE(timesStored(room, u"stored, unheard of"_s), 1);
    const QByteArrayList keys = relay.headerOfRequests("Idempotency-Key", isMessagePost);
    QVERIFY(keys.size() >= 2);
    QCOMPARE(keys.last(), keys.first());
}

QTEST_MAIN(TestDesktopOutbox)
#include "tst_desktopoutbox.moc"
