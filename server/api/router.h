#pragma once

#include "server/api/eventsendpoint.h"
#include "server/api/messagedelivery.h"
#include "server/api/messagesendpoint.h"
#include "server/http/staticsite.h"

#include <QAbstractHttpServer>

namespace chat::server {

class StreamHub;
class GripPublisher;
class MessageStore;

// Routes each request QtHttpServer has parsed to its endpoint, after decoding its path
// strictly: the API, the health check and the browser UI's files. Every failure is a status
// with a JSON body; nothing escapes as a crash or a 500.
class Router : public QAbstractHttpServer
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
    Router(MessageStore &store, StreamHub &hub, GripPublisher *publisher, Options options,
           QObject *parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void dispatch(const QHttpServerRequest &request, QHttpServerResponder &responder);
    HttpReply health();

    MessageStore &m_store;
    StreamHub &m_hub;
    GripPublisher *m_publisher;
    MessageDelivery m_delivery;
    MessagesEndpoint m_messages;
    EventsEndpoint m_events;
    StaticSite m_site;
};

} // namespace chat::server
