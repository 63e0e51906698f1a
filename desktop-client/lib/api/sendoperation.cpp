#include "desktop-client/lib/api/sendoperation.h"

#include "desktop-client/lib/api/chatapi.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUuid>

namespace chat::desktop {

SendOperation::SendOperation(ChatApi *api, QString room, QString from, QString text, QString key,
                             QObject *parent)
    : ApiRequest(api, parent)
    , m_room(std::move(room))
    , m_from(std::move(from))
    , m_text(std::move(text))
    , m_key(key.isEmpty() ? newKey() : std::move(key))
{ }

QString SendOperation::newKey()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool SendOperation::wasReplayed() const
{
    return replyHeader("Idempotent-Replayed").trimmed().compare("true", Qt::CaseInsensitive) == 0;
}

QNetworkReply *SendOperation::send()
{
    QNetworkRequest request = ChatApi::formRequest(api()->messagesUrl(m_room), 30000);
    request.setRawHeader("Idempotency-Key", m_key.toLatin1());
    return api()->network()->post(request,
                                  ChatApi::formBody({ { "from", m_from }, { "text", m_text } }));
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
