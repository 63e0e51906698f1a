// Moderation over real HTTP: the operator's bearer token (401 without it, or with a wrong
// one), removing a message (a tombstone: gone from the history, a message-deleted event with
// the room's next id on live streams, direct and through a real Pushpin, and in the replay of
// a reconnecting client), and bans of a nickname or an address (403 with the reason, ended by
// time or by the operator, kept across a restart).
#include "tests/support/httptestclient.h"
#include "tests/support/pushpinprocess.h"
#include "tests/support/serverprocess.h"
#include "tests/support/ssetestclient.h"

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

constexpr int kWait = 20000;
const QByteArray kToken = "s3cret-operator-token-0123456789";

HttpResponse request(quint16 port, const QByteArray &method, const QByteArray &path,
                     const QByteArray &token = {}, const QByteArray &json = {})
{
    QByteArray head = method + ' ' + path + " HTTP/1.1\r\nHost: x\r\n";
    if (!token.isEmpty())
        head += "Authorization: Bearer " + token + "\r\n";
    if (!json.isEmpty())
        head += "Content-Type: application/json\r\n";
    return rawRequest(port,
                      head + "Content-Length: " + QByteArray::number(json.size())
                          + "\r\nConnection: close\r\n\r\n" + json);
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

qint64 idOf(const HttpResponse &posted)
{
    return QJsonDocument::fromJson(posted.body).object().value(u"id"_s).toInteger();
}

} // namespace

class TestModeration : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void onlyTheOperatorIsLetIn();
    void removedMessageDisappearsEverywhere();
    void bansOfNicknamesAndAddresses();
    void withoutATokenModerationIsOff();

private:
    QString tokenFile() const { return m_secrets.filePath(u"admin-token"_s); }

    QTemporaryDir m_secrets; // before the server, whose arguments name its file
    PushpinProcess m_pushpin;
    ServerProcess m_origin { kUnlimitedPosting
                             + QStringList { u"--grip-url"_s, m_pushpin.gripUrl(),
                                             u"--admin-token-file"_s, tokenFile() } };
};

void TestModeration::initTestCase()
{
    QFile file(tokenFile());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kToken + "\n");
    file.close();
    QVERIFY2(m_origin.start(), m_origin.output().constData());
    QVERIFY2(m_pushpin.start(m_origin.port()), m_pushpin.log().constData());
}

void TestModeration::cleanupTestCase()
{
    m_pushpin.stop();
    QCOMPARE(m_origin.terminate(), 0);
    QVERIFY(!m_origin.output().contains(kToken)); // never logged
}

void TestModeration::onlyTheOperatorIsLetIn()
{
    const HttpResponse posted = postForm(m_origin.port(), u"guarded"_s, u"a"_s, u"x"_s);
    const QByteArray path = "/rooms/guarded/messages/" + QByteArray::number(idOf(posted)) + '/';
    for (const QByteArray &token :
         { QByteArray(), QByteArray("wrong"), kToken + "x", kToken.first(kToken.size() - 1) }) {
        const HttpResponse refused = request(m_origin.port(), "DELETE", path, token);
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.header("www-authenticate"), "Bearer realm=\"chat\"");
        QVERIFY(!refused.errorMessage().isEmpty());
    }
    QCOMPARE(request(m_origin.port(), "GET", "/admin/bans/", "wrong").status, 401);
    QCOMPARE(history(m_origin.port(), "guarded"), QStringList { u"x"_s });
    QCOMPARE(request(m_origin.port(), "GET", path, kToken).status, 405);
    // Only a number names a message; zero is not an id.
    QCOMPARE(request(m_origin.port(), "DELETE", "/rooms/guarded/messages/x1/", kToken).status, 404);
    QCOMPARE(request(m_origin.port(), "DELETE", "/rooms/guarded/messages/0", kToken).status, 400);
}

void TestModeration::removedMessageDisappearsEverywhere()
{
    const quint16 origin = m_origin.port();
    SseTestClient direct, held;
    direct.open(origin, "/rooms/removal/events/");
    held.open(m_pushpin.httpPort(), "/rooms/removal/events/");
    QVERIFY(direct.waitUntilOpen(kWait) && held.waitUntilOpen(kWait));
    QCOMPARE(postForm(origin, u"removal"_s, u"a"_s, u"fine"_s).status, 200);
    const HttpResponse abuse = postForm(origin, u"removal"_s, u"troll"_s, u"abuse"_s);
    QCOMPARE(postForm(origin, u"removal"_s, u"a"_s, u"also fine"_s).status, 200);
    const qint64 abuseId = idOf(abuse);

    const HttpResponse removed = request(
        origin, "DELETE", "/rooms/removal/messages/" + QByteArray::number(abuseId), kToken);
    QCOMPARE(removed.status, 200);
    const QJsonObject answer = QJsonDocument::fromJson(removed.body).object();
    QCOMPARE(answer.value(u"removed"_s).toInteger(), abuseId);
    QCOMPARE(answer.value(u"event-id"_s).toString(), u"room-removal:4"_s);
    QCOMPARE(history(origin, "removal"), (QStringList { u"fine"_s, u"also fine"_s }));

    const QByteArray data = "{\"id\": " + QByteArray::number(abuseId) + '}';
    for (SseTestClient *client : { &direct, &held }) {
        QTRY_COMPARE_WITH_TIMEOUT(client->eventsOfType("message-deleted").size(), 1, kWait);
        QCOMPARE(client->eventsOfType("message-deleted").first().id, "room-removal:4");
        QCOMPARE(client->eventsOfType("message-deleted").first().data, data);
    }
    // A client that reconnects from before the message replays no text of it, and its removal.
    for (const quint16 port : { origin, m_pushpin.httpPort() }) {
        SseTestClient late;
        late.open(port, "/rooms/removal/events/", { { "Last-Event-ID", "room-removal:1" } });
        QTRY_COMPARE_WITH_TIMEOUT(late.eventsOfType("message-deleted").size(), 1, kWait);
        QCOMPARE(messageTexts(late.eventsOfType("message")), QStringList { u"also fine"_s });
        QVERIFY(!late.body().contains("abuse"));
    }
    // Once is enough.
    QCOMPARE(
        request(origin, "DELETE", "/rooms/removal/messages/" + QByteArray::number(abuseId), kToken)
            .status,
        404);
    QCOMPARE(request(origin, "DELETE", "/rooms/elsewhere/messages/1", kToken).status, 404);
}

