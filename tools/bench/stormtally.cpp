#include "stormtally.h"

#include <algorithm>

namespace {

double msBetween(BenchClock::time_point from, BenchClock::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size())))];
}

} // namespace

StormTally::StormTally(const PostTimes &posts, int before, BenchClock::time_point restart)
    : m_posts(posts)
    , m_before(before)
    , m_restart(restart)
    , m_reachedAll(size_t(posts.count()) + 1, restart)
{ }

void StormTally::add(const SubscriberResult &result)
{
    if (!result.opened)
        return; // never subscribed: nothing to expect
    const int total = m_posts.count();
    const bool reconnected = result.reopens > 0;
    m_dropped += result.dropped;
    m_reconnected += reconnected;
    m_historyReads += result.historyReads;
    m_historyErrors += result.historyErrors;
    m_reconnectAttempts += result.dropped ? result.attempts - 1 : 0;
    std::vector<int> seen(size_t(total) + 1, 0);
    int last = 0;
    bool ok = true;
    // Caught up: the stream is back and has delivered every message the server had answered
    // before this subscriber asked for it again.
    BenchClock::time_point caughtUp = result.headArrived;
    for (const Delivery &delivery : result.deliveries) {
        const int k = delivery.message;
        if (k < 1 || k > total)
            continue;
        ++m_deliveries;
        if (seen[size_t(k)]++)
            ++m_duplicates, ok = false;
        if (k < last)
            ++m_outOfOrder, ok = false;
        last = std::max(last, k);
        if (k <= m_before)
            continue;
        m_stormLatencies.push_back(msBetween(m_posts.sent[size_t(k)], delivery.arrived));
        m_reachedAll[size_t(k)] = std::max(m_reachedAll[size_t(k)], delivery.arrived);
        if (reconnected && m_posts.answered[size_t(k)] < result.requested)
            caughtUp = std::max(caughtUp, delivery.arrived);
    }
    for (int k = 1; k <= total; ++k) {
        if (!seen[size_t(k)])
            ++m_lost, ok = false;
    }
    m_complete += ok;
    if (reconnected) {
        m_catchUps.push_back(msBetween(m_restart, caughtUp));
        // When its last (successful) attempt began, the backoff's doing, and how long the
        // server then took to have it caught up.
        m_reconnectStarts.push_back(msBetween(m_restart, result.connectStarted));
        m_reconnectWaits.push_back(msBetween(result.connectStarted, caughtUp));
    }
}

double StormTally::catchUpMs() const
{
    return percentile(m_catchUps, 1.0);
}

QJsonObject StormTally::figures() const
{
    const int total = m_posts.count();
    double postedToAllMs = -1; // the slowest post-restart message, from its POST to the last
    for (int k = m_before + 1; k <= total; ++k) {
        postedToAllMs
            = std::max(postedToAllMs, msBetween(m_posts.sent[size_t(k)], m_reachedAll[size_t(k)]));
    }
    const double firstPostedToAllMs
        = total > m_before ? msBetween(m_restart, m_reachedAll[size_t(m_before) + 1]) : -1;
    return {
        { QStringLiteral("dropped"), m_dropped },
        { QStringLiteral("reconnected"), m_reconnected },
        { QStringLiteral("reconnectAttempts"), double(m_reconnectAttempts) },
        { QStringLiteral("historyReads"), m_historyReads },
        { QStringLiteral("historyErrors"), m_historyErrors },
        { QStringLiteral("catchUpMs"), catchUpMs() },
        { QStringLiteral("catchUpP50Ms"), percentile(m_catchUps, 0.5) },
        { QStringLiteral("lastReconnectStartMs"), percentile(m_reconnectStarts, 1.0) },
        { QStringLiteral("reconnectWaitP50Ms"), percentile(m_reconnectWaits, 0.5) },
        { QStringLiteral("reconnectWaitMaxMs"), percentile(m_reconnectWaits, 1.0) },
        { QStringLiteral("firstPostedToAllMs"), firstPostedToAllMs },
        { QStringLiteral("postedToAllMs"), postedToAllMs },
        { QStringLiteral("stormP50Ms"), percentile(m_stormLatencies, 0.5) },
        { QStringLiteral("stormP99Ms"), percentile(m_stormLatencies, 0.99) },
        { QStringLiteral("deliveries"), double(m_deliveries) },
        { QStringLiteral("lost"), double(m_lost) },
        { QStringLiteral("duplicates"), double(m_duplicates) },
        { QStringLiteral("outOfOrder"), double(m_outOfOrder) },
        { QStringLiteral("subscribersComplete"), m_complete },
    };
}
