#pragma once

#include <QList>

namespace chat::server::metrics {

// A Prometheus histogram: how many observations fell into each bucket, their count and their
// sum. Plain numbers, no atomics: it is observed and read on one thread (the event loop's).
class Histogram
{
public:
    // `bounds` are the buckets' upper bounds, ascending; +Inf is implied.
    explicit Histogram(QList<double> bounds);

    // Request and commit durations in seconds, from 0.25 ms to 10 s.
    static QList<double> secondsBuckets();

    void observe(double value);

    const QList<double> &bounds() const { return m_bounds; }
    // Observations at or below bounds()[i], cumulative as the format wants; the last is count().
    QList<quint64> cumulativeCounts() const;
    quint64 count() const { return m_count; }
    double sum() const { return m_sum; }

private:
    QList<double> m_bounds;
    QList<quint64> m_buckets; // per bucket, not cumulative; one more than bounds (+Inf)
    quint64 m_count = 0;
    double m_sum = 0;
};

} // namespace chat::server::metrics
