#pragma once

#include "server/metrics/histogram.h"
#include "server/store/messagestore.h"

#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <memory>
#include <vector>

namespace chat::server {

class RoomDelivery;

// Group commit for posted messages: the posts that arrive in one turn of the event loop are
// committed in one transaction (one fsync), then delivered, then answered. A crash before the
// commit loses only unanswered posts. A post whose Idempotency-Key was used already is answered
// with the message first stored (Idempotent-Replayed: true) and delivered to nobody, or 422 when
// it was used for a different message; the keys are forgotten after a day.
class GroupCommit : public QObject
{
    Q_OBJECT
public:
    GroupCommit(MessageStore &store, RoomDelivery &delivery, QObject *parent = nullptr);

    void submit(MessageStore::NewMessage message, QHttpServerResponder &&responder);

    // For /metrics.
    struct Stats
    {
        quint64 committed = 0; // messages stored (not replays, not failures)
        quint64 failedBatches = 0; // transactions the store could not commit
        metrics::Histogram batchSizes { { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 } };
        metrics::Histogram commitSeconds { metrics::Histogram::secondsBuckets() };
    };
    const Stats &stats() const { return m_stats; }

private:
    struct Pending
    {
        MessageStore::NewMessage message;
        std::unique_ptr<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket; // the responder's socket may go away before the commit
    };

    void flush();
    void forgetOldKeys();

    MessageStore &m_store;
    RoomDelivery &m_delivery;
    std::vector<Pending> m_pending;
    bool m_flushScheduled = false;
    Stats m_stats;
    QTimer m_keyExpiry;
};

} // namespace chat::server
