#include "desktop-client/lib/chatclient.h"

#include "desktop-client/lib/api/chatapi.h"
#include "desktop-client/lib/roomsession.h"
#include "shared/model/validation.h"

#include <limits>

namespace chat::desktop {

ChatClient::ChatClient(const QUrl &serverUrl, QString nickname, QObject *parent)
    : QObject(parent)
    , m_api(new ChatApi(serverUrl, this))
    , m_nickname(std::move(nickname))
{ }

ChatClient::~ChatClient()
{
    // Rooms first: their streams use the api's network access.
    const QList<RoomSession *> rooms = m_rooms;
    m_rooms.clear();
    qDeleteAll(rooms);
}

Result<RoomSession *> ChatClient::joinRoom(const QString &name)
{
    if (RoomSession *existing = room(name))
        return existing;
    if (const auto checked = checkRoomName(name); !checked)
        return checked.error();
    auto *session = new RoomSession(m_api, name, m_nickname, this);
    m_rooms.append(session);
    m_roomList.addRoom(name);
    connect(session, &RoomSession::unreadChanged, this,
            [this, name](int count) { m_roomList.setUnread(name, count); });
    connect(session, &RoomSession::connectionChanged, this, [this, session, name] {
        m_roomList.setLive(name, session->connectionState() == EventStream::State::Connected);
        emit connectionChanged();
    });
    connect(session, &RoomSession::messageArrived, this,
            [this, session](const Message &message) { emit messageArrived(session, message); });
    session->setActive(name == m_currentRoom);
    session->start();
    emit roomJoined(session);
    emit connectionChanged();
    return session;
}

void ChatClient::leaveRoom(const QString &name)
{
    RoomSession *session = room(name);
    if (!session)
        return;
    m_roomList.removeRoom(name);
    m_rooms.removeOne(session);
    session->disconnect(this);
    session->stop();
    session->deleteLater();
    emit roomLeft(name);
    emit connectionChanged();
}

RoomSession *ChatClient::room(const QString &name) const
{
    for (RoomSession *session : m_rooms) {
        if (session->room() == name)
            return session;
    }
    return nullptr;
}

QStringList ChatClient::roomNames() const
{
    QStringList names;
    for (RoomSession *session : m_rooms)
        names.append(session->room());
    return names;
}

void ChatClient::setCurrentRoom(const QString &name)
{
    m_currentRoom = name;
    for (RoomSession *session : m_rooms)
        session->setActive(session->room() == name);
    emit currentRoomChanged(name);
}

RoomSession *ChatClient::currentRoom() const
{
    return room(m_currentRoom);
}

EventStream::State ChatClient::connectionState() const
{
    if (m_rooms.isEmpty())
        return EventStream::State::Idle;
    bool connecting = false;
    for (RoomSession *session : m_rooms) {
        const auto state = session->connectionState();
        if (state == EventStream::State::Waiting)
            return state;
        connecting = connecting || state != EventStream::State::Connected;
    }
    return connecting ? EventStream::State::Connecting : EventStream::State::Connected;
}

qint64 ChatClient::msUntilRetry() const
{
    qint64 soonest = std::numeric_limits<qint64>::max();
    for (RoomSession *session : m_rooms) {
        if (session->connectionState() == EventStream::State::Waiting)
            soonest = std::min(soonest, session->msUntilRetry());
    }
    return soonest == std::numeric_limits<qint64>::max() ? 0 : soonest;
}

QString ChatClient::lastError() const
{
    for (RoomSession *session : m_rooms) {
        if (session->connectionState() == EventStream::State::Waiting)
            return session->lastError();
    }
    return {};
}

void ChatClient::reconnectNow()
{
    for (RoomSession *session : m_rooms) {
        if (session->connectionState() != EventStream::State::Connected)
            session->reconnectNow();
    }
}

} // namespace chat::desktop
