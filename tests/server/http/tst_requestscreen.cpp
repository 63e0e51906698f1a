// RequestScreen: literal request bytes in, verdicts out.
#include "server/http/requestscreen.h"

#include <QTest>

using chat::server::RequestScreen;

class TestRequestScreen : public QObject
{
    Q_OBJECT
private slots:
    void verdicts_data();
    void verdicts();
    void splitAnywhere();
    void limitsDoNotDependOnHowBytesArrive_data();
    void limitsDoNotDependOnHowBytesArrive();
    void bodiesAreSkipped();
    void pipelinedRequestsAreEachScreened();
    void oversizedHeaderWithoutEnd();
    void headsAndPhases();
};

void TestRequestScreen::verdicts_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status"); // 0: accepted

    QTest::newRow("simple get") << QByteArray("GET /rooms/a/messages/ HTTP/1.1\r\nHost: x\r\n\r\n")
                                << 0;
    QTest::newRow("lf only") << QByteArray("GET / HTTP/1.1\nHost: x\n\n") << 0;
    QTest::newRow("http/1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << 0;
    QTest::newRow("encoded utf-8")
        << QByteArray("GET /rooms/caf%C3%A9/messages/ HTTP/1.1\r\n\r\n") << 0;
    QTest::newRow("query") << QByteArray(
        "GET /rooms/a/events/?lastEventId=room-a%3A3 HTTP/1.1\r\n\r\n")
                           << 0;
    QTest::newRow("post at limit")
        << QByteArray("POST /rooms/a/messages/ HTTP/1.1\r\nContent-Length: 65536\r\n\r\n") << 0;
    QTest::newRow("post over limit")
        << QByteArray("POST /rooms/a/messages/ HTTP/1.1\r\nContent-Length: 65537\r\n\r\n") << 413;
    QTest::newRow("huge length") << QByteArray(
        "POST / HTTP/1.1\r\ncontent-length: 99999999999999999999\r\n\r\n")
                                 << 400;
    QTest::newRow("negative length")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("conflicting lengths")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 400;
    QTest::newRow("chunked upload")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n") << 411;
    QTest::newRow("length and chunked")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")
        << 411;
    QTest::newRow("chunked and length")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n")
        << 411;
    QTest::newRow("same length twice")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi") << 0;
    QTest::newRow("plus in length")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n") << 400;
    QTest::newRow("space inside length")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1 0\r\n\r\n") << 400;
    QTest::newRow("list of lengths")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n") << 400;
    QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nX-A: a\r\n  folded\r\n\r\n") << 400;
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
    QTest::newRow("nul in a value")
        << QByteArray("GET / HTTP/1.1\r\nX-A: a") + '\0' + QByteArray("b\r\n\r\n") << 400;
    QTest::newRow("cr in a value") << QByteArray("GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n") << 400;
    QTest::newRow("tab in a value") << QByteArray("GET / HTTP/1.1\r\nX-A: a\tb\r\n\r\n") << 0;
    QTest::newRow("obs-text in a value")
        << QByteArray("GET / HTTP/1.1\r\nX-A: caf\xc3\xa9\r\n\r\n") << 0;
    QTest::newRow("authority-looking target")
        << QByteArray("GET //x/healthz HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("absolute-form target")
        << QByteArray("GET http://x/healthz HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("double slash inside the path") << QByteArray("GET /a//b HTTP/1.1\r\n\r\n") << 0;
    QTest::newRow("bad percent") << QByteArray("GET /rooms/a%zz/messages/ HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("truncated percent") << QByteArray("GET /rooms/a% HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("raw utf-8 in target")
        << QByteArray("GET /rooms/caf\xc3\xa9/ HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("control char in target") << QByteArray("GET /a\x01 HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("relative target") << QByteArray("GET rooms HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("garbage line") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::newRow("bad method") << QByteArray("G(T / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("http/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505;
    QTest::newRow("header without colon") << QByteArray("GET / HTTP/1.1\r\nBroken\r\n\r\n") << 400;
    QTest::newRow("long request line")
        << QByteArray("GET /" + QByteArray(9000, 'a') + " HTTP/1.1\r\n\r\n") << 414;
    QTest::newRow("large header block")
        << QByteArray("GET / HTTP/1.1\r\nX: " + QByteArray(17000, 'a') + "\r\n\r\n") << 431;
}

void TestRequestScreen::verdicts()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    RequestScreen screen;
    const auto screened = screen.feed(request);
    QCOMPARE(screened ? 0 : screened.error().status, status);
    if (!screened)
        QVERIFY(!screened.error().message.isEmpty());
}

void TestRequestScreen::splitAnywhere()
{
    const QByteArray bad = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 70000\r\n\r\n";
    for (qsizetype cut = 0; cut <= bad.size(); ++cut) {
        RequestScreen screen;
        auto first = screen.feed(QByteArrayView(bad).first(cut));
        auto second = first ? screen.feed(QByteArrayView(bad).sliced(cut)) : first;
        QVERIFY2(!second && second.error().status == 413, qPrintable(QString::number(cut)));
    }
}

void TestRequestScreen::limitsDoNotDependOnHowBytesArrive_data()
{
    // Found by fuzzing: a line end or blank line split across reads counted against the limits.
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const RequestScreen::Limits limits;
    const QByteArray start = "GET /";
    const QByteArray end = " HTTP/1.1";
    const QByteArray lineAtLimit
        = start + QByteArray(limits.maxRequestLine - start.size() - end.size(), 'a') + end;
    QTest::newRow("request line at the limit") << QByteArray(lineAtLimit + "\r\n\r\n") << 0;
    QTest::newRow("request line over the limit")
        << QByteArray("GET /a" + lineAtLimit.sliced(5) + "\r\n\r\n") << 414;
    const QByteArray first = "GET / HTTP/1.1\r\nX: ";
    const QByteArray blockAtLimit = first + QByteArray(limits.maxHeaderBlock - first.size(), 'b');
    QTest::newRow("header block at the limit") << QByteArray(blockAtLimit + "\r\n\r\n") << 0;
    QTest::newRow("header block over the limit") << QByteArray(blockAtLimit + "b\r\n\r\n") << 431;
    QTest::newRow("LF only, at the limit") << QByteArray(blockAtLimit + "\n\n") << 0;
    QTest::newRow("too large for both limits")
        << QByteArray("GET /" + QByteArray(limits.maxHeaderBlock, 'c') + " HTTP/1.1\r\n\r\n")
        << 414;
}

void TestRequestScreen::limitsDoNotDependOnHowBytesArrive()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    const auto verdict = [](const QList<QByteArrayView> &reads) {
        RequestScreen screen;
        for (const QByteArrayView read : reads) {
            if (const auto screened = screen.feed(read); !screened)
                return screened.error().status;
        }
        return 0;
    };
    QCOMPARE(verdict({ request }), status);
    // Cut anywhere near the line ends and the blank line, and byte by byte at the end.
    const qsizetype lineEnd = request.indexOf('\n');
    for (qsizetype cut : { lineEnd - 1, lineEnd, lineEnd + 1, request.size() - 4,
                           request.size() - 3, request.size() - 2, request.size() - 1 }) {
        if (cut <= 0 || cut >= request.size())
            continue;
        QCOMPARE(
            verdict({ QByteArrayView(request).first(cut), QByteArrayView(request).sliced(cut) }),
            status);
    }
    QList<QByteArrayView> tail { QByteArrayView(request).first(request.size() - 4) };
    for (qsizetype i = request.size() - 4; i < request.size(); ++i)
        tail.append(QByteArrayView(request).sliced(i, 1));
    QCOMPARE(verdict(tail), status);
}

void TestRequestScreen::bodiesAreSkipped()
{
    // A body that looks like a bad request must not be screened as one.
    RequestScreen screen;
    const QByteArray body = "GET /%zz HTTP/1.1\r\n\r\n";
    const QByteArray request = "POST /x HTTP/1.1\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    for (char c : request)
        QVERIFY(screen.feed(QByteArrayView(&c, 1)));
    QCOMPARE(screen.feed("GET /%zz HTTP/1.1\r\n\r\n").error().status, 400);
}

void TestRequestScreen::pipelinedRequestsAreEachScreened()
{
    RequestScreen screen;
    QVERIFY(screen.feed("GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi"
                        "\r\nGET /c HTTP/1.1\r\n\r\n"));
    const auto screened = screen.feed("POST /d HTTP/1.1\r\nContent-Length: 100000\r\n\r\n");
    QVERIFY(!screened);
    QCOMPARE(screened.error().status, 413);
}

void TestRequestScreen::oversizedHeaderWithoutEnd()
{
    RequestScreen screen;
    QVERIFY(screen.feed("GET / HTTP/1.1\r\n"));
    chat::Result<void> screened;
    for (int i = 0; i < 100 && screened; ++i)
        screened = screen.feed("X-Filler: " + QByteArray(1000, 'x') + "\r\n");
    QVERIFY(!screened);
    QCOMPARE(screened.error().status, 431);
}

void TestRequestScreen::headsAndPhases()
{
    RequestScreen screen;
    QCOMPARE(screen.phase(), RequestScreen::Phase::BetweenRequests);
    QVERIFY(screen.feed("POST /rooms/a/messages/?x=%20y HTTP/1.1\r\nContent-Length: 4\r\n"));
    QCOMPARE(screen.phase(), RequestScreen::Phase::InHead);
    QVERIFY(!screen.hasHead());
    QVERIFY(screen.feed("Connection: keep-alive, close\r\n\r\nab"));
    QCOMPARE(screen.phase(), RequestScreen::Phase::InBody);
    QVERIFY(
        screen.feed("cdGET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
    QCOMPARE(screen.phase(), RequestScreen::Phase::BetweenRequests);

    const RequestScreen::Head post = screen.takeHead();
    QCOMPARE(post.target, "/rooms/a/messages/?x=%20y"); // literal, as sent
    QVERIFY(!post.http10);
    QVERIFY(post.wantsClose);
    const RequestScreen::Head old = screen.takeHead();
    QVERIFY(old.http10);
    QVERIFY(old.wantsClose); // HTTP/1.0 closes unless asked to keep alive
    const RequestScreen::Head kept = screen.takeHead();
    QVERIFY(kept.http10);
    QVERIFY(!kept.wantsClose);
    QVERIFY(!screen.hasHead());
}

QTEST_APPLESS_MAIN(TestRequestScreen)
#include "tst_requestscreen.moc"
