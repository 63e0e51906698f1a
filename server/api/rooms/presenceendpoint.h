#pragma once

#include "server/api/request/postlimits.h"
#include "server/api/request/requestcontext.h"
#include "server/http/httpreply.h"

class QHttpServerRequest;

namespace chat::server {

class Presence;
class Bans;
class RoomDelivery;

// GET and POST /rooms/{room}/presence/: who is online, and a heartbeat (form or JSON field
// `from`; with status=offline, leaving). Each change goes to the room's streams as a `presence`
// event without an id.
class PresenceEndpoint
{
public:
    PresenceEndpoint(Presence &presence, RoomDelivery &delivery, const Bans &bans,
                     PostLimits &limits);

    // {"online": [{"from": "alice", "since": "<date>"}, ...]}, sorted by nickname.
    HttpReply online(const QString &room);
    HttpReply post(const QString &room, const RequestContext &context,
                   const QHttpServerRequest &request);

private:
    Presence &m_presence;
    const Bans &m_bans;
    PostLimits &m_limits;
};

} // namespace chat::server