void TestModeration::bansOfNicknamesAndAddresses()
{
    const quint16 port = m_origin.port();
    const HttpResponse banned
        = request(port, "POST", "/admin/bans/", kToken,
                  R"({"nickname": "troll", "seconds": "600", "reason": "spam"})");
    QCOMPARE(banned.status, 201);
    const qint64 banId = QJsonDocument::fromJson(banned.body).object().value(u"id"_s).toInteger();

    const HttpResponse refused = postForm(port, u"banroom"_s, u"troll"_s, u"hello"_s);
    QCOMPARE(refused.status, 403);
    QVERIFY2(refused.errorMessage().startsWith(u"this nickname is banned until "_s),
             refused.body.constData());
    QVERIFY(refused.errorMessage().endsWith(u": spam"_s));
    QCOMPARE(post(port, "/rooms/banroom/typing/", "application/x-www-form-urlencoded", "from=troll")
                 .status,
             403);
    QCOMPARE(postForm(port, u"banroom"_s, u"friend"_s, u"hello"_s).status, 200);

    // Kept across a restart, listed, and lifted by the operator.
    QCOMPARE(m_origin.terminate(), 0);
    QVERIFY2(m_origin.start(), m_origin.output().constData());
    m_pushpin.stop();
    QVERIFY2(m_pushpin.start(m_origin.port()), m_pushpin.log().constData());
    QCOMPARE(postForm(m_origin.port(), u"banroom"_s, u"troll"_s, u"again"_s).status, 403);
    const QJsonArray bans
        = QJsonDocument::fromJson(request(m_origin.port(), "GET", "/admin/bans/", kToken).body)
              .object()
              .value(u"bans"_s)
              .toArray();
    QCOMPARE(bans.size(), 1);
    QCOMPARE(bans.at(0).toObject().value(u"nickname"_s).toString(), u"troll"_s);
    QCOMPARE(request(m_origin.port(), "DELETE", "/admin/bans/" + QByteArray::number(banId), kToken)
                 .status,
             204);
    QCOMPARE(postForm(m_origin.port(), u"banroom"_s, u"troll"_s, u"sorry"_s).status, 200);

    // An address, for a second: everyone from it, then nobody.
    const HttpResponse addressBan = request(m_origin.port(), "POST", "/admin/bans/", kToken,
                                            R"({"address": "127.0.0.1", "seconds": "1"})");
    QVERIFY2(addressBan.status == 201, addressBan.body.constData());
    QCOMPARE(postForm(m_origin.port(), u"banroom"_s, u"anyone"_s, u"x"_s).status, 403);
    QTRY_COMPARE_WITH_TIMEOUT(postForm(m_origin.port(), u"banroom"_s, u"anyone"_s, u"y"_s).status,
                              200, kWait);
    for (const QByteArray body :
         { R"({"seconds": "5"})", R"({"nickname": "a", "address": "::1", "seconds": "5"})",
           R"({"nickname": "a", "seconds": "0"})",
           R"({"address": "not an address", "seconds": "5"})" })
        QCOMPARE(request(m_origin.port(), "POST", "/admin/bans/", kToken, body).status, 400);
}

void TestModeration::withoutATokenModerationIsOff()
{
    ServerProcess plain;
    QVERIFY2(plain.start(), plain.output().constData());
    const HttpResponse refused = request(plain.port(), "DELETE", "/rooms/r/messages/1", kToken);
    QCOMPARE(refused.status, 401);
    QCOMPARE(refused.errorMessage(), u"moderation is not enabled on this server"_s);
    QCOMPARE(plain.terminate(), 0);

    // A token file that cannot be read, or holds too short a token, stops the server at start.
    ServerProcess unreadable({ u"--admin-token-file"_s, u"/nonexistent/token"_s });
    QVERIFY(!unreadable.start());
    QVERIFY(unreadable.output().contains("admin-token-file"));
}

QTEST_GUILESS_MAIN(TestModeration)
#include "tst_moderation.moc"
