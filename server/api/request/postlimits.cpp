#include "server/api/request/postlimits.h"

using namespace Qt::StringLiterals;

namespace chat::server {

PostLimits::PostLimits(RateLimiter::Options options, QString what)
    : m_byClient(options)
    , m_byNickname(options)
    , m_what(std::move(what))
{
    m_clock.start();
}

std::optional<HttpReply> PostLimits::admit(const QString &client, const QString &nickname)
{
    const qint64 now = m_clock.elapsed();
    const qint64 waitMs
        = std::max(m_byClient.waitMs(client, now), m_byNickname.waitMs(nickname, now));
    if (waitMs > 0) {
        ++m_refused;
        const qint64 seconds = std::max<qint64>(1, (waitMs + 999) / 1000);
        return HttpReply::error(429, u"too many %1: try again in %2 s"_s.arg(m_what).arg(seconds))
            .withHeader("Retry-After", QByteArray::number(seconds));
    }
    m_byClient.take(client, now);
    m_byNickname.take(nickname, now);
    return std::nullopt;
}

} // namespace chat::server
