// The REST API of a real chat-server process over real sockets: byte-compatibility with the
// original demo, paging, and every kind of bad input answered with a precise JSON error.
#include "shared/model/message.h"
#include "tests/support/httptestclient.h"
#include "tests/support/serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace chat;
using namespace chat::test;
using namespace Qt::StringLiterals;

class TestHttpApi : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void emptyRoomHistory();
    void postThenHistoryIsByteCompatible();
    void postAsJsonAndMultipart();
    void textAtTheLimitIsAccepted();
    void historyPaging();
    void historyQueryErrors_data();
    void historyQueryErrors();
    void badInput_data();
    void badInput();
    void oversizedBodyIsRefusedUnread();
    void pipelinedRequests();
    void webRoot_data();
    void webRoot();
    void health();

private:
    QByteArray lastEventId(const QByteArray &room);

    ServerProcess m_server { kUnlimitedPosting };
    quint16 m_port = 0;
};

void TestHttpApi::initTestCase()
{
    QVERIFY2(m_server.start(), m_server.output().constData());
    m_port = m_server.port();
}

void TestHttpApi::cleanupTestCase()
{
    QCOMPARE(m_server.terminate(), 0);
}

QByteArray TestHttpApi::lastEventId(const QByteArray &room)
{
    const HttpResponse response = get(m_port, "/rooms/" + room + "/messages/");
    return QJsonDocument::fromJson(response.body)
        .object()
        .value(u"last-event-id"_s)
        .toString()
        .toUtf8();
}

void TestHttpApi::emptyRoomHistory()
{
    const HttpResponse response = get(m_port, "/rooms/fresh/messages/");
    QCOMPARE(response.status, 200);
    QCOMPARE(response.header("content-type"), "application/json");
    QCOMPARE(response.body, "{\"messages\": [], \"last-event-id\": \"room-fresh:0\"}\n");
}

void TestHttpApi::postThenHistoryIsByteCompatible()
{
    const HttpResponse posted
        = post(m_port, "/rooms/compat/messages/", "application/x-www-form-urlencoded",
               "from=al+ice&text=h%C3%A9llo+%3Cb%3E+%25+%22q%22");
    QCOMPARE(posted.status, 200);
    QCOMPARE(posted.header("content-type"), "application/json");
    static const QRegularExpression shape(
        uR"(^\{"id": (\d+), "from": "al ice", "date": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z", "text": "h\\u00e9llo <b> % \\"q\\""\}\n$)"_s);
    QVERIFY2(shape.match(QString::fromUtf8(posted.body)).hasMatch(), posted.body.constData());

    const HttpResponse history = get(m_port, "/rooms/compat/messages/");
    QCOMPARE(history.status, 200);
    QCOMPARE(history.body,
             "{\"messages\": [" + posted.body.chopped(1)
                 + "], \"last-event-id\": \"room-compat:1\"}\n");

    const auto message = Message::fromJson(posted.body.chopped(1));
    QVERIFY(message);
    QCOMPARE(message->text, u"héllo <b> % \"q\""_s);
}

void TestHttpApi::postAsJsonAndMultipart()
{
    const HttpResponse json = post(m_port, "/rooms/kinds/messages/", "application/json",
                                   R"({"from": "bob", "text": "from json \ud83d\ude00"})");
    QCOMPARE(json.status, 200);
    QCOMPARE(Message::fromJson(json.body)->text, u"from json 😀"_s);

    const HttpResponse multipart = post(
        m_port, "/rooms/kinds/messages/", "multipart/form-data; boundary=b0undary",
        "--b0undary\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\ncarol\r\n"
        "--b0undary\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nfrom multipart\r\n"
        "--b0undary--\r\n");
    QCOMPARE(multipart.status, 200);
    QCOMPARE(Message::fromJson(multipart.body)->from, u"carol"_s);
    QCOMPARE(lastEventId("kinds"), "room-kinds:2");
}

