#include "desktop-client/lib/api/typingnotice.h"

#include "desktop-client/lib/api/chatapi.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace chat::desktop {

TypingNotice::TypingNotice(ChatApi *api, QString room, QString from, QObject *parent)
    : ApiRequest(api, parent)
    , m_room(std::move(room))
    , m_from(std::move(from))
{ }

QNetworkReply *TypingNotice::send()
{
    // Stale after a few seconds: not worth waiting long for.
    const QNetworkRequest request = ChatApi::formRequest(api()->typingUrl(m_room), 5000);
    return api()->network()->post(request, ChatApi::formBody({ { "from", m_from } }));
}

Result<void> TypingNotice::parse(const QByteArray &)
{
    return {}; // 204, nothing to read
}

} // namespace chat::desktop
