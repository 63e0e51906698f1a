#include "desktop-client/lib/chatclient.h"

#include "desktop-client/lib/api/chatapi.h"
#include "desktop-client/lib/api/presenceupdate.h"
#include "desktop-client/lib/outbox.h"
#include "desktop-client/lib/roomdirectory.h"
#include "desktop-client/lib/roomsession.h"
#include "shared/model/validation.h"

#include <QEventLoop>
#include <QFile>
#include <QLoggingCategory>
#include <QTimer>
#include <limits>

Q_DECLARE_LOGGING_CATEGORY(lcClientRoom)

namespace chat::desktop {

ChatClient::ChatClient(const QUrl &serverUrl, QString nickname, QObject *parent)
    : QObject(parent)
    , m_api(new ChatApi(serverUrl, this))
    , m_nickname(std::move(nickname))
    , m_directory(new RoomDirectory(m_api, this))
    , m_outbox(std::make_unique<Outbox>())
{
    connect(this, &ChatClient::roomJoined, m_directory, [this](RoomSession *session) {
        m_directory->model()->setJoined(session->room(), true);
    });
    connect(this, &ChatClient::roomLeft, m_directory,
            [this](const QString &room) { m_directory->model()->setJoined(room, false); });
}

ChatClient::~ChatClient()
{
    // Rooms first: their streams use the api's network access, and the outbox.
    const QList<RoomSession *> rooms = m_rooms;
    m_rooms.clear();
    qDeleteAll(rooms);
    delete m_directory;
}

Result<void> ChatClient::setOutboxFile(const QString &path)
{
    auto outbox = std::make_unique<Outbox>(path);
    const auto loaded = outbox->load();
    if (!loaded) {
        qCWarning(lcClientRoom) << loaded.error().message;
        if (QFile::exists(path))
            return loaded; // unreadable and still there: not to be written over
    }
    // What this run has not sent yet goes into the file too.
    for (const Outbox::Entry &entry : m_outbox->entries())
        (void)outbox->add(entry);
    m_outbox = std::move(outbox);
    for (RoomSession *session : std::as_const(m_rooms)) {
        session->setOutbox(m_outbox.get());
        session->adopt(m_outbox->entries(session->room(), m_nickname));
    }
    return loaded;
}

QStringList ChatClient::roomsWithUnsentMessages() const
{
    return m_outbox->rooms(m_nickname);
}

void ChatClient::setHeartbeatIntervalMs(int ms)
{
    m_heartbeatIntervalMs = ms;
    for (RoomSession *session : std::as_const(m_rooms))
        session->presence()->setHeartbeatIntervalMs(ms);
}

Result<RoomSession *> ChatClient::joinRoom(const QString &name)
{
    if (RoomSession *existing = room(name))
        return existing;
    if (const auto checked = checkRoomName(name); !checked)
        return checked.error();
    auto *session = new RoomSession(m_api, name, m_nickname, this);
    session->setOutbox(m_outbox.get());
    session->adopt(m_outbox->entries(name, m_nickname));
    if (m_heartbeatIntervalMs > 0)
        session->presence()->setHeartbeatIntervalMs(m_heartbeatIntervalMs);
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
    session->leave();
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
    for (RoomSession *session : m_rooms)
        session->reconnectNow(); // a live stream stays as it is
}

bool ChatClient::signOff(int timeoutMs)
{
    QEventLoop loop;
    int waiting = 0;
    int answered = 0;
    for (RoomSession *session : std::as_const(m_rooms)) {
        PresenceUpdate *goodbye = session->presence()->sayOffline(timeoutMs);
        session->stop();
        ++waiting;
        connect(goodbye, &ApiRequest::finished, &loop, [&, goodbye] {
            answered += goodbye->state() == ApiRequest::State::Succeeded ? 1 : 0;
            if (--waiting == 0)
                loop.quit();
        });
    }
    if (waiting > 0) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return answered == m_rooms.size();
}

} // namespace chat::desktop
