#pragma once

#include "desktop-client/lib/api/apirequest.h"
#include "shared/model/message.h"

namespace chat::desktop {

// POST /rooms/<room>/messages/ (form fields from, text) with an Idempotency-Key made once per
// message and sent with every attempt: pending until the server has committed the message, then
// sent (with the stored message) or failed with the server's reason; start() again retries.
// Because the server answers a repeated key with the message it already stored (200,
// Idempotent-Replayed: true) and stores nothing, an attempt whose answer was lost may safely be
// made again.
class SendOperation : public ApiRequest
{
    Q_OBJECT
public:
    // key: 1-128 printable ASCII characters; empty: a fresh one (newKey()).
    SendOperation(ChatApi *api, QString room, QString from, QString text, QString key = {},
                  QObject *parent = nullptr);

    static QString newKey(); // a random UUID, without braces

    QString room() const { return m_room; }
    QString from() const { return m_from; }
    QString text() const { return m_text; }
    QString key() const { return m_key; }
    const Message &message() const { return m_message; } // once succeeded
    // The server had stored it already (an earlier attempt got through, its answer did not).
    bool wasReplayed() const;

protected:
    QNetworkReply *send() override;
    Result<void> parse(const QByteArray &body) override;

private:
    QString m_room;
    QString m_from;
    QString m_text;
    QString m_key;
    Message m_message;
};

} // namespace chat::desktop
