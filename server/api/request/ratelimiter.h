#pragma once

#include <QHash>
#include <QString>

namespace chat::server {

// Token buckets, one per key (a client address, a nickname): each holds up to `burst` tokens
// and gains `perSecond` a second; a request takes one. A rate of 0 turns the limit off. Buckets
// that have filled up again are forgotten, so memory follows the keys active in the last few
// seconds, not every key ever seen. Pure: the time is passed in.
class RateLimiter
{
public:
    struct Options
    {
        double perSecond = 5;
        int burst = 20;
    };

    explicit RateLimiter(Options options);

    bool isEnabled() const { return m_options.perSecond > 0; }
    // How long until `key` has a token (0: it has one now).
    qint64 waitMs(const QString &key, qint64 nowMs) const;
    // Takes a token of `key` (call only when waitMs() is 0).
    void take(const QString &key, qint64 nowMs);
    qsizetype trackedKeys() const { return m_buckets.size(); }

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 atMs = 0; // when `tokens` was right
    };

    double tokensAt(const Bucket &bucket, qint64 nowMs) const;
    void forgetFullBuckets(qint64 nowMs);

    Options m_options;
    QHash<QString, Bucket> m_buckets;
    qint64 m_lastSweepMs = 0;
};

} // namespace chat::server
