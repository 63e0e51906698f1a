#include "desktop-client/lib/api/roomdirectoryrequest.h"

#include "desktop-client/lib/api/chatapi.h"
#include "shared/model/message.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace chat::desktop {

RoomDirectoryRequest::RoomDirectoryRequest(ChatApi *api, QString before, QObject *parent)
    : ApiRequest(api, parent)
    , m_before(std::move(before))
{ }

QNetworkReply *RoomDirectoryRequest::send()
{
    QNetworkRequest request(api()->roomsUrl(kPageSize, m_before));
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(30000);
    return api()->network()->get(request);
}

Result<QList<RoomDirectoryRequest::Room>> RoomDirectoryRequest::parseRooms(const QByteArray &body)
{
    const QJsonValue list = QJsonDocument::fromJson(body).object().value(QStringLiteral("rooms"));
    if (!list.isArray())
        return Error { tr("the rooms directory has no room list") };
    QList<Room> rooms;
    for (const QJsonValue &value : list.toArray()) {
        const QJsonObject object = value.toObject();
        const QJsonValue name = object.value(QStringLiteral("name"));
        if (!name.isString() || name.toString().isEmpty())
            return Error { tr("a room in the directory has no name") };
        rooms.append(Room {
            name.toString(),
            qint64(object.value(QStringLiteral("messages")).toDouble()),
            Message::parseDate(object.value(QStringLiteral("last-message-at")).toString()),
            object.value(QStringLiteral("online")).toInt(),
        });
    }
    return rooms;
}

Result<void> RoomDirectoryRequest::parse(const QByteArray &body)
{
    auto rooms = parseRooms(body);
    if (!rooms)
        return rooms.error();
    m_rooms = std::move(*rooms);
    return {};
}

} // namespace chat::desktop
