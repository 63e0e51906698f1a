#pragma once

#include "server/api/groupcommit.h"
#include "server/api/ratelimiter.h"
#include "server/api/requestcontext.h"
#include "server/http/httpreply.h"

#include <QElapsedTimer>
#include <QString>

class QHttpServerRequest;
class QHttpServerResponder;

namespace chat::server {

class MessageDelivery;
class MessageStore;

// GET and POST /rooms/{room}/messages/: the room's history, and posting a message (stored,
// committed, then delivered to the room's streams), limited per client address and per
// nickname.
class MessagesEndpoint
{
public:
    static constexpr int kDefaultLimit = 50;
    static constexpr int kMaxLimit = 200;

    MessagesEndpoint(MessageStore &store, MessageDelivery &delivery, RateLimiter::Options postRate);

    // {"messages": [newest first...], "last-event-id": "room-<room>:<n>"}; ?before=<id>&limit=<n>
    HttpReply history(const QString &room, const RequestContext &context);
    // Validates at once; a valid message is answered after the group commit.
    void post(const QString &room, const RequestContext &context, const QHttpServerRequest &request,
              QHttpServerResponder &&responder);

    qint64 rateLimited() const { return m_rateLimited; } // posts refused with 429

private:
    MessageStore &m_store;
    GroupCommit m_commit;
    RateLimiter m_byClient;
    RateLimiter m_byNickname;
    QElapsedTimer m_clock;
    qint64 m_rateLimited = 0;
};

} // namespace chat::server
