#pragma once

#include <QByteArrayView>
#include <QDateTime>
#include <optional>

namespace chat {

// The one retry schedule of the project (the desktop client's streams and requests, the GRIP
// publisher; the page's web/js/backoff.js is checked against the same vectors in
// tests/vectors/backoff.json): exponential from a base, capped, with jitter so that many clients
// do not come back at the same instant, and an HTTP Retry-After as a floor for the next attempt.
// Pure: the random number is passed in.
class Backoff
{
public:
    explicit Backoff(qint64 initialMs = 1000, qint64 maxMs = 30000);

    // The delay for retry number `attempt` (0 for the first): the exponential step
    // min(max(maxMs, baseMs), baseMs * 2^attempt), jittered by `random01` in [0, 1) over its
    // upper half, [step / 2, step).
    static qint64 delayMs(qint64 baseMs, qint64 maxMs, int attempt, double random01);

    void setServerRetryMs(qint64 ms) { m_serverRetryMs = ms; } // SSE "retry:" replaces the base
    void setRetryAfterMs(qint64 ms) { m_retryAfterMs = ms; } // a floor for the next attempt only
    void reset() { m_attempts = 0; } // it worked

    // The delay for the next attempt (counted), with the Retry-After floor if one was set.
    qint64 nextDelayMs(double random01);
    int attempts() const { return m_attempts; }
    qint64 baseMs() const { return m_serverRetryMs.value_or(m_initialMs); }

    // Retry-After as delay-seconds or an HTTP date; nothing when malformed.
    static std::optional<qint64> parseRetryAfter(QByteArrayView value, const QDateTime &now);

private:
    qint64 m_initialMs;
    qint64 m_maxMs;
    std::optional<qint64> m_serverRetryMs;
    std::optional<qint64> m_retryAfterMs;
    int m_attempts = 0;
};

} // namespace chat
