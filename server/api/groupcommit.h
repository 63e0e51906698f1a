#pragma once

#include "server/store/messagestore.h"

#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <memory>
#include <vector>

namespace chat::server {

class MessageDelivery;

// Group commit for posted messages: the posts that arrive in one turn of the event loop are
// committed in one transaction (one fsync), then delivered, then answered. A crash before the
// commit loses only unanswered posts.
class GroupCommit : public QObject
{
    Q_OBJECT
public:
    GroupCommit(MessageStore &store, MessageDelivery &delivery, QObject *parent = nullptr);

    void submit(MessageStore::NewMessage message, QHttpServerResponder &&responder);

private:
    struct Pending
    {
        MessageStore::NewMessage message;
        std::unique_ptr<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket; // the responder's socket may go away before the commit
    };

    void flush();

    MessageStore &m_store;
    MessageDelivery &m_delivery;
    std::vector<Pending> m_pending;
    bool m_flushScheduled = false;
};

} // namespace chat::server
