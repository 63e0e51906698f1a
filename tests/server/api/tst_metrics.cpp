// GET /metrics over real HTTP: the Prometheus text format as promtool checks it, counters that
// follow the traffic (requests by route and status class, posts committed, group commits,
// streams and deliveries, GRIP publishes through a real Pushpin), and a listener of its own
// (--metrics-port) that keeps the figures off the public port.
#include "tests/support/httptestclient.h"
#include "tests/support/pushpinprocess.h"
#include "tests/support/serverprocess.h"
#include "tests/support/ssetestclient.h"

#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace chat;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 20000;

// Samples by their full name with labels, as written: chat_x_total{a="b"} -> value.
QHash<QByteArray, double> samples(const QByteArray &text)
{
    QHash<QByteArray, double> values;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        values.insert(line.left(space), line.mid(space + 1).toDouble());
    }
    return values;
}

QByteArray scrape(quint16 port)
{
    const HttpResponse response = get(port, "/metrics");
    if (response.status != 200
        || !response.header("content-type").startsWith("text/plain; version=0.0.4"))
        return {};
    return response.body;
}

// promtool's verdict on the text: empty when it finds nothing wrong.
QByteArray promtoolProblems(const QByteArray &text)
{
    QProcess promtool;
    promtool.setProcessChannelMode(QProcess::MergedChannels);
    promtool.start(u"promtool"_s, { u"check"_s, u"metrics"_s });
    if (!promtool.waitForStarted(5000))
        return "promtool cannot be run (script/bootstrap installs Debian's prometheus package)";
    promtool.write(text);
    promtool.closeWriteChannel();
    promtool.waitForFinished(10000);
    const QByteArray output = promtool.readAll();
    if (promtool.exitCode() != 0 || !output.trimmed().isEmpty())
        return "exit " + QByteArray::number(promtool.exitCode()) + ": " + output;
    return {};
}

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT
private slots:
    void countersFollowTheTraffic();
    void gripPublishesThroughPushpin();
    void aListenerOfItsOwn();
};

void TestMetrics::countersFollowTheTraffic()
{
    ServerProcess origin(kUnlimitedPosting);
    QVERIFY2(origin.start(), origin.output().constData());
    const quint16 port = origin.port();

    const QByteArray first = scrape(port);
    QVERIFY2(!first.isEmpty(), "no metrics");
    const QByteArray problems = promtoolProblems(first);
    QVERIFY2(problems.isEmpty(), problems.constData());
    auto before = samples(first);
    QCOMPARE(
        before.value("chat_build_info{version=\"" CHAT_VERSION "\",qt=\"" QT_VERSION_STR "\"}"),
        1.0);
    QVERIFY(before.value("process_start_time_seconds") > 1.7e9);
    QVERIFY(before.value("process_resident_memory_bytes") > 0);
    QCOMPARE(before.value("chat_posts_committed_total"), 0.0);
    QCOMPARE(before.value("chat_database_up"), 1.0);

    SseTestClient stream;
    stream.open(port, "/rooms/metered/events/");
    QVERIFY(stream.waitUntilOpen(kWait));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(postForm(port, u"metered"_s, u"ann"_s, u"hello %1"_s.arg(i)).status, 200);
    QCOMPARE(get(port, "/rooms/metered/messages/").status, 200);
    QCOMPARE(get(port, "/rooms/metered/messages/?limit=0").status, 400);
    QCOMPARE(get(port, "/rooms/metered/nothing/").status, 404);
    QCOMPARE(post(port, "/rooms/metered/messages/", "text/csv", "a,b").status, 415);
    QTRY_COMPARE_WITH_TIMEOUT(stream.eventsOfType("message").size(), 3, kWait);

    const QByteArray text = scrape(port);
    const QByteArray again = promtoolProblems(text);
    QVERIFY2(again.isEmpty(), again.constData());
    const auto after = samples(text);
    QCOMPARE(after.value("chat_posts_committed_total"), 3.0);
    QCOMPARE(after.value("chat_http_requests_total{route=\"post\",code=\"2xx\"}"), 3.0);
    QCOMPARE(after.value("chat_http_requests_total{route=\"post\",code=\"4xx\"}"), 1.0);
    QCOMPARE(after.value("chat_http_requests_total{route=\"history\",code=\"2xx\"}"), 1.0);
    QCOMPARE(after.value("chat_http_requests_total{route=\"history\",code=\"4xx\"}"), 1.0);
    QCOMPARE(after.value("chat_http_requests_total{route=\"other\",code=\"4xx\"}"), 1.0);
    QCOMPARE(after.value("chat_http_requests_total{route=\"events\",code=\"2xx\"}"), 1.0);
    QCOMPARE(after.value("chat_http_requests_total{route=\"metrics\",code=\"2xx\"}"), 1.0);
    QCOMPARE(after.value("chat_http_request_duration_seconds_count{route=\"post\"}"), 4.0);
    QCOMPARE(after.value("chat_http_request_duration_seconds_bucket{route=\"post\",le=\"+Inf\"}"),
             4.0);
    QVERIFY(after.value("chat_http_request_duration_seconds_sum{route=\"post\"}") > 0);
    QCOMPARE(after.value("chat_http_request_duration_seconds_count{route=\"history\"}"), 2.0);
    // Each post came alone, so each was a batch of one.
    QCOMPARE(after.value("chat_group_commit_batch_size_count"), 3.0);
    QCOMPARE(after.value("chat_group_commit_batch_size_bucket{le=\"1\"}"), 3.0);
    QCOMPARE(after.value("chat_group_commit_duration_seconds_count"), 3.0);
    QCOMPARE(after.value("chat_direct_streams"), 1.0);
    QCOMPARE(after.value("chat_events_delivered_total"), 3.0);
    QCOMPARE(after.value("chat_stalled_readers_dropped_total"), 0.0);
    QCOMPARE(after.value("chat_database_errors_total"), 0.0);
    QVERIFY(after.value("chat_open_connections{listener=\"api\"}") >= 2); // the stream, this
    QVERIFY(!after.contains("chat_grip_published_total")); // no GRIP_URL
    stream.close();
    QCOMPARE(origin.terminate(), 0);
}

