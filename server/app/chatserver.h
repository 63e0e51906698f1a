#pragma once

#include "server/app/serversettings.h"
#include "shared/model/result.h"

#include <QObject>
#include <QString>
#include <memory>

namespace chat::server {

class GripPublisher;
class MessageStore;
class Router;
class ScreenedListener;
class StreamHub;

// The origin server: the store, the live streams and the HTTP front, started and stopped as one.
class ChatServer : public QObject
{
    Q_OBJECT
public:
    explicit ChatServer(ServerSettings settings, QObject *parent = nullptr);
    ~ChatServer() override;

    // Opens the database and starts listening; fails when either cannot be done.
    Result<void> start();
    // What start() does short of listening: opens (and migrates) the database, reads what the
    // endpoints keep in it, finds the web UI; then closes again. A line saying what was checked.
    Result<QString> check();
    // Ends every stream, stops listening and closes the database.
    void stop();
    // After start() failed: true when the database could not be opened (a configuration
    // problem, like a malformed setting), false when it could not listen.
    bool databaseFailed() const { return m_databaseFailed; }

    quint16 port() const;
    QString url() const; // http://<bind>:<port>/
    QString metricsUrl() const; // http://<host>:<port>/metrics, on whichever listener serves it

    MessageStore &store() { return *m_store; }
    StreamHub &hub() { return *m_hub; }
    GripPublisher *publisher() { return m_publisher; } // null without GRIP_URL

private:
    Result<void> openStore();

    ServerSettings m_settings;
    std::unique_ptr<MessageStore> m_store;
    StreamHub *m_hub = nullptr; // children
    GripPublisher *m_publisher = nullptr;
    Router *m_router = nullptr;
    ScreenedListener *m_listener = nullptr;
    ScreenedListener *m_metricsListener = nullptr; // with --metrics-port
    bool m_databaseFailed = false;
};

} // namespace chat::server
