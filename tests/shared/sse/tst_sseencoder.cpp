// SSE frames byte for byte, and proof that no field value can inject a frame.
#include "shared/sse/sseencoder.h"
#include "shared/sse/sseparser.h"

#include <QTest>

using chat::SseEvent;
using chat::SseParser;
namespace sse = chat::sse;

class TestSseEncoder : public QObject
{
    Q_OBJECT
private slots:
    void frames_data();
    void frames();
    void injection_data();
    void injection();
    void fixedFrames();
};

void TestSseEncoder::frames_data()
{
    QTest::addColumn<SseEvent>("event");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("message") << SseEvent {
        "message", "room-default:1", R"({"id": 1})", std::nullopt
    } << QByteArray("event: message\nid: room-default:1\ndata: {\"id\": 1}\n\n");
    QTest::newRow("empty data") << SseEvent { "stream-open", {}, {}, std::nullopt }
                                << QByteArray("event: stream-open\ndata: \n\n");
    QTest::newRow("no type") << SseEvent { {}, {}, "x", std::nullopt } << QByteArray("data: x\n\n");
    QTest::newRow("retry") << SseEvent { {}, {}, "x", 3000 }
                           << QByteArray("retry: 3000\ndata: x\n\n");
    QTest::newRow("multi-line") << SseEvent { "m", {}, "a\r\nb\rc\nd", std::nullopt }
                                << QByteArray("event: m\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
    QTest::newRow("type and id of line breaks only")
        << SseEvent { "\r\n", "\n", "x", std::nullopt } << QByteArray("data: x\n\n");
    QTest::newRow("injection in data")
        << SseEvent { "m", {}, "x\n\nevent: evil\ndata: y", std::nullopt }
        << QByteArray("event: m\ndata: x\ndata: \ndata: event: evil\ndata: data: y\n\n");
    QTest::newRow("trailing newline")
        << SseEvent { {}, {}, "a\n", std::nullopt } << QByteArray("data: a\ndata: \n\n");
}

void TestSseEncoder::frames()
{
    QFETCH(SseEvent, event);
    QFETCH(QByteArray, bytes);
    QCOMPARE(sse::encode(event), bytes);
}

void TestSseEncoder::injection_data()
{
    QTest::addColumn<SseEvent>("event");
    QTest::addColumn<SseEvent>("parsed");
    QTest::newRow("type") << SseEvent { "message\nevent: evil", {}, "x", std::nullopt }
                          << SseEvent { "messageevent: evil", "7", "x", std::nullopt };
    QTest::newRow("id") << SseEvent { "m", "1\r\n\r\nevent: evil", "x", std::nullopt }
                        << SseEvent { "m", "1event: evil", "x", std::nullopt };
    QTest::newRow("data") << SseEvent { "m", {}, "x\n\nevent: evil\ndata: y", std::nullopt }
                          << SseEvent { "m", "7", "x\n\nevent: evil\ndata: y", std::nullopt };
    QTest::newRow("id of line breaks keeps last id")
        << SseEvent { "m", "\r\n", "x", std::nullopt } << SseEvent { "m", "7", "x", std::nullopt };
    QTest::newRow("nul") << SseEvent { QByteArray("m\0x", 3), QByteArray("1\0002", 3),
                                       QByteArray("a\0b", 3), std::nullopt }
                         << SseEvent { "mx", "12", "ab", std::nullopt };
}

void TestSseEncoder::injection()
{
    QFETCH(SseEvent, event);
    QFETCH(SseEvent, parsed);
    SseParser parser;
    parser.feed("id: 7\n\n"); // a last event id the frame must not reset by accident
    const QList<SseEvent> events = parser.feed(sse::encode(event));
    QCOMPARE(events.size(), 1); // exactly one frame, whatever the fields held
    QCOMPARE(events.first().type, parsed.type);
    QCOMPARE(events.first().id, parsed.id);
    QCOMPARE(events.first().data, parsed.data);
}

void TestSseEncoder::fixedFrames()
{
    const QByteArray preamble = sse::preamble();
    QCOMPARE(preamble.size(), 1 + 2048 + 2 + 27);
    QVERIFY(preamble.startsWith(':' + QByteArray(2048, ' ') + "\n\n"));
    QVERIFY(preamble.endsWith("event: stream-open\ndata: \n\n"));
    QCOMPARE(sse::keepAlive(), "event: keep-alive\ndata: \n\n");
    QCOMPARE(sse::comment("hi\nthere"), ": hi there\n\n");

    SseParser parser;
    const QList<SseEvent> events = parser.feed(preamble);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().type, "stream-open");
    QCOMPARE(parser.commentCount(), 1);
}

QTEST_APPLESS_MAIN(TestSseEncoder)
#include "tst_sseencoder.moc"
