#include "server/api/rooms/typingendpoint.h"

#include "server/api/delivery/roomdelivery.h"
#include "server/api/request/bans.h"
#include "server/api/request/postedform.h"
#include "shared/model/validation.h"
#include "shared/sse/roomevents.h"

#include <QHttpServerRequest>

using namespace Qt::StringLiterals;

namespace chat::server {

TypingEndpoint::TypingEndpoint(RoomDelivery &delivery, const Bans &bans, PostLimits &limits)
    : m_delivery(delivery)
    , m_bans(bans)
    , m_limits(limits)
{
    m_clock.start();
}

HttpReply TypingEndpoint::post(const QString &room, const RequestContext &context,
                               const QHttpServerRequest &request)
{
    const auto fields
        = parsePostedForm(request.value("content-type"), request.body(), { u"from"_s });
    if (!fields)
        return HttpReply::error(fields.error());
    const auto from = urlencoding::lastValue(*fields, u"from");
    if (!from)
        return HttpReply::error(400, u"the field 'from' is missing"_s);
    if (const auto checked = checkNickname(*from); !checked)
        return HttpReply::error(checked.error());
    if (auto banned = m_bans.refuse(context.client, *from))
        return *banned;
    if (auto refused = m_limits.admit(context.client, *from))
        return *refused;
    const qint64 now = m_clock.elapsed();
    forgetOld(now);
    const std::pair<QString, QString> key { room, *from };
    const auto last = m_lastPassed.constFind(key);
    if (last == m_lastPassed.cend() || now - *last >= kIntervalMs) {
        m_lastPassed.insert(key, now);
        m_delivery.announce(room, roomevents::typingFrame(*from));
    }
    return HttpReply { 204, {}, {} };
}

void TypingEndpoint::forgetOld(qint64 now)
{
    if (now - m_lastSweep < kIntervalMs)
        return;
    m_lastSweep = now;
    for (auto it = m_lastPassed.begin(); it != m_lastPassed.end();) {
        if (now - *it >= kIntervalMs)
            it = m_lastPassed.erase(it);
        else
            ++it;
    }
}

} // namespace chat::server
