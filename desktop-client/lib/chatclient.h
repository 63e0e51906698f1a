#pragma once

#include "desktop-client/lib/eventstream.h"
#include "desktop-client/lib/models/roomlistmodel.h"
#include "shared/model/message.h"
#include "shared/model/result.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QUrl>

namespace chat::desktop {

class ChatApi;
class RoomSession;

// One connection to a chat server as one nickname: the joined rooms, the room in view and the
// connection state summed over all rooms.
class ChatClient : public QObject
{
    Q_OBJECT
public:
    ChatClient(const QUrl &serverUrl, QString nickname, QObject *parent = nullptr);
    ~ChatClient() override;

    ChatApi *api() const { return m_api; }
    QString nickname() const { return m_nickname; }
    RoomListModel *roomList() { return &m_roomList; }

    // Joins (or returns the already joined) room; fails for an invalid name.
    Result<RoomSession *> joinRoom(const QString &room);
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
    void reconnectNow();

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
    QString m_currentRoom;
};

} // namespace chat::desktop
