// GRIP instructions and EPCP publish bodies as literal protocol text.
#include "shared/grip/gripprotocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace chat::grip;

class TestGripProtocol : public QObject
{
    Q_OBJECT
private slots:
    void channels();
    void holdHeaders();
    void pagingHeaders();
    void gripLast_data();
    void gripLast();
    void publish();
    void ephemeral();
};

void TestGripProtocol::channels()
{
    QCOMPARE(publishChannel(u"default"), "events-room-default");
    QCOMPARE(publishChannel(u"café 1"), "events-room-caf%C3%A9%201");
    QCOMPARE(ephemeralChannel(u"café 1"), "ephemeral-room-caf%C3%A9%201");
}

void TestGripProtocol::holdHeaders()
{
    const Headers headers = instructionHeaders({ "events-room-default",
                                                 {},
                                                 17,
                                                 true,
                                                 "/rooms/default/events/?link=next&recover=true",
                                                 20 });
    const Headers expected {
        { "Grip-Hold", "stream" },
        { "Grip-Channel", "events-room-default; prev-id=17" },
        { "Grip-Keep-Alive", "event: keep-alive\\ndata: \\n\\n; format=cstring; timeout=20" },
        { "Grip-Link", "</rooms/default/events/?link=next&recover=true>; rel=next" },
    };
    QCOMPARE(headers, expected);
}

void TestGripProtocol::pagingHeaders()
{
    const Headers headers
        = instructionHeaders({ "events-room-a",
                               {},
                               100,
                               false,
                               "/rooms/a/events/?link=next&lastEventId=room-a%3A100",
                               20 });
    QCOMPARE(headers,
             (Headers { { "Grip-Link",
                          "</rooms/a/events/?link=next&lastEventId=room-a%3A100>; rel=next" } }));
    QCOMPARE(cstringEscape("a\\b\r\n\t"), "a\\\\b\\r\\n\\t");
}

void TestGripProtocol::gripLast_data()
{
    QTest::addColumn<QList<QByteArray>>("values");
    QTest::addColumn<qint64>("expected"); // -1: nothing
    QTest::newRow("one") << QList<QByteArray> { "events-room-a; last-id=17" } << qint64(17);
    QTest::newRow("quoted") << QList<QByteArray> { "events-room-a; last-id=\"4\"" } << qint64(4);
    QTest::newRow("several") << QList<QByteArray> {
        "events-room-b; last-id=3, events-room-a; last-id=9"
    } << qint64(9);
    QTest::newRow("other channel")
        << QList<QByteArray> { "events-room-ab; last-id=3" } << qint64(-1);
    QTest::newRow("absent") << QList<QByteArray> { QByteArray() } << qint64(-1);
    QTest::newRow("not a number") << QList<QByteArray> { "events-room-a; last-id=x" } << qint64(-1);
}

void TestGripProtocol::gripLast()
{
    QFETCH(QList<QByteArray>, values);
    QFETCH(qint64, expected);
    const auto lastId = lastIdFor(values, "events-room-a");
    QCOMPARE(lastId.value_or(-1), expected);
}

void TestGripProtocol::publish()
{
    const QByteArray body
        = publishBody({ { "events-room-a", 18, 17,
                          "event: message\nid: room-a:18\ndata: {\"text\": \"100%\"}\n\n" } });
    const QByteArray expected
        = "{\"items\":[{\"channel\":\"events-room-a\",\"formats\":{\"http-stream\":"
          "{\"content\":\"event: message\\nid: room-a:18\\ndata: "
          "{\\\"text\\\": \\\"100%\\\"}\\n\\n\"}},\"id\":\"18\",\"prev-id\":\"17\"}]}";
    QCOMPARE(body, expected);
    QCOMPARE(QJsonDocument::fromJson(publishBody({ {}, {} }))
                 .object()
                 .value(QStringLiteral("items"))
                 .toArray()
                 .size(),
             2);
}

void TestGripProtocol::ephemeral()
{
    // Held on both channels; only the messages' one carries prev-id.
    StreamInstruction instruction { "events-room-a", "ephemeral-room-a", 3, true, {}, 20 };
    const Headers headers = instructionHeaders(instruction);
    QCOMPARE(headers.value(1),
             (std::pair<QByteArray, QByteArray> { "Grip-Channel",
                                                  "events-room-a; prev-id=3, ephemeral-room-a" }));
    // An ephemeral item has neither id nor prev-id.
    const QByteArray body
        = publishBody({ { "ephemeral-room-a", std::nullopt, std::nullopt, "event: typing\n\n" } });
    QCOMPARE(body,
             "{\"items\":[{\"channel\":\"ephemeral-room-a\",\"formats\":{\"http-stream\":"
             "{\"content\":\"event: typing\\n\\n\"}}}]}");
    // Grip-Last names both channels; the messages' id is found among them.
    QCOMPARE(
        lastIdFor({ "ephemeral-room-a, events-room-a; last-id=9" }, "events-room-a").value_or(-1),
        9);
}

QTEST_APPLESS_MAIN(TestGripProtocol)
#include "tst_gripprotocol.moc"
