#pragma once

#include "desktop-client/lib/api/apirequest.h"
#include "shared/model/message.h"

#include <QList>

namespace chat::desktop {

// GET /rooms/<room>/messages/: the newest messages, or a page before a message id.
class HistoryRequest : public ApiRequest
{
    Q_OBJECT
public:
    static constexpr int kPageSize = 50;

    // before = 0: the newest page.
    HistoryRequest(ChatApi *api, QString room, qint64 before = 0, QObject *parent = nullptr);

    QString room() const { return m_room; }
    qint64 before() const { return m_before; }
    const QList<Message> &messages() const { return m_messages; } // newest first, as sent
    QByteArray lastEventId() const { return m_lastEventId; } // "room-x:n"

protected:
    QNetworkReply *send() override;
    Result<void> parse(const QByteArray &body) override;

private:
    QString m_room;
    qint64 m_before;
    QList<Message> m_messages;
    QByteArray m_lastEventId;
};

} // namespace chat::desktop
