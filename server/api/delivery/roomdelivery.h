#pragma once

#include "shared/model/message.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace chat::server {

class GripPublisher;
class StreamHub;

// Sends a room's events to everyone waiting for them: the room's direct streams (the hub) and,
// through the GRIP proxy, its held streams. Committed messages go in their room's sequence
// (event ids, prev-id); ephemeral events (presence, typing) go to whoever listens now, with no
// id. Each event is framed once for both.
class RoomDelivery
{
public:
    // `publisher` is null without GRIP_URL.
    RoomDelivery(StreamHub &hub, GripPublisher *publisher);

    void deliver(const QList<StoredMessage> &messages);
    // `frame`: one ephemeral SSE event (roomevents::presenceFrame, typingFrame).
    void announce(const QString &room, const QByteArray &frame);

private:
    StreamHub &m_hub;
    GripPublisher *m_publisher;
};

} // namespace chat::server
