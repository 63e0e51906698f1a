#include "server/metrics/histogram.h"

#include <algorithm>

namespace chat::server::metrics {

Histogram::Histogram(QList<double> bounds)
    : m_bounds(std::move(bounds))
    , m_buckets(m_bounds.size() + 1, 0)
{
    Q_ASSERT(std::is_sorted(m_bounds.begin(), m_bounds.end()));
}

QList<double> Histogram::secondsBuckets()
{
    return {
        0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };
}

void Histogram::observe(double value)
{
    // The first bound at or above the value: Prometheus buckets are "less than or equal".
    const auto bucket = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), value);
    ++m_buckets[bucket - m_bounds.cbegin()];
    ++m_count;
    m_sum += value;
}

QList<quint64> Histogram::cumulativeCounts() const
{
    QList<quint64> cumulative;
    cumulative.reserve(m_buckets.size());
    quint64 total = 0;
    for (const quint64 inBucket : m_buckets)
        cumulative.append(total += inBucket);
    return cumulative;
}

} // namespace chat::server::metrics
