#pragma once

#include "server/eventsendpoint.h"
#include "server/messagesendpoint.h"
#include "server/staticsite.h"

#include <QAbstractHttpServer>

namespace chat::server {

class EventStreamHub;
class GripPublisher;
class MessageStore;

// The HTTP front of the origin: decodes each request's path strictly and routes it to the
// endpoints. Every failure is a status with a JSON body; nothing escapes as a crash or a 500.
class ChatHttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    struct Options
    {
        QString webRoot;
        EventsEndpoint::Options events;
        std::optional<grip::GripConfig> grip;
    };

    // `publisher` is null without GRIP_URL.
    ChatHttpServer(MessageStore &store, EventStreamHub &hub, GripPublisher *publisher,
                   Options options, QObject *parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void dispatch(const QHttpServerRequest &request, QHttpServerResponder &responder);
    HttpReply health();

    MessageStore &m_store;
    EventStreamHub &m_hub;
    GripPublisher *m_publisher;
    MessagesEndpoint m_messages;
    EventsEndpoint m_events;
    StaticSite m_site;
};

} // namespace chat::server