void TestHttpApi::textAtTheLimitIsAccepted()
{
    QCOMPARE(postForm(m_port, u"limits"_s, QString(64, u'n'), QString(4096, u'é')).status, 200);
    QCOMPARE(postForm(m_port, u"limits"_s, u"n"_s, QString(4095, u'x') + u"😀"_s).status, 200);
    QCOMPARE(postForm(m_port, QString(64, u'r'), u"n"_s, u"long room name"_s).status, 200);
}

void TestHttpApi::historyPaging()
{
    for (int i = 1; i <= 120; ++i)
        QCOMPARE(postForm(m_port, u"paging"_s, u"p"_s, QString::number(i)).status, 200);

    auto page = [&](const QByteArray &query) {
        const HttpResponse response = get(m_port, "/rooms/paging/messages/" + query);
        const QJsonObject object = QJsonDocument::fromJson(response.body).object();
        QList<Message> messages;
        for (const auto value : object.value(u"messages"_s).toArray())
            messages.append(*Message::fromJson(QJsonDocument(value.toObject()).toJson()));
        return messages;
    };
    const QList<Message> newest = page("");
    QCOMPARE(newest.size(), 50);
    QCOMPARE(newest.first().text, u"120"_s);
    QCOMPARE(page("?limit=200").size(), 120);
    QCOMPARE(page("?limit=1").first().text, u"120"_s);

    QStringList all;
    QByteArray query = "?limit=7";
    while (true) {
        const QList<Message> messages = page(query);
        if (messages.isEmpty())
            break;
        for (const Message &message : messages)
            all.append(message.text);
        query = "?limit=7&before=" + QByteArray::number(messages.last().id);
    }
    QCOMPARE(all.size(), 120);
    QCOMPARE(all.last(), u"1"_s);
    QCOMPARE(all.first(), u"120"_s);
}

void TestHttpApi::historyQueryErrors_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::newRow("limit 0") << QByteArray("?limit=0");
    QTest::newRow("limit 201") << QByteArray("?limit=201");
    QTest::newRow("limit text") << QByteArray("?limit=ten");
    QTest::newRow("limit negative") << QByteArray("?limit=-5");
    QTest::newRow("before 0") << QByteArray("?before=0");
    QTest::newRow("before text") << QByteArray("?before=abc");
    QTest::newRow("before huge") << QByteArray("?before=99999999999999999999999");
    QTest::newRow("bad utf-8") << QByteArray("?limit=%FF");
}

void TestHttpApi::historyQueryErrors()
{
    QFETCH(QByteArray, query);
    const HttpResponse response = get(m_port, "/rooms/paging/messages/" + query);
    QCOMPARE(response.status, 400);
    QVERIFY(!response.errorMessage().isEmpty());
}

