#include "shared/retry/backoff.h"

#include "shared/text/integers.h"

#include <QLocale>
#include <algorithm>
#include <limits>

namespace chat {

Backoff::Backoff(qint64 initialMs, qint64 maxMs)
    : m_initialMs(initialMs)
    , m_maxMs(maxMs)
{ }

qint64 Backoff::delayMs(qint64 baseMs, qint64 maxMs, int attempt, double random01)
{
    const qint64 base = std::max<qint64>(1, baseMs);
    const qint64 cap = std::max(maxMs, base);
    qint64 step = base;
    for (int i = 0; i < attempt && step < cap; ++i)
        step *= 2;
    step = std::min(step, cap);
    const double jitter = std::clamp(random01, 0.0, 1.0);
    return step / 2 + qint64(double(step - step / 2) * jitter);
}

qint64 Backoff::nextDelayMs(double random01)
{
    qint64 delay = delayMs(baseMs(), m_maxMs, m_attempts, random01);
    ++m_attempts;
    if (m_retryAfterMs) {
        delay = std::max(delay, *m_retryAfterMs);
        m_retryAfterMs.reset();
    }
    return delay;
}

std::optional<qint64> Backoff::parseRetryAfter(QByteArrayView value, const QDateTime &now)
{
    const QByteArray text = value.toByteArray().trimmed();
    if (text.isEmpty())
        return std::nullopt;
    if (const auto seconds = parseInteger(text, 0, std::numeric_limits<qint64>::max() / 1000))
        return *seconds * 1000;
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    if (!text.endsWith(" GMT"))
        return std::nullopt;
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(text).chopped(4),
                                             QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"));
    if (!when.isValid())
        return std::nullopt;
    when.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, now.msecsTo(when));
}

} // namespace chat
