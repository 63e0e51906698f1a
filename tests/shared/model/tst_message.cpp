// Message JSON in the original demo's exact layout, and parsing it back.
#include "shared/model/message.h"

#include <QTest>

using chat::Message;
using namespace Qt::StringLiterals;

class TestMessage : public QObject
{
    Q_OBJECT
private slots:
    void toJson_data();
    void toJson();
    void dates_data();
    void dates();
    void datesFromMsMatchQDateTime();
    void appendJsonFromParts();
    void roundTrip();
    void fromJsonLayouts();
    void fromJsonErrors_data();
    void fromJsonErrors();
};

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi, int s, int ms)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

} // namespace

void TestMessage::toJson_data()
{
    QTest::addColumn<Message>("message");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("plain")
        << Message { 42, u"default"_s, u"alice"_s, u"hi"_s, utc(2025, 1, 2, 3, 4, 5, 678) }
        << QByteArray(
               R"({"id": 42, "from": "alice", "date": "2025-01-02T03:04:05.678Z", "text": "hi"})");
    QTest::newRow("whole second") << Message {
        1, {}, u"bob"_s, u"x"_s, utc(2025, 1, 2, 3, 4, 5, 0)
    } << QByteArray(R"({"id": 1, "from": "bob", "date": "2025-01-02T03:04:05Z", "text": "x"})");
    QTest::newRow("small ms") << Message {
        7, {}, u"b"_s, u"x"_s, utc(2025, 12, 31, 23, 59, 59, 5)
    } << QByteArray(R"({"id": 7, "from": "b", "date": "2025-12-31T23:59:59.005Z", "text": "x"})");
    QTest::newRow("escapes")
        << Message { 3,
                     {},
                     u"Zoë \"z\""_s,
                     u"line1\nline2 <b> 😀 100%"_s,
                     utc(2024, 2, 29, 0, 0, 0, 10) }
        << QByteArray(
               R"({"id": 3, "from": "Zo\u00eb \"z\"", "date": "2024-02-29T00:00:00.010Z", "text": "line1\nline2 <b> \ud83d\ude00 100%"})");
}

void TestMessage::toJson()
{
    QFETCH(Message, message);
    QFETCH(QByteArray, json);
    QCOMPARE(message.toJson(), json);
}

void TestMessage::dates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("date");
    QTest::newRow("ms") << u"2025-01-02T03:04:05.678Z"_s << utc(2025, 1, 2, 3, 4, 5, 678);
    QTest::newRow("none") << u"2025-01-02T03:04:05Z"_s << utc(2025, 1, 2, 3, 4, 5, 0);
    QTest::newRow("micro truncated")
        << u"2025-01-02T03:04:05.678999Z"_s << utc(2025, 1, 2, 3, 4, 5, 678);
    QTest::newRow("one digit") << u"2025-01-02T03:04:05.5Z"_s << utc(2025, 1, 2, 3, 4, 5, 500);
    QTest::newRow("offset") << u"2025-01-02T03:04:05+00:00"_s << utc(2025, 1, 2, 3, 4, 5, 0);
    QTest::newRow("no zone") << u"2025-01-02T03:04:05"_s << QDateTime();
    QTest::newRow("bad day") << u"2025-02-30T03:04:05Z"_s << QDateTime();
    QTest::newRow("garbage") << u"yesterday"_s << QDateTime();
}

void TestMessage::dates()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, date);
    QCOMPARE(Message::parseDate(text), date);
}

