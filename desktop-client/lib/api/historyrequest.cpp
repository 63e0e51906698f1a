#include "desktop-client/lib/api/historyrequest.h"

#include "desktop-client/lib/api/chatapi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace chat::desktop {

HistoryRequest::HistoryRequest(ChatApi *api, QString room, qint64 before, QObject *parent)
    : ApiRequest(api, parent)
    , m_room(std::move(room))
    , m_before(before)
{ }

QNetworkReply *HistoryRequest::send()
{
    QNetworkRequest request(api()->messagesUrl(m_room, m_before, kPageSize));
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(30000);
    return api()->network()->get(request);
}

Result<void> HistoryRequest::parse(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QJsonValue list = object.value(QStringLiteral("messages"));
    if (!list.isArray())
        return Error { tr("the history has no message list") };
    m_messages.clear();
    for (const QJsonValue &value : list.toArray()) {
        const auto message
            = Message::fromJson(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
        if (!message)
            return message.error();
        m_messages.append(*message);
        m_messages.last().room = m_room;
    }
    m_lastEventId = object.value(QStringLiteral("last-event-id")).toString().toUtf8();
    return {};
}

} // namespace chat::desktop
