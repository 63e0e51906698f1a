#include "server/api/delivery/roomdelivery.h"

#include "server/grip/grippublisher.h"
#include "server/streams/streamhub.h"
#include "shared/grip/gripprotocol.h"
#include "shared/sse/roomevents.h"

namespace chat::server {

RoomDelivery::RoomDelivery(StreamHub &hub, GripPublisher *publisher)
    : m_hub(hub)
    , m_publisher(publisher)
{ }

void RoomDelivery::deliver(const QList<StoredMessage> &messages)
{
    for (const StoredMessage &stored : messages) {
        const QByteArray frame = roomevents::frameFor(stored);
        m_hub.publish(stored.message.room, stored.eventNumber, frame);
        if (m_publisher)
            m_publisher->publish({ grip::publishChannel(stored.message.room), stored.eventNumber,
                                   stored.eventNumber - 1, frame });
    }
}

void RoomDelivery::announce(const QString &room, const QByteArray &frame)
{
    m_hub.publishEphemeral(room, frame);
    if (m_publisher)
        m_publisher->publish({ grip::ephemeralChannel(room), std::nullopt, std::nullopt, frame });
}

} // namespace chat::server
