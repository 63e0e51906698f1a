#include "server/postbatcher.h"

#include "server/eventstreamhub.h"
#include "server/grippublisher.h"
#include "server/httpreply.h"
#include "server/roomevents.h"
#include "shared/gripprotocol.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcBatch, "chat.server.messages.batch")

using namespace Qt::StringLiterals;

namespace chat::server {

PostBatcher::PostBatcher(MessageStore &store, EventStreamHub &hub, GripPublisher *grip,
                         QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hub(hub)
    , m_grip(grip)
{ }

void PostBatcher::submit(MessageStore::NewMessage message, QHttpServerResponder &&responder)
{
    QPointer<QTcpSocket> socket = responder.socket();
    m_pending.push_back(Pending {
        std::move(message), std::make_unique<QHttpServerResponder>(std::move(responder)), socket });
    if (!std::exchange(m_flushScheduled, true)) {
        // Queued: runs once the requests read in this turn of the event loop are all submitted.
        QMetaObject::invokeMethod(this, &PostBatcher::flush, Qt::QueuedConnection);
    }
}

void PostBatcher::flush()
{
    m_flushScheduled = false;
    std::vector<Pending> batch = std::exchange(m_pending, {});
    if (batch.empty())
        return;
    QList<MessageStore::NewMessage> messages;
    messages.reserve(qsizetype(batch.size()));
    for (const Pending &pending : batch)
        messages.append(pending.message);

    const auto stored = m_store.append(messages);
    qCDebug(lcBatch) << "committed" << batch.size() << "messages in one transaction";
    for (std::size_t i = 0; i < batch.size(); ++i) {
        Pending &pending = batch[i];
        if (!stored) {
            if (pending.socket)
                HttpReply::storeUnavailable().send(*pending.responder);
            continue;
        }
        const StoredMessage &message = stored->at(qsizetype(i));
        // Encoded once: the same frame goes to direct streams and, through the proxy, to held ones.
        const QByteArray frame = roomevents::messageFrame(message);
        m_hub.publish(message.message.room, message.eventNumber, frame);
        if (m_grip)
            m_grip->publish({ grip::channelForRoom(message.message.room), message.eventNumber,
                              message.eventNumber - 1, frame });
        if (pending.socket)
            HttpReply::json(message.message.toJson() + '\n').send(*pending.responder);
    }
}

} // namespace chat::server
