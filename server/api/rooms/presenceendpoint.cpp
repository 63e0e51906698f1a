#include "server/api/rooms/presenceendpoint.h"

#include "server/api/delivery/roomdelivery.h"
#include "server/api/request/bans.h"
#include "server/api/request/postedform.h"
#include "server/api/rooms/presence.h"
#include "shared/model/compatjson.h"
#include "shared/model/message.h"
#include "shared/model/validation.h"
#include "shared/sse/roomevents.h"

#include <QHttpServerRequest>

using namespace Qt::StringLiterals;

namespace chat::server {

PresenceEndpoint::PresenceEndpoint(Presence &presence, RoomDelivery &delivery, const Bans &bans,
                                   PostLimits &limits)
    : m_presence(presence)
    , m_bans(bans)
    , m_limits(limits)
{
    // Every change, whether a request or the expiry made it.
    QObject::connect(&presence, &Presence::changed, &presence,
                     [&delivery](const QString &room, const QString &nickname, bool online) {
                         delivery.announce(room, roomevents::presenceFrame(nickname, online));
                     });
}

HttpReply PresenceEndpoint::online(const QString &room)
{
    const auto online = m_presence.online(room);
    if (!online)
        return HttpReply::storeUnavailable();
    QByteArray body = "{\"online\": [";
    const QList<Presence::Online> &people = *online;
    for (qsizetype i = 0; i < people.size(); ++i) {
        if (i > 0)
            body += ", ";
        body += "{\"from\": " + compatjson::quote(people.at(i).nickname) + ", \"since\": \""
            + Message::formatDate(QDateTime::fromMSecsSinceEpoch(people.at(i).sinceMs, Qt::UTC))
            + "\"}";
    }
    return HttpReply::json(body + "]}\n");
}

HttpReply PresenceEndpoint::post(const QString &room, const RequestContext &context,
                                 const QHttpServerRequest &request)
{
    const auto fields = parsePostedForm(request.value("content-type"), request.body(),
                                        { u"from"_s, u"status"_s });
    if (!fields)
        return HttpReply::error(fields.error());
    const auto from = urlencoding::lastValue(*fields, u"from");
    if (!from)
        return HttpReply::error(400, u"the field 'from' is missing"_s);
    if (const auto checked = checkNickname(*from); !checked)
        return HttpReply::error(checked.error());
    const QString status = urlencoding::lastValue(*fields, u"status").value_or(u"online"_s);
    if (status != u"online" && status != u"offline")
        return HttpReply::error(400, u"status must be online or offline"_s);
    if (auto banned = m_bans.refuse(context.client, *from))
        return *banned;
    if (auto refused = m_limits.admit(context.client, *from))
        return *refused;
    const auto recorded
        = status == u"online" ? m_presence.heartbeat(room, *from) : m_presence.leave(room, *from);
    if (!recorded)
        return HttpReply::storeUnavailable();
    return HttpReply { 204, {}, {} };
}

} // namespace chat::server
