#pragma once

#include "desktop-client/lib/eventstream.h"
#include "desktop-client/lib/models/roomlistmodel.h"
#include "shared/model/message.h"
#include "shared/model/result.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QUrl>
#include <memory>

namespace chat::desktop {

class ChatApi;
class Outbox;
class RoomDirectory;
class RoomSession;

// One connection to a chat server as one nickname: the joined rooms, the room in view, the
// connection state summed over all rooms, the server's rooms directory and the outbox of
// messages not acknowledged yet.
class ChatClient : public QObject
{
    Q_OBJECT
public:
    ChatClient(const QUrl &serverUrl, QString nickname, QObject *parent = nullptr);
    ~ChatClient() override;

    ChatApi *api() const { return m_api; }
    QString nickname() const { return m_nickname; }
    RoomListModel *roomList() { return &m_roomList; }
    RoomDirectory *directory() const { return m_directory; }

    // Keeps unsent messages in a JSON file (see Outbox) from now on, and takes over the ones
    // an earlier run left there for this nickname: each room joined (now or later) sends its own
    // again, with the keys they were first sent with. Without one, the outbox is in memory only.
    // Before joining rooms, ideally. Fails (and stays in memory) when the file is unreadable.
    Result<void> setOutboxFile(const QString &path);
    Outbox *outbox() const { return m_outbox.get(); }
    QStringList roomsWithUnsentMessages() const;

    // Presence heartbeats every `ms` in each room (20 s by default; shorter in tests).
    void setHeartbeatIntervalMs(int ms);

    // Joins (or returns the already joined) room; fails for an invalid name.
    Result<RoomSession *> joinRoom(const QString &room);
    // Says goodbye to it too (status=offline); what was not sent there is thrown away.
    void leaveRoom(const QString &room);
    RoomSession *room(const QString &room) const;
    QList<RoomSession *> rooms() const { return m_rooms; }
    QStringList roomNames() const;

    void setCurrentRoom(const QString &room); // the room in view: its unread count is 0
    RoomSession *currentRoom() const;

    // Connected when every room is live; else the soonest reconnection.
    EventStream::State connectionState() const;
    qint64 msUntilRetry() const;
    QString lastError() const;
    void reconnectNow(); // streams, history and the sends waiting for the network

    // On quit: stops every room and tells each that this nickname has gone (status=offline),
    // waiting at most `timeoutMs` for the answers. Best effort; true when all of them came.
    bool signOff(int timeoutMs = 2000);

signals:
    void roomJoined(chat::desktop::RoomSession *session);
    void roomLeft(const QString &room);
    void currentRoomChanged(const QString &room);
    void connectionChanged();
    void messageArrived(chat::desktop::RoomSession *session, const chat::Message &message);

private:
    ChatApi *m_api;
    QString m_nickname;
    QList<RoomSession *> m_rooms;
    RoomListModel m_roomList;
    RoomDirectory *m_directory;
    std::unique_ptr<Outbox> m_outbox;
    QString m_currentRoom;
    int m_heartbeatIntervalMs = 0; // 0: RoomPresence's default
};

} // namespace chat::desktop
