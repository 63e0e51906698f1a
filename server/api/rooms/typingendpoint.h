#pragma once

#include "server/api/request/postlimits.h"
#include "server/api/request/requestcontext.h"
#include "server/http/httpreply.h"

#include <QElapsedTimer>
#include <QHash>

class QHttpServerRequest;

namespace chat::server {

class Bans;
class RoomDelivery;

// POST /rooms/{room}/typing/ (field `from`): passes a `typing` event without an id to the
// room's streams, at most one per nickname and room every two seconds (the rest are answered
// 204 all the same, and dropped). Nothing is stored.
class TypingEndpoint
{
public:
    static constexpr qint64 kIntervalMs = 2000;

    TypingEndpoint(RoomDelivery &delivery, const Bans &bans, PostLimits &limits);

    HttpReply post(const QString &room, const RequestContext &context,
                   const QHttpServerRequest &request);

private:
    void forgetOld(qint64 now);

    RoomDelivery &m_delivery;
    const Bans &m_bans;
    PostLimits &m_limits;
    QElapsedTimer m_clock;
    QHash<std::pair<QString, QString>, qint64> m_lastPassed; // (room, nickname) -> ms
    qint64 m_lastSweep = 0;
};

} // namespace chat::server
