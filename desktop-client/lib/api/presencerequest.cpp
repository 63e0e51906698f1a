#include "desktop-client/lib/api/presencerequest.h"

#include "desktop-client/lib/api/chatapi.h"
#include "shared/model/message.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace chat::desktop {

PresenceRequest::PresenceRequest(ChatApi *api, QString room, QObject *parent)
    : ApiRequest(api, parent)
    , m_room(std::move(room))
{ }

QNetworkReply *PresenceRequest::send()
{
    QNetworkRequest request(api()->presenceUrl(m_room));
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(15000);
    return api()->network()->get(request);
}

Result<QList<PresenceRequest::Person>> PresenceRequest::parseOnline(const QByteArray &body)
{
    const QJsonValue list = QJsonDocument::fromJson(body).object().value(QStringLiteral("online"));
    if (!list.isArray())
        return Error { tr("the presence answer has no online list") };
    QList<Person> people;
    for (const QJsonValue &value : list.toArray()) {
        const QJsonObject object = value.toObject();
        const QJsonValue from = object.value(QStringLiteral("from"));
        if (!from.isString() || from.toString().isEmpty())
            return Error { tr("someone in the online list has no nickname") };
        people.append(
            Person { from.toString(),
                     Message::parseDate(object.value(QStringLiteral("since")).toString()) });
    }
    return people;
}

Result<void> PresenceRequest::parse(const QByteArray &body)
{
    auto online = parseOnline(body);
    if (!online)
        return online.error();
    m_online = std::move(*online);
    return {};
}

} // namespace chat::desktop
