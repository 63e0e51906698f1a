#include "server/api/delivery/roomfeed.h"

#include "server/store/messagestore.h"
#include "server/streams/streamhub.h"
#include "shared/sse/roomevents.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcFeed, "chat.server.stream.feed")

namespace chat::server {

namespace {

constexpr int kReadPage = 200;

// Hands one event to the hub as the next of its room. A tombstone (a message removed since)
// has no frame but keeps its place in the sequence.
void hand(StreamHub &hub, const StoredMessage &event, qint64 &delivered)
{
    if (const QByteArray frame = roomevents::frameFor(event); !frame.isEmpty())
        hub.publish(event.message.room, event.eventNumber, frame);
    delivered = event.eventNumber;
}

} // namespace

RoomFeed::RoomFeed(MessageStore &store, StreamHub &hub, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hub(hub)
{
    m_check.setInterval(kCheckIntervalMs);
    connect(&m_check, &QTimer::timeout, this, [this] {
        if (m_store.isShared())
            catchUp();
    });
    m_check.start();
}

void RoomFeed::follow(const QString &room, qint64 position)
{
    const auto it = m_delivered.constFind(room);
    if (it == m_delivered.cend()) {
        m_delivered.insert(room, position);
        return;
    }
    // The replay read the store after everything the hub was given, so it is never behind;
    // ahead, the hub skips for the new stream what its replay covered.
    if (position < *it)
        qCWarning(lcFeed) << "a stream of" << room << "starts at" << position
                          << "behind its room's feed at" << *it;
}

void RoomFeed::committed(const QList<StoredMessage> &events)
{
    for (const StoredMessage &event : events) {
        const auto it = m_delivered.find(event.message.room);
        if (it == m_delivered.end() || event.eventNumber <= *it)
            continue; // no direct stream here, or read back already
        if (event.eventNumber == *it + 1) {
            hand(m_hub, event, *it);
            continue;
        }
        // Another origin committed just before this one, and its notification has not come
        // yet: its events are committed, read them first (this one comes with them).
        readNew(event.message.room, *it);
    }
}

void RoomFeed::wake(const QString &room)
{
    if (!m_delivered.contains(room))
        return;
    if (m_woken.isEmpty())
        QMetaObject::invokeMethod(this, &RoomFeed::readWoken, Qt::QueuedConnection);
    m_woken.insert(room);
}

void RoomFeed::readWoken()
{
    const QSet<QString> rooms = std::exchange(m_woken, {});
    for (const QString &room : rooms) {
        if (const auto it = m_delivered.find(room); it != m_delivered.end())
            readNew(room, *it);
    }
}

void RoomFeed::catchUp()
{
    for (auto it = m_delivered.begin(); it != m_delivered.end(); ++it)
        readNew(it.key(), *it);
}

void RoomFeed::readNew(const QString &room, qint64 &delivered)
{
    for (;;) {
        const auto events = m_store.eventsAfter(room, delivered, kReadPage);
        if (!events)
            return; // the store is down: the reconnection or the next check reads again
        for (const StoredMessage &event : *events) {
            if (event.eventNumber != delivered + 1) {
                // Numbers are gap-free and committed in their order; a hole means a commit not
                // visible yet. The next wake-up or check reads from here.
                qCWarning(lcFeed) << "event" << delivered + 1 << "of" << room
                                  << "is not readable yet";
                return;
            }
            hand(m_hub, event, delivered);
            ++m_readBack;
        }
        if (events->size() < kReadPage)
            return;
    }
}

} // namespace chat::server
