#include "server/api/request/ratelimiter.h"

#include <algorithm>
#include <cmath>

namespace chat::server {

RateLimiter::RateLimiter(Options options)
    : m_options(options)
{ }

double RateLimiter::tokensAt(const Bucket &bucket, qint64 nowMs) const
{
    const double gained
        = double(std::max<qint64>(0, nowMs - bucket.atMs)) / 1000.0 * m_options.perSecond;
    return std::min(double(m_options.burst), bucket.tokens + gained);
}

qint64 RateLimiter::waitMs(const QString &key, qint64 nowMs) const
{
    if (!isEnabled())
        return 0;
    const auto it = m_buckets.constFind(key);
    if (it == m_buckets.cend())
        return 0; // a full bucket
    const double tokens = tokensAt(*it, nowMs);
    if (tokens >= 1)
        return 0;
    return qint64(std::ceil((1 - tokens) / m_options.perSecond * 1000.0));
}

void RateLimiter::take(const QString &key, qint64 nowMs)
{
    if (!isEnabled())
        return;
    forgetFullBuckets(nowMs);
    const auto it = m_buckets.find(key);
    const double tokens = it == m_buckets.end() ? m_options.burst : tokensAt(*it, nowMs);
    m_buckets.insert(key, Bucket { std::max(0.0, tokens - 1), nowMs });
}

void RateLimiter::forgetFullBuckets(qint64 nowMs)
{
    // A bucket is full again burst / perSecond after its last take at the latest.
    const qint64 refillMs = qint64(std::ceil(m_options.burst / m_options.perSecond * 1000.0));
    if (nowMs - m_lastSweepMs < std::max<qint64>(refillMs, 1000))
        return;
    m_lastSweepMs = nowMs;
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        if (tokensAt(*it, nowMs) >= m_options.burst)
            it = m_buckets.erase(it);
        else
            ++it;
    }
}

} // namespace chat::server
