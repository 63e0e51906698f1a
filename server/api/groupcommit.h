#pragma once

#include "server/messagestore.h"

#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <memory>
#include <vector>

namespace chat::server {

class EventStreamHub;
class GripPublisher;

// Group commit for posted messages: the posts that arrive in one turn of the event loop are
// committed in one transaction (one fsync), and only then answered, sent to direct streams and
// published to the GRIP proxy. A crash before the commit loses only unanswered posts.
class PostBatcher : public QObject
{
    Q_OBJECT
public:
    PostBatcher(MessageStore &store, EventStreamHub &hub, GripPublisher *grip,
                QObject *parent = nullptr);

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
    EventStreamHub &m_hub;
    GripPublisher *m_grip;
    std::vector<Pending> m_pending;
    bool m_flushScheduled = false;
};

} // namespace chat::server
