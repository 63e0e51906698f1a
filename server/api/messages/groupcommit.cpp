#include "server/api/messages/groupcommit.h"

#include "server/api/delivery/roomdelivery.h"
#include "server/http/httpreply.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcBatch, "chat.server.messages.batch")

using namespace Qt::StringLiterals;

namespace chat::server {

GroupCommit::GroupCommit(MessageStore &store, RoomDelivery &delivery, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_delivery(delivery)
{
    // Expired keys no longer match (the lookup looks back one day); this only keeps the table
    // from growing.
    m_keyExpiry.setInterval(10 * 60 * 1000);
    connect(&m_keyExpiry, &QTimer::timeout, this, &GroupCommit::forgetOldKeys);
    m_keyExpiry.start();
}

void GroupCommit::forgetOldKeys()
{
    const auto forgotten = m_store.forgetIdempotencyKeys(QDateTime::currentMSecsSinceEpoch()
                                                         - MessageStore::kIdempotencyKeyLifetimeMs);
    if (!forgotten)
        qCWarning(lcBatch).noquote()
            << "cannot forget old idempotency keys:" << forgotten.error().message;
}

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

    using Outcome = MessageStore::Appended::Outcome;
    QElapsedTimer commitClock;
    commitClock.start();
    const auto appended = m_store.append(messages);
    m_stats.commitSeconds.observe(double(commitClock.nsecsElapsed()) / 1e9);
    m_stats.batchSizes.observe(double(batch.size()));
    if (appended) {
        qCDebug(lcBatch) << "committed" << batch.size() << "messages in one transaction";
        QList<StoredMessage> fresh;
        for (const MessageStore::Appended &result : *appended) {
            if (result.outcome == Outcome::Stored)
                fresh.append(result.message);
        }
        m_stats.committed += quint64(fresh.size());
        m_delivery.deliver(fresh);
    } else {
        ++m_stats.failedBatches;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        Pending &pending = batch[i];
        if (!pending.socket)
            continue; // the client is gone; its message is stored (or not) all the same
        if (!appended) {
            HttpReply::storeUnavailable().send(*pending.responder);
            continue;
        }
        const MessageStore::Appended &result = appended->at(qsizetype(i));
        switch (result.outcome) {
        case Outcome::Stored:
            HttpReply::json(result.message.message.toJson() + '\n').send(*pending.responder);
            break;
        case Outcome::Replayed:
            HttpReply::json(result.message.message.toJson() + '\n')
                .withHeader("Idempotent-Replayed", "true")
                .send(*pending.responder);
            break;
        case Outcome::Conflict:
            HttpReply::error(422,
                             u"this Idempotency-Key was used for a different message in this "
                             "room: send a new key for a new message"_s)
                .send(*pending.responder);
            break;
        }
    }
}

} // namespace chat::server
