#pragma once

#include "desktop-client/lib/api/apirequest.h"

namespace chat::desktop {

// POST /rooms/<room>/typing/: "I am typing" for the room's other members (the server passes on
// at most one every 2 s per nickname and room; nothing is stored).
class TypingNotice : public ApiRequest
{
    Q_OBJECT
public:
    TypingNotice(ChatApi *api, QString room, QString from, QObject *parent = nullptr);

    QString room() const { return m_room; }

protected:
    QNetworkReply *send() override;
    Result<void> parse(const QByteArray &body) override;

private:
    QString m_room;
    QString m_from;
};

} // namespace chat::desktop
