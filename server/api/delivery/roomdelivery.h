#pragma once

#include "server/api/delivery/roomfeed.h"
#include "shared/model/message.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace chat::server {

class GripPublisher;
class MessageStore;
class StreamHub;

// Sends a room's events to everyone waiting for them: the room's direct streams (through the
// RoomFeed to the hub) and, through the GRIP proxy, its held streams. Committed messages go in
// their room's sequence (event ids, prev-id), published by the origin that committed them;
// ephemeral events (presence, typing) go to whoever listens now, with no id. Each event is
// framed once for both. On a database shared with other origins, their ephemeral events reach
// this origin's direct streams through a notification, and their commits through the feed.
class RoomDelivery
{
public:
    // `publisher` is null without GRIP_URL.
    RoomDelivery(MessageStore &store, StreamHub &hub, GripPublisher *publisher);

    // Events this origin committed.
    void deliver(const QList<StoredMessage> &messages);
    // `frame`: one ephemeral SSE event (roomevents::presenceFrame, typingFrame).
    void announce(const QString &room, const QByteArray &frame);

    RoomFeed &feed() { return m_feed; }

private:
    void received(const QString &channel, const QString &payload);

    MessageStore &m_store;
    StreamHub &m_hub;
    GripPublisher *m_publisher;
    RoomFeed m_feed;
};

} // namespace chat::server
