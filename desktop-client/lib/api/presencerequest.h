#pragma once

#include "desktop-client/lib/api/apirequest.h"

#include <QDateTime>
#include <QList>

namespace chat::desktop {

// GET /rooms/<room>/presence/: who is online in a room now, sorted by nickname.
class PresenceRequest : public ApiRequest
{
    Q_OBJECT
public:
    struct Person
    {
        QString nickname;
        QDateTime since; // UTC

        friend bool operator==(const Person &, const Person &) = default;
    };

    PresenceRequest(ChatApi *api, QString room, QObject *parent = nullptr);

    QString room() const { return m_room; }
    const QList<Person> &online() const { return m_online; }

    // Reads {"online": [{"from": "...", "since": "<date>"}, ...]}.
    static Result<QList<Person>> parseOnline(const QByteArray &body);

protected:
    QNetworkReply *send() override;
    Result<void> parse(const QByteArray &body) override;

private:
    QString m_room;
    QList<Person> m_online;
};

} // namespace chat::desktop
