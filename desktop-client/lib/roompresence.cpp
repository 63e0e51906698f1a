#include "desktop-client/lib/roompresence.h"

#include "desktop-client/lib/api/chatapi.h"
#include "desktop-client/lib/api/presencerequest.h"
#include "desktop-client/lib/api/presenceupdate.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcClientRoom)

namespace chat::desktop {

RoomPresence::RoomPresence(ChatApi *api, QString room, QString nickname, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_room(std::move(room))
    , m_nickname(std::move(nickname))
{
    m_online.setOwnNickname(m_nickname);
    m_heartbeat.setInterval(kHeartbeatIntervalMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &RoomPresence::beat);
}

RoomPresence::~RoomPresence()
{
    stop();
}

void RoomPresence::setHeartbeatIntervalMs(int ms)
{
    m_heartbeat.setInterval(ms);
}

void RoomPresence::start()
{
    m_heartbeat.start();
    beat();
}

void RoomPresence::stop()
{
    m_heartbeat.stop();
    delete m_beating;
    delete m_listing;
    m_online.cancelRefresh();
}

void RoomPresence::streamConnected()
{
    // After a reconnection the server may be a new one that has never heard of us.
    if (m_everConnected || !m_heartbeatOk)
        beat();
    m_everConnected = true;
    refresh();
}

void RoomPresence::beat()
{
    if (m_beating || !m_heartbeat.isActive())
        return;
    m_beating = new PresenceUpdate(m_api, m_room, m_nickname, PresenceUpdate::Status::Online, this);
    // A heartbeat refused for now (over the rate) may go again soon; a failed one waits for the
    // next on schedule.
    m_beating->setRetryPolicy({ 3, 1000, 5000, ApiRequest::Retry::RefusalsOnly });
    connect(m_beating, &ApiRequest::finished, this, [this, beating = m_beating.data()] {
        m_beating = nullptr;
        m_heartbeatOk = beating->state() == ApiRequest::State::Succeeded;
        if (!m_heartbeatOk)
            qCInfo(lcClientRoom) << m_room << "heartbeat failed:" << beating->errorString();
        beating->deleteLater();
        refresh(); // we are on the list now; others may have come or gone unseen
    });
    ++m_heartbeatsSent;
    m_beating->start();
}

void RoomPresence::refresh()
{
    if (m_listing) {
        m_refreshAgain = true;
        return;
    }
    m_refreshAgain = false;
    m_online.beginRefresh();
    m_listing = new PresenceRequest(m_api, m_room, this);
    connect(m_listing, &ApiRequest::finished, this, [this, listing = m_listing.data()] {
        m_listing = nullptr;
        listing->deleteLater();
        if (listing->state() == ApiRequest::State::Succeeded) {
            QList<OnlineListModel::Person> people;
            for (const PresenceRequest::Person &person : listing->online())
                people.append({ person.nickname, person.since });
            m_online.finishRefresh(people);
        } else {
            m_online.cancelRefresh();
        }
        if (m_refreshAgain)
            refresh();
    });
    m_listing->start();
}

void RoomPresence::applyEvent(const QByteArray &data)
{
    const QJsonObject object = QJsonDocument::fromJson(data).object();
    const QString from = object.value(QStringLiteral("from")).toString();
    const QString status = object.value(QStringLiteral("status")).toString();
    if (from.isEmpty())
        return;
    if (status == QStringLiteral("online"))
        m_online.setOnline(from);
    else if (status == QStringLiteral("offline"))
        m_online.setOffline(from);
}

PresenceUpdate *RoomPresence::sayOffline(int timeoutMs)
{
    stop();
    auto *goodbye
        = new PresenceUpdate(m_api, m_room, m_nickname, PresenceUpdate::Status::Offline, m_api);
    goodbye->setTimeoutMs(timeoutMs);
    connect(goodbye, &ApiRequest::finished, goodbye, &QObject::deleteLater);
    goodbye->start();
    return goodbye;
}

} // namespace chat::desktop
