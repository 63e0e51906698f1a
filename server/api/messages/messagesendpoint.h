#pragma once

#include "server/api/messages/groupcommit.h"
#include "server/api/request/postlimits.h"
#include "server/api/request/requestcontext.h"
#include "server/http/httpreply.h"

#include <QString>

class QHttpServerRequest;
class QHttpServerResponder;

namespace chat::server {

class RoomDelivery;
class Bans;
class MessageStore;

// GET and POST /rooms/{room}/messages/: the room's history, and posting a message (stored,
// committed, then delivered to the room's streams), limited per client address and per
// nickname.
class MessagesEndpoint
{
public:
    static constexpr int kDefaultLimit = 50;
    static constexpr int kMaxLimit = 200;

    MessagesEndpoint(MessageStore &store, RoomDelivery &delivery, const Bans &bans,
                     RateLimiter::Options postRate);

    // {"messages": [newest first...], "last-event-id": "room-<room>:<n>"}; ?before=<id>&limit=<n>
    HttpReply history(const QString &room, const RequestContext &context);
    // Validates at once; a valid message is answered after the group commit.
    void post(const QString &room, const RequestContext &context, const QHttpServerRequest &request,
              QHttpServerResponder &&responder);

    qint64 rateLimited() const { return m_limits.refused(); } // posts refused with 429
    const GroupCommit::Stats &commits() const { return m_commit.stats(); }

private:
    MessageStore &m_store;
    GroupCommit m_commit;
    const Bans &m_bans;
    PostLimits m_limits;
};

} // namespace chat::server
