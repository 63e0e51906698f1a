#include "desktop-client/historyrequest.h"

#include "desktop-client/chatapi.h"

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

bool HistoryRequest::parse(const QByteArray &body, QString *error)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QJsonValue list = object.value(QStringLiteral("messages"));
    if (!list.isArray()) {
        *error = tr("the history has no message list");
        return false;
    }
    m_messages.clear();
    for (const QJsonValue &value : list.toArray()) {
        const auto message = Message::fromJson(
            QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact), error);
        if (!message)
            return false;
        m_messages.append(*message);
        m_messages.last().room = m_room;
    }
    m_lastEventId = object.value(QStringLiteral("last-event-id")).toString().toUtf8();
    return true;
}

} // namespace chat::desktop
