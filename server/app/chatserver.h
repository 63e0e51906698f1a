#pragma once

#include "server/eventsendpoint.h"
#include "server/eventstreamhub.h"
#include "server/grippublisher.h"
#include "server/messagestore.h"
#include "server/requestscreen.h"

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <memory>

namespace chat::server {

class ChatHttpServer;
class MessageStore;
class ScreeningTcpServer;

// Everything the origin is configured with.
struct ServerSettings
{
    QHostAddress bind = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 3000; // 0: any free port
    QString databasePath = QStringLiteral("var/chat.sqlite3");
    MessageStore::Sync sync = MessageStore::Sync::Full;
    QString webRoot = QStringLiteral("web");
    int listenBacklog = 4096; // connection storms: thousands of EventSources reconnecting
    EventStreamHub::Options streams;
    EventsEndpoint::Options events;
    RequestScreen::Limits limits;
    std::optional<grip::GripConfig> grip; // from GRIP_URL: hold and publish through a proxy
    GripPublisher::Options publishing;
};

// The origin server: the store, the live streams and the HTTP front, started and stopped as one.
class ChatServer : public QObject
{
    Q_OBJECT
public:
    explicit ChatServer(ServerSettings settings, QObject *parent = nullptr);
    ~ChatServer() override;

    // Opens the database and starts listening. False with *error when either fails.
    bool start(QString *error);
    // Ends every stream, stops listening and closes the database.
    void stop();

    quint16 port() const;
    QString url() const; // http://<bind>:<port>/

    MessageStore &store() { return *m_store; }
    EventStreamHub &hub() { return *m_hub; }
    GripPublisher *publisher() { return m_publisher; } // null without GRIP_URL

private:
    ServerSettings m_settings;
    std::unique_ptr<MessageStore> m_store;
    EventStreamHub *m_hub = nullptr; // children
    GripPublisher *m_publisher = nullptr;
    ChatHttpServer *m_http = nullptr;
    ScreeningTcpServer *m_tcp = nullptr;
};

} // namespace chat::server
