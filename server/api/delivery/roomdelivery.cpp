#include "server/api/delivery/roomdelivery.h"

#include "server/grip/grippublisher.h"
#include "server/store/messagestore.h"
#include "server/store/storeconnection.h"
#include "server/streams/streamhub.h"
#include "shared/grip/gripprotocol.h"
#include "shared/sse/roomevents.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDelivery, "chat.server.stream.delivery")

namespace chat::server {

RoomDelivery::RoomDelivery(MessageStore &store, StreamHub &hub, GripPublisher *publisher)
    : m_store(store)
    , m_hub(hub)
    , m_publisher(publisher)
    , m_feed(store, hub)
{
    StoreConnection &connection = store.connection();
    QObject::connect(
        &connection, &StoreConnection::notified, &m_feed,
        [this](const QString &channel, const QString &payload) { received(channel, payload); });
    QObject::connect(&connection, &StoreConnection::reopened, &m_feed, &RoomFeed::catchUp);
}

void RoomDelivery::deliver(const QList<StoredMessage> &messages)
{
    m_feed.committed(messages);
    if (!m_publisher)
        return;
    for (const StoredMessage &stored : messages) {
        const QByteArray frame = roomevents::frameFor(stored);
        m_publisher->publish({ grip::publishChannel(stored.message.room), stored.eventNumber,
                               stored.eventNumber - 1, frame });
    }
}

void RoomDelivery::announce(const QString &room, const QByteArray &frame)
{
    m_hub.publishEphemeral(room, frame);
    if (m_publisher)
        m_publisher->publish({ grip::ephemeralChannel(room), std::nullopt, std::nullopt, frame });
    if (m_store.isShared()) {
        // A room's name has no control characters: the first line break ends it.
        if (auto sent = m_store.notify(MessageStore::kEphemeralChannel,
                                       room + u'\n' + QString::fromUtf8(frame));
            !sent)
            qCDebug(lcDelivery).noquote() << "ephemeral event not shared:" << sent.error().message;
    }
}

void RoomDelivery::received(const QString &channel, const QString &payload)
{
    if (channel == QLatin1String(MessageStore::kRoomEventsChannel)) {
        m_feed.wake(payload);
    } else if (channel == QLatin1String(MessageStore::kEphemeralChannel)) {
        const qsizetype newline = payload.indexOf(u'\n');
        if (newline > 0)
            m_hub.publishEphemeral(payload.first(newline), payload.sliced(newline + 1).toUtf8());
    }
}

} // namespace chat::server
