#pragma once

#include "server/httpreply.h"

#include <QString>

class QHttpServerRequest;

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
    HttpReply post(const QString &room, const QHttpServerRequest &request);

private:
    MessageStore &m_store;
    EventStreamHub &m_hub;
    GripPublisher *m_grip;
};

} // namespace chat::server
