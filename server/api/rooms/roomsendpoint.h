#pragma once

#include "server/api/request/requestcontext.h"
#include "server/http/httpreply.h"

namespace chat::server {

class MessageStore;
class Presence;

// GET /rooms/: the rooms directory, most recently active first:
// {"rooms": [{"name": "...", "messages": N, "last-message-at": "<date>", "online": K}, ...]};
// ?limit=1..200 (50), ?before=<room name> for the page after that room.
class RoomsEndpoint
{
public:
    static constexpr int kDefaultLimit = 50;
    static constexpr int kMaxLimit = 200;

    RoomsEndpoint(MessageStore &store, Presence &presence);

    HttpReply list(const RequestContext &context);

private:
    MessageStore &m_store;
    Presence &m_presence;
};

} // namespace chat::server
