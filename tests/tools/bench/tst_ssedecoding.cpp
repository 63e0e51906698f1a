// The bench clients' decoding (tools/bench/ssedecoding.h), on literal response bytes: what the
// fan-out and storm figures rest on (a marker missed or an id misread would show up as a lost
// message or a replay from the wrong place).
#include "tools/bench/ssedecoding.h"

#include <QTest>

#include <cstdio>

// HTTP/1.1 chunked framing of one chunk.
std::string chunk(const std::string &data)
{
    char size[20];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + data + "\r\n";
}

class TestSseDecoding : public QObject
{
    Q_OBJECT

private slots:
    void head_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("chunked");
        QTest::addColumn<qlonglong>("contentLength");
        QTest::addColumn<bool>("close");
        QTest::newRow("stream") << QByteArray(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            "Transfer-Encoding: chunked\r\n\r\n5\r\nhello")
                                << 200 << true << -1LL << false;
        QTest::newRow("history") << QByteArray("HTTP/1.1 200 OK\r\ncontent-length: 17\r\n\r\n")
                                 << 200 << false << 17LL << false;
        QTest::newRow("refused") << QByteArray("HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n"
                                               "Content-Length: 0\r\n\r\n")
                                 << 502 << false << 0LL << true;
    }
    void head()
    {
        QFETCH(QByteArray, raw);
        const auto head = ResponseHead::parse(raw.toStdString());
        QVERIFY(head);
        QTEST(head->status, "status");
        QTEST(head->chunked, "chunked");
        QTEST(qlonglong(head->contentLength), "contentLength");
        QTEST(head->close, "close");
        QCOMPARE(head->size, size_t(raw.indexOf("\r\n\r\n") + 4));
    }
    void incompleteHead() { QVERIFY(!ResponseHead::parse("HTTP/1.1 200 OK\r\nContent-Ty")); }

    // Chunk boundaries in the middle of events, fed a byte at a time; a keep-alive and a
    // stream-open without markers, and an id without the optional space.
    void chunkedEvents()
    {
        const std::string body = chunk("event: stream-op") + chunk("en\n\n")
            + chunk("event: message\nid: room-bench:7\ndata: {\"text\": \"bench~7")
            + chunk("~\"}\n\n") + chunk("event: keep-alive\nid:room-b:9\n\n");
        SseBodyDecoder decoder(true);
        std::vector<int> markers;
        const size_t beforeTilde = body.find("~\"}");
        for (size_t i = 0; i < body.size(); ++i) {
            QVERIFY(decoder.feed(body.substr(i, 1), markers));
            if (i + 1 == beforeTilde) {
                QVERIFY(markers.empty());
                QCOMPARE(decoder.lastEventId(), std::string());
            }
        }
        QCOMPARE(markers, std::vector<int> { 7 });
        QCOMPARE(decoder.lastEventId(), std::string("room-b:9"));
    }

    void lastChunkEndsTheStream()
    {
        SseBodyDecoder decoder(true);
        std::vector<int> markers;
        QVERIFY(!decoder.feed("0\r\n\r\n", markers));
    }

    // A reconnecting client keeps its id until the new stream sends a newer one.
    void resumedIdIsKept()
    {
        SseBodyDecoder decoder(false, "room-bench:5");
        std::vector<int> markers;
        QVERIFY(decoder.feed(":" + std::string(2048, ' ') + "\n\nevent: stream-open\ndata:\n\n",
                             markers));
        QCOMPARE(decoder.lastEventId(), std::string("room-bench:5"));
        QVERIFY(
            decoder.feed("event: message\nid: room-bench:6\ndata: {\"text\": \"bench~6~\"}\n\n"
                         "event: message\nid: room-bench:7\ndata: {\"text\": \"bench~12x\"}\n\n",
                         markers));
        QCOMPARE(markers, std::vector<int> { 6 }); // "bench~12x" is not a marker
        QCOMPARE(decoder.lastEventId(), std::string("room-bench:7"));
    }
};

QTEST_APPLESS_MAIN(TestSseDecoding)
#include "tst_ssedecoding.moc"
