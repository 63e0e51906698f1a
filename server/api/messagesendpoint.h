#pragma once

#include "server/httpreply.h"
#include "server/postbatcher.h"

#include <QString>

class QHttpServerRequest;
class QHttpServerResponder;

namespace chat::server {

class EventStreamHub;
class GripPublisher;
class MessageStore;

// GET and POST /rooms/{room}/messages/: the room's history, and posting a message (stored,
// committed, then sent to the room's direct streams and published to the GRIP proxy).
class MessagesEndpoint
{
public:
    static constexpr int kDefaultLimit = 50;
    static constexpr int kMaxLimit = 200;

    // `grip` is null without GRIP_URL.
    MessagesEndpoint(MessageStore &store, EventStreamHub &hub, GripPublisher *grip);

    // {"messages": [newest first...], "last-event-id": "room-<room>:<n>"}; ?before=<id>&limit=<n>
    HttpReply history(const QString &room, const QHttpServerRequest &request);
    // Validates at once; a valid message is answered after the group commit (PostBatcher).
    void post(const QString &room, const QHttpServerRequest &request,
              QHttpServerResponder &&responder);

private:
    MessageStore &m_store;
    PostBatcher m_batcher;
};

} // namespace chat::server
