// The Prometheus text format as written: HELP and TYPE lines, label values escaped, numbers
// as the format reads them, histograms with cumulative buckets ending in +Inf.
#include "server/metrics/exposition.h"
#include "server/metrics/histogram.h"

#include <QTest>

#include <limits>

using namespace chat::server::metrics;
using namespace Qt::StringLiterals;

class TestExposition : public QObject
{
    Q_OBJECT
private slots:
    void familiesAndSamples();
    void numbers();
    void histogram();
};

void TestExposition::familiesAndSamples()
{
    Exposition out;
    out.family("x_total", Exposition::Type::Counter, "Lines\nand \\ slashes.");
    out.sample("x_total", { { "room", u"a \"b\"\\\nc"_s }, { "code", u"2xx"_s } }, 3);
    out.gauge("up", "Up.", 1);
    QCOMPARE(out.text(),
             "# HELP x_total Lines\\nand \\\\ slashes.\n# TYPE x_total counter\n"
             "x_total{room=\"a \\\"b\\\"\\\\\\nc\",code=\"2xx\"} 3\n"
             "# HELP up Up.\n# TYPE up gauge\nup 1\n");
}

void TestExposition::numbers()
{
    QCOMPARE(Exposition::number(0), "0");
    QCOMPARE(Exposition::number(12345678901234.0), "12345678901234");
    QCOMPARE(Exposition::number(0.0005), "0.0005");
    QCOMPARE(Exposition::number(2.5), "2.5");
    QCOMPARE(Exposition::number(std::numeric_limits<double>::infinity()), "+Inf");
    QCOMPARE(Exposition::number(-std::numeric_limits<double>::infinity()), "-Inf");
    QCOMPARE(Exposition::number(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

void TestExposition::histogram()
{
    Histogram histogram({ 1, 2, 5 });
    for (const double value : { 0.5, 1.0, 1.5, 3.0, 7.0, 9.0 })
        histogram.observe(value);
    QCOMPARE(histogram.cumulativeCounts(), (QList<quint64> { 2, 3, 4, 6 })); // "le" is inclusive
    QCOMPARE(histogram.count(), 6u);
    QCOMPARE(histogram.sum(), 22.0);

    Exposition out;
    out.histogram("d_seconds", { { "route", u"post"_s } }, histogram);
    QCOMPARE(out.text(),
             "d_seconds_bucket{route=\"post\",le=\"1\"} 2\n"
             "d_seconds_bucket{route=\"post\",le=\"2\"} 3\n"
             "d_seconds_bucket{route=\"post\",le=\"5\"} 4\n"
             "d_seconds_bucket{route=\"post\",le=\"+Inf\"} 6\n"
             "d_seconds_sum{route=\"post\"} 22\n"
             "d_seconds_count{route=\"post\"} 6\n");
}

QTEST_APPLESS_MAIN(TestExposition)
#include "tst_exposition.moc"