void TestHttpApi::badInput_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("allow");

    auto form = [](const QByteArray &target, const QByteArray &body) {
        return "POST " + target
            + " HTTP/1.1\r\nHost: x\r\nContent-Type: "
              "application/x-www-form-urlencoded\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    };
    const QByteArray target = "/rooms/victim/messages/";
    QTest::newRow("missing from") << form(target, "text=hi") << 400 << QByteArray();
    QTest::newRow("missing text") << form(target, "from=a") << 400 << QByteArray();
    QTest::newRow("empty from") << form(target, "from=&text=hi") << 400 << QByteArray();
    QTest::newRow("empty text") << form(target, "from=a&text=") << 400 << QByteArray();
    QTest::newRow("blank text") << form(target, "from=a&text=+%0A+") << 400 << QByteArray();
    QTest::newRow("from too long")
        << form(target, "from=" + QByteArray(65, 'a') + "&text=hi") << 400 << QByteArray();
    QTest::newRow("text too long")
        << form(target, "from=a&text=" + QByteArray(4097, 'a')) << 400 << QByteArray();
    QTest::newRow("control in from") << form(target, "from=a%07b&text=hi") << 400 << QByteArray();
    QTest::newRow("nul in text") << form(target, "from=a&text=x%00y") << 400 << QByteArray();
    QTest::newRow("bad utf-8 in form") << form(target, "from=a&text=%C3%28") << 400 << QByteArray();
    QTest::newRow("bad percent in form") << form(target, "from=a&text=%G1") << 400 << QByteArray();
    QTest::newRow("room too long")
        << form("/rooms/" + QByteArray(65, 'r') + "/messages/", "from=a&text=hi") << 400
        << QByteArray();
    QTest::newRow("room with slash")
        << form("/rooms/a%2Fb/messages/", "from=a&text=hi") << 400 << QByteArray();
    QTest::newRow("room with control")
        << form("/rooms/a%0Ab/messages/", "from=a&text=hi") << 400 << QByteArray();
    QTest::newRow("empty room") << form("/rooms//messages/", "from=a&text=hi") << 400
                                << QByteArray();
    QTest::newRow("bad percent in path")
        << form("/rooms/v%ZZ/messages/", "from=a&text=hi") << 400 << QByteArray();
    QTest::newRow("bad utf-8 in path")
        << form("/rooms/v%FF/messages/", "from=a&text=hi") << 400 << QByteArray();
    QTest::newRow("text/plain") << QByteArray(
        "POST " + target + " HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi")
                                << 415 << QByteArray();
    QTest::newRow("json wrong type")
        << QByteArray("POST " + target
                      + " HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
                        "23\r\n\r\n{\"from\":1,\"text\":\"hi\"}\n")
        << 400 << QByteArray();
    QTest::newRow("json garbage") << QByteArray(
        "POST " + target
        + " HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{{{{{")
                                  << 400 << QByteArray();
    QTest::newRow("chunked upload") << QByteArray(
        "POST " + target + " HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                                    << 411 << QByteArray();
    QTest::newRow("put messages") << QByteArray("PUT " + target
                                                + " HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
                                  << 405 << QByteArray("GET, POST, OPTIONS");
    QTest::newRow("delete messages") << QByteArray("DELETE " + target + " HTTP/1.1\r\n\r\n") << 405
                                     << QByteArray("GET, POST, OPTIONS");
    QTest::newRow("post events") << form("/rooms/victim/events/", "from=a&text=hi") << 405
                                 << QByteArray("GET, OPTIONS");
    QTest::newRow("post healthz") << form("/healthz", "") << 405 << QByteArray("GET");
    QTest::newRow("unknown path") << QByteArray("GET /api/v9/nothing HTTP/1.1\r\n\r\n") << 404
                                  << QByteArray();
    QTest::newRow("room subpath") << QByteArray(
        "GET /rooms/victim/messages/extra/ HTTP/1.1\r\n\r\n")
                                  << 404 << QByteArray();
    QTest::newRow("get one message") << QByteArray("GET /rooms/victim/messages/5 HTTP/1.1\r\n\r\n")
                                     << 405 << QByteArray("DELETE, OPTIONS");
    QTest::newRow("garbage request line")
        << QByteArray("\x16\x03\x01\x02\xfc\x03\x03\r\n\r\n") << 400 << QByteArray();
    QTest::newRow("header flood") << QByteArray("GET / HTTP/1.1\r\nX: " + QByteArray(20000, 'x')
                                                + "\r\n\r\n")
                                  << 431 << QByteArray();
    QTest::newRow("long target") << QByteArray("GET /" + QByteArray(10000, 'a')
                                               + " HTTP/1.1\r\n\r\n")
                                 << 414 << QByteArray();
}

void TestHttpApi::badInput()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, allow);
    const QByteArray before = lastEventId("victim");

    const HttpResponse response = rawRequest(m_port, request);
    QCOMPARE(response.status, status);
    QCOMPARE(response.header("content-type"), "application/json");
    QVERIFY2(!response.errorMessage().isEmpty(), response.body.constData());
    if (!allow.isEmpty())
        QCOMPARE(response.header("allow"), allow);

    // Nothing reached the store, and the server keeps serving.
    QCOMPARE(lastEventId("victim"), before);
    QCOMPARE(get(m_port, "/healthz").status, 200);
}

