// PostedMessage: request bodies of every accepted kind, and the refusals.
#include "server/api/request/postedform.h"

#include <QTest>

using namespace chat::server;
using namespace Qt::StringLiterals;

class TestPostedMessage : public QObject
{
    Q_OBJECT
private slots:
    void bodies_data();
    void bodies();
};

void TestPostedMessage::bodies_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("text");

    QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded")
                          << QByteArray("from=alice&text=hello+world") << 200 << u"alice"_s
                          << u"hello world"_s;
    QTest::newRow("form charset") << QByteArray("application/x-www-form-urlencoded; charset=UTF-8")
                                  << QByteArray("from=b%C3%B6b&text=%25+%26") << 200 << u"böb"_s
                                  << u"% &"_s;
    QTest::newRow("form latin1") << QByteArray("application/x-www-form-urlencoded; charset=latin1")
                                 << QByteArray("from=a&text=b") << 415 << QString() << QString();
    QTest::newRow("form missing text") << QByteArray("application/x-www-form-urlencoded")
                                       << QByteArray("from=a") << 400 << QString() << QString();
    QTest::newRow("form missing from") << QByteArray("application/x-www-form-urlencoded")
                                       << QByteArray("text=a") << 400 << QString() << QString();
    QTest::newRow("form bad utf-8")
        << QByteArray("application/x-www-form-urlencoded") << QByteArray("from=a&text=%C3") << 400
        << QString() << QString();
    QTest::newRow("json") << QByteArray("application/json")
                          << QByteArray(R"({"from": "al\"ice", "text": "<b>hi</b>\n"})") << 200
                          << u"al\"ice"_s << u"<b>hi</b>\n"_s;
    QTest::newRow("json not object")
        << QByteArray("application/json") << QByteArray("[1]") << 400 << QString() << QString();
    QTest::newRow("json number") << QByteArray("application/json")
                                 << QByteArray(R"({"from": "a", "text": 5})") << 400 << QString()
                                 << QString();
    QTest::newRow("json broken") << QByteArray("application/json") << QByteArray("{\"from\":")
                                 << 400 << QString() << QString();
    QTest::newRow("multipart")
        << QByteArray("multipart/form-data; boundary=XyZ")
        << QByteArray("--XyZ\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\nalice\r\n"
                      "--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n"
                      "Content-Type: text/plain\r\n\r\nline 1\r\nline 2\r\n--XyZ--\r\n")
        << 200 << u"alice"_s << u"line 1\r\nline 2"_s;
    QTest::newRow("multipart no boundary")
        << QByteArray("multipart/form-data") << QByteArray("x") << 400 << QString() << QString();
    QTest::newRow("multipart truncated")
        << QByteArray("multipart/form-data; boundary=XyZ")
        << QByteArray("--XyZ\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\nali") << 400
        << QString() << QString();
    // Found by fuzzing: a blank line running straight into the delimiter (a part without its
    // value's CRLF) made a value of length -2.
    QTest::newRow("multipart blank line into delimiter")
        << QByteArray("multipart/form-data; boundary=XyZ")
        << QByteArray("--XyZ\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\n--XyZ--")
        << 400 << QString() << QString();
    QTest::newRow("multipart empty value")
        << QByteArray("multipart/form-data; boundary=XyZ")
        << QByteArray("--XyZ\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\n\r\n"
                      "--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nx\r\n--XyZ--")
        << 200 << QString() << u"x"_s; // a value may be empty
    QTest::newRow("multipart leading U+FEFF kept")
        << QByteArray("multipart/form-data; boundary=XyZ")
        << QByteArray("--XyZ\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\nann\r\n"
                      "--XyZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n"
                      "\xEF\xBB\xBFhi\r\n--XyZ--")
        << 200 << u"ann"_s << u"\uFEFFhi"_s;
    QTest::newRow("text/plain") << QByteArray("text/plain") << QByteArray("hi") << 415 << QString()
                                << QString();
    QTest::newRow("no type, body")
        << QByteArray() << QByteArray("from=a&text=b") << 415 << QString() << QString();
    QTest::newRow("no type, no body")
        << QByteArray() << QByteArray() << 400 << QString() << QString();
}

void TestPostedMessage::bodies()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, from);
    QFETCH(QString, text);
    const auto result = parsePostedMessage(contentType, body);
    if (status == 200) {
        QVERIFY2(result, qPrintable(result.error().message));
        QCOMPARE(result->from, from);
        QCOMPARE(result->text, text);
    } else {
        QVERIFY(!result);
        QCOMPARE(result.error().status, status);
        QVERIFY(!result.error().message.isEmpty());
    }
}

QTEST_APPLESS_MAIN(TestPostedMessage)
#include "tst_postedform.moc"
