#pragma once

#include "shared/model/message.h"

#include <QList>

namespace chat::server {

class GripPublisher;
class StreamHub;

// Sends committed messages to everyone waiting for them: the room's direct streams (the hub)
// and, through the GRIP proxy, its held streams. Each message is framed once for both.
class MessageDelivery
{
public:
    // `publisher` is null without GRIP_URL.
    MessageDelivery(StreamHub &hub, GripPublisher *publisher);

    void deliver(const QList<StoredMessage> &messages);

private:
    StreamHub &m_hub;
    GripPublisher *m_publisher;
};

} // namespace chat::server
