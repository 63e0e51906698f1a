#pragma once

#include "server/api/groupcommit.h"
#include "server/http/httpreply.h"

#include <QString>

class QHttpServerRequest;
class QHttpServerResponder;

namespace chat::server {

class MessageDelivery;
class MessageStore;

// GET and POST /rooms/{room}/messages/: the room's history, and posting a message (stored,
// committed, then delivered to the room's streams).
class MessagesEndpoint
{
public:
    static constexpr int kDefaultLimit = 50;
    static constexpr int kMaxLimit = 200;

    MessagesEndpoint(MessageStore &store, MessageDelivery &delivery);

    // {"messages": [newest first...], "last-event-id": "room-<room>:<n>"}; ?before=<id>&limit=<n>
    HttpReply history(const QString &room, const QHttpServerRequest &request);
    // Validates at once; a valid message is answered after the group commit.
    void post(const QString &room, const QHttpServerRequest &request,
              QHttpServerResponder &&responder);

private:
    MessageStore &m_store;
    GroupCommit m_commit;
};

} // namespace chat::server
