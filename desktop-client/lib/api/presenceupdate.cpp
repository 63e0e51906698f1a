#include "desktop-client/lib/api/presenceupdate.h"

#include "desktop-client/lib/api/chatapi.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace chat::desktop {

PresenceUpdate::PresenceUpdate(ChatApi *api, QString room, QString from, Status status,
                               QObject *parent)
    : ApiRequest(api, parent)
    , m_room(std::move(room))
    , m_from(std::move(from))
    , m_status(status)
{ }

QNetworkReply *PresenceUpdate::send()
{
    const QNetworkRequest request = ChatApi::formRequest(api()->presenceUrl(m_room), m_timeoutMs);
    const QByteArray body = m_status == Status::Online
        ? ChatApi::formBody({ { "from", m_from } })
        : ChatApi::formBody({ { "from", m_from }, { "status", QStringLiteral("offline") } });
    return api()->network()->post(request, body);
}

Result<void> PresenceUpdate::parse(const QByteArray &)
{
    return {}; // 204, nothing to read
}

} // namespace chat::desktop