void TestMetrics::gripPublishesThroughPushpin()
{
    PushpinProcess pushpin;
    ServerProcess origin(kUnlimitedPosting + QStringList { u"--grip-url"_s, pushpin.gripUrl() });
    QVERIFY2(origin.start(), origin.output().constData());
    QVERIFY2(pushpin.start(origin.port()), pushpin.log().constData());
    SseTestClient held;
    held.open(pushpin.httpPort(), "/rooms/held/events/");
    QVERIFY(held.waitUntilOpen(kWait));
    QCOMPARE(postForm(origin.port(), u"held"_s, u"ann"_s, u"through the proxy"_s).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(held.eventsOfType("message").size(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(samples(scrape(origin.port())).value("chat_grip_published_total") >= 1,
                             kWait);
    const QByteArray text = scrape(origin.port());
    const QByteArray problems = promtoolProblems(text);
    QVERIFY2(problems.isEmpty(), problems.constData());
    const auto values = samples(text);
    QCOMPARE(values.value("chat_grip_publish_queue_length"), 0.0);
    QCOMPARE(values.value("chat_grip_publish_failures_total"), 0.0);
    QVERIFY(values.contains("chat_grip_publish_retries_total"));
    QCOMPARE(values.value("chat_direct_streams"), 0.0); // the proxy holds it
    held.close();
    pushpin.stop();
    QCOMPARE(origin.terminate(), 0);
}

void TestMetrics::aListenerOfItsOwn()
{
    ServerProcess origin({ u"--metrics-port"_s, u"0"_s });
    QVERIFY2(origin.start(), origin.output().constData());
    const auto found = origin.waitForOutput(
        QRegularExpression(u"chat-server metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics"_s));
    QVERIFY2(found, origin.output().constData());
    const auto metricsPort = quint16(found->captured(1).toUInt());
    QVERIFY(metricsPort != origin.port());

    const QByteArray text = scrape(metricsPort);
    QVERIFY(text.contains("chat_build_info"));
    QVERIFY(text.contains("chat_open_connections{listener=\"metrics\"}"));
    QCOMPARE(get(metricsPort, "/healthz").status, 404); // only /metrics there
    QCOMPARE(post(metricsPort, "/metrics", "text/plain", "x").status, 405);
    // The public port has no metrics: /metrics is just a room's page there.
    const HttpResponse onApi = get(origin.port(), "/metrics");
    QVERIFY(!onApi.body.contains("chat_build_info"));
    QCOMPARE(get(origin.port(), "/healthz").status, 200); // as it was
    // Scrapes count as requests too, on the same counters.
    QTRY_VERIFY_WITH_TIMEOUT(
        samples(scrape(metricsPort))
                .value("chat_http_requests_total{route=\"metrics\",code=\"2xx\"}")
            >= 2,
        kWait);
    QCOMPARE(origin.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
