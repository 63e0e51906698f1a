// StormTally: what the subscribers of a reconnect storm saw, summed up: exactly-once, in-order
// delivery of the marked messages, when each reconnected subscriber had caught up, and when each
// message posted after the restart had reached everyone. Pure: results in, figures out.
#pragma once

#include "ssesubscribers.h"

#include <QJsonObject>

#include <vector>

// When each marked message k (1-based) was posted and when the server answered the POST.
struct PostTimes
{
    std::vector<BenchClock::time_point> sent, answered;

    explicit PostTimes(int count)
        : sent(size_t(count) + 1)
        , answered(size_t(count) + 1)
    { }
    int count() const { return int(sent.size()) - 1; }
};

class StormTally
{
public:
    // before: messages 1..before were posted before the restart, the rest after it.
    StormTally(const PostTimes &posts, int before, BenchClock::time_point restart);

    void add(const SubscriberResult &result);
    // lost, duplicates, outOfOrder, catchUpMs (-1: nobody reconnected) and the rest.
    QJsonObject figures() const;
    bool exactlyOnceInOrder() const
    {
        return m_lost == 0 && m_duplicates == 0 && m_outOfOrder == 0;
    }
    double catchUpMs() const;

private:
    const PostTimes &m_posts;
    int m_before;
    BenchClock::time_point m_restart;
    long long m_lost = 0, m_duplicates = 0, m_outOfOrder = 0, m_deliveries = 0;
    long long m_reconnectAttempts = 0;
    int m_complete = 0, m_dropped = 0, m_reconnected = 0, m_historyReads = 0, m_historyErrors = 0;
    std::vector<double> m_catchUps, m_reconnectStarts, m_reconnectWaits, m_stormLatencies;
    std::vector<BenchClock::time_point> m_reachedAll; // per message posted after the restart
};
