#include "server/api/groupcommit.h"

#include "server/api/messagedelivery.h"
#include "server/http/httpreply.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcBatch, "chat.server.messages.batch")

namespace chat::server {

GroupCommit::GroupCommit(MessageStore &store, MessageDelivery &delivery, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_delivery(delivery)
{ }

void GroupCommit::submit(MessageStore::NewMessage message, QHttpServerResponder &&responder)
{
    QPointer<QTcpSocket> socket = responder.socket();
    m_pending.push_back(Pending {
        std::move(message), std::make_unique<QHttpServerResponder>(std::move(responder)), socket });
    if (!std::exchange(m_flushScheduled, true)) {
        // Queued: runs once the requests read in this turn of the event loop are all submitted.
        QMetaObject::invokeMethod(this, &GroupCommit::flush, Qt::QueuedConnection);
    }
}

void GroupCommit::flush()
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
    if (stored) {
        qCDebug(lcBatch) << "committed" << batch.size() << "messages in one transaction";
        m_delivery.deliver(*stored);
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        Pending &pending = batch[i];
        if (!pending.socket)
            continue; // the client is gone; its message is stored (or not) all the same
        if (stored)
            HttpReply::json(stored->at(qsizetype(i)).message.toJson() + '\n')
                .send(*pending.responder);
        else
            HttpReply::storeUnavailable().send(*pending.responder);
    }
}

} // namespace chat::server
