#pragma once

#include "desktop-client/lib/api/apirequest.h"
#include "shared/model/message.h"

namespace chat::desktop {

// POST /rooms/<room>/messages/ (form fields from, text): pending until the server has committed
// the message, then sent (with the stored message) or failed with the server's reason; start()
// again retries.
class SendOperation : public ApiRequest
{
    Q_OBJECT
public:
    SendOperation(ChatApi *api, QString room, QString from, QString text,
                  QObject *parent = nullptr);

    QString room() const { return m_room; }
    QString from() const { return m_from; }
    QString text() const { return m_text; }
    const Message &message() const { return m_message; } // once succeeded

protected:
    QNetworkReply *send() override;
    Result<void> parse(const QByteArray &body) override;

private:
    QString m_room;
    QString m_from;
    QString m_text;
    Message m_message;
};

} // namespace chat::desktop
