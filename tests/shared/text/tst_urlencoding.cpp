// Strict URL and form decoding: literal encoded input, decoded output or an error.
#include "shared/text/urlencoding.h"

#include <QTest>

using namespace chat;
using namespace Qt::StringLiterals;

class TestUrlEncoding : public QObject
{
    Q_OBJECT
private slots:
    void decode_data();
    void decode();
    void paths();
    void forms();
};

void TestUrlEncoding::decode_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<bool>("plusIsSpace");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("decoded"); // or the error message

    QTest::newRow("plain") << QByteArray("abc") << false << true << QStringLiteral("abc");
    QTest::newRow("utf-8") << QByteArray("w%C3%B6rld") << false << true << QStringLiteral("wörld");
    QTest::newRow("emoji") << QByteArray("%F0%9F%98%80") << false << true << QStringLiteral("😀");
    QTest::newRow("plus kept in path")
        << QByteArray("a+b") << false << true << QStringLiteral("a+b");
    QTest::newRow("plus in form") << QByteArray("a+b") << true << true << QStringLiteral("a b");
    QTest::newRow("encoded plus") << QByteArray("a%2Bb") << true << true << QStringLiteral("a+b");
    QTest::newRow("percent") << QByteArray("100%25") << true << true << QStringLiteral("100%");
    QTest::newRow("lowercase hex") << QByteArray("%c3%a9") << false << true << QStringLiteral("é");
    // Found by fuzzing: a leading U+FEFF was dropped as a byte order mark, aliasing values.
    QTest::newRow("leading U+FEFF kept")
        << QByteArray("%EF%BB%BFdefault") << false << true << u"\uFEFFdefault"_s;
    const QString malformed = u"malformed percent-encoding"_s;
    const QString utf8 = u"invalid UTF-8"_s;
    QTest::newRow("bad hex") << QByteArray("%zz") << false << false << malformed;
    QTest::newRow("truncated") << QByteArray("abc%4") << false << false << malformed;
    QTest::newRow("lone percent") << QByteArray("%") << false << false << malformed;
    QTest::newRow("invalid utf-8") << QByteArray("%FF") << false << false << utf8;
    QTest::newRow("raw invalid utf-8") << QByteArray("\xff") << false << false << utf8;
    QTest::newRow("overlong utf-8") << QByteArray("%C0%AF") << false << false << utf8;
    QTest::newRow("truncated utf-8") << QByteArray("%C3") << false << false << utf8;
    QTest::newRow("surrogate utf-8") << QByteArray("%ED%A0%80") << false << false << utf8;
    const QString nul = u"NUL characters are not allowed"_s;
    QTest::newRow("nul") << QByteArray("a%00b") << false << false << nul;
    QTest::newRow("raw nul") << QByteArray("a\0b", 3) << false << false << nul;
}

void TestUrlEncoding::decode()
{
    QFETCH(QByteArray, encoded);
    QFETCH(bool, plusIsSpace);
    QFETCH(bool, ok);
    QFETCH(QString, decoded);
    const auto result = urlencoding::decode(encoded, plusIsSpace);
    QCOMPARE(result.ok(), ok);
    if (ok)
        QCOMPARE(*result, decoded);
    else
        QCOMPARE(result.error(), (Error { decoded, 400 }));
}

void TestUrlEncoding::paths()
{
    QCOMPARE(*urlencoding::decodePath("/rooms/a%2Fb/messages/"),
             (QStringList { u"rooms"_s, u"a/b"_s, u"messages"_s, QString() }));
    QCOMPARE(*urlencoding::decodePath("/"), QStringList { QString() });
    QCOMPARE(*urlencoding::decodePath("/rooms/caf%C3%A9/events"),
             (QStringList { u"rooms"_s, u"café"_s, u"events"_s }));
    QVERIFY(!urlencoding::decodePath("/rooms/%FF/"));
}

void TestUrlEncoding::forms()
{
    const auto fields
        = urlencoding::decodeForm("from=al+ice&text=hi%26bye&&empty=&flag&text=again");
    QVERIFY(fields);
    QCOMPARE(fields->size(), 5);
    QCOMPARE(urlencoding::lastValue(*fields, u"from"), u"al ice"_s);
    QCOMPARE(urlencoding::lastValue(*fields, u"text"), u"again"_s);
    QCOMPARE(urlencoding::lastValue(*fields, u"empty"), QString());
    QCOMPARE(urlencoding::lastValue(*fields, u"flag"), QString());
    QVERIFY(!urlencoding::lastValue(*fields, u"missing"));

    const auto resume = urlencoding::decodeForm("lastEventId=room-a%3A3&lastEventId=");
    QCOMPARE(urlencoding::lastNonEmptyValue(*resume, u"lastEventId"), u"room-a:3"_s);

    const auto bad = urlencoding::decodeForm("text=%E2%82");
    QVERIFY(!bad);
    QCOMPARE(bad.error().message, u"field 'text': invalid UTF-8"_s);
}

QTEST_APPLESS_MAIN(TestUrlEncoding)
#include "tst_urlencoding.moc"
