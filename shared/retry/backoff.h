#pragma once

#include <QByteArrayView>
#include <QDateTime>
#include <optional>

namespace chat::desktop {

// The delay before the next reconnection attempt: exponential from a base (the server's SSE
// "retry:" value when it sent one), capped, with jitter so that many clients do not come back
// at the same instant; an HTTP Retry-After is a floor for the next attempt. Pure: the random
// number is passed in.
class ReconnectBackoff
{
public:
    explicit ReconnectBackoff(qint64 initialMs = 1000, qint64 maxMs = 30000);

    void setServerRetryMs(qint64 ms) { m_serverRetryMs = ms; } // SSE "retry:"
    void setRetryAfterMs(qint64 ms) { m_retryAfterMs = ms; } // next attempt only
    void reset() { m_attempts = 0; } // a connection succeeded

    // The delay for the next attempt; `random01` in [0, 1) picks the jitter: the delay lies in
    // [half, whole] of the exponential step. Counts the attempt.
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

} // namespace chat::desktop