// formatDate(ms) does its own calendar arithmetic: it must agree with QDateTime everywhere
// (every day of four centuries around the epoch, at assorted times of day, and the ends of the
// range, past which QDateTime's own format is used).
void TestMessage::datesFromMsMatchQDateTime()
{
    const auto expected = [](qint64 ms) {
        const QDateTime date = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        QString text = date.toString(date.time().msec() ? u"yyyy-MM-ddTHH:mm:ss.zzzZ"_s
                                                        : u"yyyy-MM-ddTHH:mm:ssZ"_s);
        return text.toLatin1();
    };
    constexpr qint64 day = 86'400'000;
    const qint64 times[] = { 0, 1, 999, 1000, 59'999, 3'600'000, day - 1 };
    for (qint64 d = -73'000; d <= 73'000; d += 7) {
        for (const qint64 t : times)
            QCOMPARE(Message::formatDate(d * day + t), expected(d * day + t));
    }
    const qint64 first = QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 last
        = QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch();
    QCOMPARE(Message::formatDate(first), "0001-01-01T00:00:00Z");
    QCOMPARE(Message::formatDate(last), "9999-12-31T23:59:59.999Z");
    for (const qint64 outside : { first - 1, last + 1 }) {
        const QDateTime date = QDateTime::fromMSecsSinceEpoch(outside, Qt::UTC);
        QCOMPARE(Message::formatDate(outside), date.toString(Qt::ISODateWithMs).toLatin1());
    }
    QCOMPARE(Message::formatDate(utc(2026, 11, 28, 12, 0, 1, 2)),
             Message::formatDate(utc(2026, 11, 28, 12, 0, 1, 2).toMSecsSinceEpoch()));
}

void TestMessage::appendJsonFromParts()
{
    const Message message { 9, {}, u"ann"_s, u"a \"b\""_s, utc(2025, 1, 2, 3, 4, 5, 6) };
    QByteArray out = "[";
    Message::appendJson(out, 9, QLatin1StringView("ann"), message.date.toMSecsSinceEpoch(),
                        QStringView(message.text));
    QCOMPARE(out, "[" + message.toJson());
}

void TestMessage::roundTrip()
{
    const Message message {
        99, {}, u"nick"_s, u"tab\there \u0001 é 😀"_s, utc(2026, 11, 28, 12, 0, 1, 2)
    };
    const auto parsed = Message::fromJson(message.toJson());
    QVERIFY2(parsed, qPrintable(parsed.error().message));
    QCOMPARE(*parsed, message);
    QCOMPARE(Message::formatDate(message.date), "2026-11-28T12:00:01.002Z");
}

void TestMessage::fromJsonLayouts()
{
    // Any JSON layout is accepted: other key order, no spaces, raw UTF-8, extra keys.
    const QByteArray json = "{\"text\":\"caf\xC3\xA9\\n\",\"date\":\"2025-01-02T03:04:05.678901Z\","
                            "\"from\":\"\\u00e9ve\",\"id\":7,\"room\":\"ignored\"}";
    const auto parsed = Message::fromJson(json);
    QVERIFY2(parsed, qPrintable(parsed.error().message));
    QCOMPARE(*parsed, (Message { 7, {}, u"éve"_s, u"café\n"_s, utc(2025, 1, 2, 3, 4, 5, 678) }));
    QCOMPARE(
        parsed->toJson(),
        R"({"id": 7, "from": "\u00e9ve", "date": "2025-01-02T03:04:05.678Z", "text": "caf\u00e9\n"})");
}

void TestMessage::fromJsonErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not json") << QByteArray("{");
    QTest::newRow("array") << QByteArray("[]");
    QTest::newRow("no id") << QByteArray(
        R"({"from": "a", "date": "2025-01-02T03:04:05Z", "text": "x"})");
    QTest::newRow("fractional id")
        << QByteArray(R"({"id": 1.5, "from": "a", "date": "2025-01-02T03:04:05Z", "text": "x"})");
    QTest::newRow("from number") << QByteArray(
        R"({"id": 1, "from": 2, "date": "2025-01-02T03:04:05Z", "text": "x"})");
    QTest::newRow("id as string") << QByteArray(
        R"({"id": "1", "from": "a", "date": "2025-01-02T03:04:05Z", "text": "x"})");
    QTest::newRow("from null") << QByteArray(
        R"({"id": 1, "from": null, "date": "2025-01-02T03:04:05Z", "text": "x"})");
    QTest::newRow("date number") << QByteArray(
        R"({"id": 1, "from": "a", "date": 1735787045, "text": "x"})");
    QTest::newRow("local date") << QByteArray(
        R"({"id": 1, "from": "a", "date": "2025-01-02T03:04:05+01:00", "text": "x"})");
    QTest::newRow("no text") << QByteArray(
        R"({"id": 1, "from": "a", "date": "2025-01-02T03:04:05Z"})");
    QTest::newRow("bad date") << QByteArray(
        R"({"id": 1, "from": "a", "date": "now", "text": "x"})");
}

void TestMessage::fromJsonErrors()
{
    QFETCH(QByteArray, json);
    const auto parsed = Message::fromJson(json);
    QVERIFY(!parsed);
    QVERIFY(!parsed.error().message.isEmpty());
}

QTEST_APPLESS_MAIN(TestMessage)
#include "tst_message.moc"
