#include "desktop-client/lib/api/sendoperation.h"

#include "desktop-client/lib/api/chatapi.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace chat::desktop {

SendOperation::SendOperation(ChatApi *api, QString room, QString from, QString text,
                             QObject *parent)
    : ApiRequest(api, parent)
    , m_room(std::move(room))
    , m_from(std::move(from))
    , m_text(std::move(text))
{ }

QNetworkReply *SendOperation::send()
{
    QNetworkRequest request(api()->messagesUrl(m_room));
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(30000);
    // QUrlQuery leaves '+' and '&' alone in values, so encode each field ourselves.
    const QByteArray body
        = "from=" + QUrl::toPercentEncoding(m_from) + "&text=" + QUrl::toPercentEncoding(m_text);
    return api()->network()->post(request, body);
}

Result<void> SendOperation::parse(const QByteArray &body)
{
    const auto message = Message::fromJson(body);
    if (!message)
        return message.error();
    m_message = *message;
    m_message.room = m_room;
    return {};
}

} // namespace chat::desktop
