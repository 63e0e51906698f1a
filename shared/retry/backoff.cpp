#include "desktop-client/reconnectbackoff.h"

#include <QLocale>
#include <algorithm>

namespace chat::desktop {

ReconnectBackoff::ReconnectBackoff(qint64 initialMs, qint64 maxMs)
    : m_initialMs(initialMs)
    , m_maxMs(maxMs)
{ }

qint64 ReconnectBackoff::nextDelayMs(double random01)
{
    const qint64 base = std::max<qint64>(1, baseMs());
    const qint64 cap = std::max(m_maxMs, base);
    qint64 step = base;
    for (int i = 0; i < m_attempts && step < cap; ++i)
        step *= 2;
    step = std::min(step, cap);
    ++m_attempts;
    const double jitter = std::clamp(random01, 0.0, 1.0);
    qint64 delay = step / 2 + qint64(double(step - step / 2) * jitter);
    if (m_retryAfterMs) {
        delay = std::max(delay, *m_retryAfterMs);
        m_retryAfterMs.reset();
    }
    return delay;
}

std::optional<qint64> ReconnectBackoff::parseRetryAfter(QByteArrayView value, const QDateTime &now)
{
    const QByteArray text = value.toByteArray().trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = text.toLongLong(&ok);
    if (ok)
        return seconds >= 0 ? std::optional<qint64>(seconds * 1000) : std::nullopt;
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(text).chopped(4),
                                             QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"));
    if (!when.isValid() || !text.endsWith(" GMT"))
        return std::nullopt;
    when.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, now.msecsTo(when));
}

} // namespace chat::desktop
