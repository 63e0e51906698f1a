// Composite event ids: Python-compatible quoting, formatting, and parsing resume values.
#include "shared/sse/eventid.h"

#include <QTest>

using namespace chat::eventid;
using namespace Qt::StringLiterals;
using Kind = Resume::Kind;

class TestEventId : public QObject
{
    Q_OBJECT
private slots:
    void quoting_data();
    void quoting();
    void format();
    void parse_data();
    void parse();
};

void TestEventId::quoting_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QByteArray>("quoted");
    // Right-hand sides: urllib.parse.quote(channel) (safe='/').
    QTest::newRow("plain") << u"room-default"_s << QByteArray("room-default");
    QTest::newRow("unreserved") << u"a_b.c-d~e"_s << QByteArray("a_b.c-d~e");
    QTest::newRow("space") << u"room-my room"_s << QByteArray("room-my%20room");
    QTest::newRow("colon comma") << u"room-a:b,c"_s << QByteArray("room-a%3Ab%2Cc");
    QTest::newRow("percent") << u"room-100%"_s << QByteArray("room-100%25");
    QTest::newRow("slash kept") << u"a/b"_s << QByteArray("a/b");
    QTest::newRow("utf-8") << u"room-café"_s << QByteArray("room-caf%C3%A9");
    QTest::newRow("emoji") << u"room-😀"_s << QByteArray("room-%F0%9F%98%80");
    QTest::newRow("reserved") << u"room-#?&=+"_s << QByteArray("room-%23%3F%26%3D%2B");
}

void TestEventId::quoting()
{
    QFETCH(QString, channel);
    QFETCH(QByteArray, quoted);
    QCOMPARE(quoteChannel(channel), quoted);
}

void TestEventId::format()
{
    QCOMPARE(chat::eventid::format(u"default", 17), "room-default:17");
    QCOMPARE(chat::eventid::format(u"new", 0), "room-new:0");
    QCOMPARE(chat::eventid::format(u"my room", 3), "room-my%20room:3");
    QCOMPARE(streamChannel(u"x"), u"room-x"_s);
}

void TestEventId::parse_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("room");
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("n");

    // invalid: the parse fails (the stream answers a stream-error bad-request)
    const int none = int(Kind::None), from = int(Kind::From), invalid = -1,
              error = int(Kind::AfterError);
    QTest::newRow("empty") << QByteArray() << u"default"_s << none << qint64(0);
    QTest::newRow("spaces") << QByteArray("  ") << u"default"_s << none << qint64(0);
    QTest::newRow("surrounding spaces")
        << QByteArray("  room-default:5 ") << u"default"_s << from << qint64(5);
    QTest::newRow("tab not trimmed")
        << QByteArray("room-default:5\t") << u"default"_s << invalid << qint64(0);
    QTest::newRow("space inside") << QByteArray("room-default: 5") << u"default"_s << invalid
                                  << qint64(0);
    QTest::newRow("plus sign") << QByteArray("room-default:+5") << u"default"_s << invalid
                               << qint64(0);
    QTest::newRow("max") << QByteArray("room-default:9223372036854775807") << u"default"_s << from
                         << qint64(9223372036854775807);
    QTest::newRow("trailing comma")
        << QByteArray("room-default:5,") << u"default"_s << invalid << qint64(0);
    QTest::newRow("quoted space") << QByteArray("room-my%20room:8") << u"my room"_s << from
                                  << qint64(8);
    QTest::newRow("truncated escape")
        << QByteArray("room-caf%C:1") << u"default"_s << invalid << qint64(0);
    QTest::newRow("utf-8 cut short")
        << QByteArray("room-caf%C3:1") << u"default"_s << invalid << qint64(0);
    QTest::newRow("simple") << QByteArray("room-default:5") << u"default"_s << from << qint64(5);
    QTest::newRow("zero") << QByteArray("room-default:0") << u"default"_s << from << qint64(0);
    QTest::newRow("other room") << QByteArray("room-other:5") << u"default"_s << none << qint64(0);
    QTest::newRow("two pairs") << QByteArray("room-default:5,room-other:7") << u"default"_s << from
                               << qint64(5);
    QTest::newRow("ours second") << QByteArray("room-other:7,room-default:9") << u"default"_s
                                 << from << qint64(9);
    QTest::newRow("negative") << QByteArray("room-default:-3") << u"default"_s << from
                              << qint64(-3);
    QTest::newRow("unicode") << QByteArray("room-caf%C3%A9:2") << u"café"_s << from << qint64(2);
    QTest::newRow("quoted colon") << QByteArray("room-a%3Ab:4") << u"a:b"_s << from << qint64(4);
    QTest::newRow("lowercase escapes")
        << QByteArray("room-caf%c3%a9:2") << u"café"_s << from << qint64(2);
    QTest::newRow("error") << QByteArray("error") << u"default"_s << error << qint64(0);
    QTest::newRow("garbage") << QByteArray("garbage") << u"default"_s << invalid << qint64(0);
    QTest::newRow("two colons") << QByteArray("a:b:c") << u"default"_s << invalid << qint64(0);
    QTest::newRow("not a number") << QByteArray("room-default:abc") << u"default"_s << invalid
                                  << qint64(0);
    QTest::newRow("empty number") << QByteArray("room-default:") << u"default"_s << invalid
                                  << qint64(0);
    QTest::newRow("float") << QByteArray("room-default:1.5") << u"default"_s << invalid
                           << qint64(0);
    QTest::newRow("overflow") << QByteArray("room-default:99999999999999999999") << u"default"_s
                              << invalid << qint64(0);
    QTest::newRow("bad escape") << QByteArray("room-%ZZ:1") << u"default"_s << invalid << qint64(0);
    QTest::newRow("bad utf-8") << QByteArray("room-%FF:1") << u"default"_s << invalid << qint64(0);
    QTest::newRow("bad part among good")
        << QByteArray("room-default:1,junk") << u"default"_s << invalid << qint64(0);
}

void TestEventId::parse()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, room);
    QFETCH(int, kind);
    QFETCH(qint64, n);
    const auto resume = parseResume(value, room);
    if (kind < 0) {
        QVERIFY(!resume);
        QCOMPARE(resume.error().status, 400);
        QVERIFY(
            resume.error().message.startsWith(u"Failed to parse Last-Event-ID or lastEventId"_s));
        return;
    }
    QVERIFY2(resume, qPrintable(resume.error().message));
    QCOMPARE(int(resume->kind), kind);
    QCOMPARE(resume->n, n);
}

QTEST_APPLESS_MAIN(TestEventId)
#include "tst_eventid.moc"
