#pragma once

#include "desktop-client/lib/models/onlinelistmodel.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace chat::desktop {

class ChatApi;
class PresenceRequest;
class PresenceUpdate;

// This client's presence in one room and who else is there: a heartbeat at join and every 20 s
// (the server forgets a nickname 45 s after its last one), the online list fetched after each
// heartbeat and after each (re)connection of the room's stream (which carries the changes in
// between as presence events), and a goodbye (status=offline) when leaving.
class RoomPresence : public QObject
{
    Q_OBJECT
public:
    static constexpr int kHeartbeatIntervalMs = 20000;

    RoomPresence(ChatApi *api, QString room, QString nickname, QObject *parent = nullptr);
    ~RoomPresence() override;

    OnlineListModel *online() { return &m_online; }
    void setHeartbeatIntervalMs(int ms);
    int heartbeatIntervalMs() const { return m_heartbeat.interval(); }

    void start(); // a heartbeat now, then on schedule
    void stop(); // no more heartbeats, nothing said to the server
    bool isRunning() const { return m_heartbeat.isActive(); }
    void streamConnected(); // what the stream missed while it was away is asked for again
    void applyEvent(const QByteArray &data); // a presence event: {"from": ..., "status": ...}

    // Stops and tells the server this nickname has left the room. Best effort: the request is
    // the api's (it outlives this object and the room) and gives up after `timeoutMs`.
    PresenceUpdate *sayOffline(int timeoutMs = 3000);

    int heartbeatsSent() const { return m_heartbeatsSent; }

private:
    void beat();
    void refresh();

    ChatApi *m_api;
    QString m_room;
    QString m_nickname;
    OnlineListModel m_online;
    QTimer m_heartbeat;
    QPointer<PresenceUpdate> m_beating;
    QPointer<PresenceRequest> m_listing;
    bool m_heartbeatOk = false;
    bool m_everConnected = false;
    bool m_refreshAgain = false;
    int m_heartbeatsSent = 0;
};

} // namespace chat::desktop