void TestHttpApi::oversizedBodyIsRefusedUnread()
{
    // Only the head is sent: the answer must come without the server waiting for 10 MB.
    const HttpResponse response
        = rawRequest(m_port,
                     "POST /rooms/victim/messages/ HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     "application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\nfrom=a");
    QCOMPARE(response.status, 413);
    QVERIFY(response.errorMessage().contains(u"KiB"_s));
    QCOMPARE(lastEventId("victim"), "room-victim:0");
}

void TestHttpApi::pipelinedRequests()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(socket.waitForConnected());
    const QByteArray body = "from=pipe&text=one";
    socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                 "POST /rooms/pipe/messages/ HTTP/1.1\r\nHost: x\r\nContent-Type: "
                 "application/x-www-form-urlencoded\r\nContent-Length: "
                 + QByteArray::number(body.size()) + "\r\n\r\n" + body
                 + "GET /rooms/pipe/messages/ HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray received;
    QList<HttpResponse> responses;
    while (responses.size() < 3 && socket.waitForReadyRead(5000)) {
        received += socket.readAll();
        while (true) {
            HttpResponse response = parseResponse(received);
            if (response.status == 0)
                break;
            const qsizetype used = received.indexOf("\r\n\r\n") + 4 + response.body.size();
            received.remove(0, used);
            responses.append(response);
        }
    }
    QCOMPARE(responses.size(), 3);
    QCOMPARE(responses[0].status, 200);
    QCOMPARE(responses[1].status, 200);
    QVERIFY(responses[2].body.contains("\"text\": \"one\""));
}

void TestHttpApi::webRoot_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("status");
    QTest::newRow("root") << QByteArray("/") << 200;
    QTest::newRow("room page") << QByteArray("/lobby?user=alice") << 200;
    QTest::newRow("unicode room page") << QByteArray("/caf%C3%A9") << 200;
    QTest::newRow("file") << QByteArray("/index.html") << 200;
    QTest::newRow("dot dot") << QByteArray("/static/../../../etc/passwd") << 404;
    QTest::newRow("encoded dot dot") << QByteArray("/%2e%2e/%2e%2e/etc/passwd") << 404;
    QTest::newRow("encoded slash") << QByteArray("/..%2F..%2Fetc%2Fpasswd") << 404;
    QTest::newRow("hidden file") << QByteArray("/.env") << 404;
    QTest::newRow("missing file") << QByteArray("/static/nope.js") << 404;
    QTest::newRow("node_modules") << QByteArray("/node_modules/jquery/package.json") << 404;
    QTest::newRow("nested node_modules")
        << QByteArray("/vendor/../node_modules/playwright-core/package.json") << 404;
    QTest::newRow("encoded node_modules") << QByteArray("/node%5Fmodules/jquery/README.md") << 404;
    QTest::newRow("room named node_modules") << QByteArray("/node_modules") << 200;
    QTest::newRow("jquery") << QByteArray("/vendor/jquery.min.js") << 200;
    QTest::newRow("unknown vendor file") << QByteArray("/vendor/jquery.js") << 404;
}

void TestHttpApi::webRoot()
{
    QFETCH(QByteArray, target);
    QFETCH(int, status);
    const HttpResponse response = get(m_port, target);
    QCOMPARE(response.status, status);
    if (status == 200 && target.endsWith(".js")) {
        QCOMPARE(response.header("content-type"), "text/javascript; charset=utf-8");
        QCOMPARE(response.header("x-content-type-options"), "nosniff");
        QVERIFY(response.body.contains("jQuery"));
    } else if (status == 200) {
        QCOMPARE(response.header("content-type"), "text/html; charset=utf-8");
        QVERIFY(response.header("content-security-policy").contains("default-src 'none'"));
        QCOMPARE(response.header("x-content-type-options"), "nosniff");
        QVERIFY(response.body.contains("<html"));
    } else {
        QVERIFY(!response.body.contains("root:"));
        QVERIFY(QJsonDocument::fromJson(response.body).object().contains(u"error"_s));
    }
}

void TestHttpApi::health()
{
    const HttpResponse response = get(m_port, "/healthz");
    QCOMPARE(response.status, 200);
    const QJsonObject body = QJsonDocument::fromJson(response.body).object();
    QCOMPARE(body.value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(body.value(u"database"_s).toString(), u"ok"_s);
    QVERIFY(body.value(u"streams"_s).isDouble());
}

QTEST_GUILESS_MAIN(TestHttpApi)
#include "tst_httpapi.moc"
