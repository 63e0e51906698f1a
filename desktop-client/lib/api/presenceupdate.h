#pragma once

#include "desktop-client/lib/api/apirequest.h"

namespace chat::desktop {

// POST /rooms/<room>/presence/: a heartbeat that keeps a nickname online in a room (the server
// counts it offline 45 s after the last one), or, with Status::Offline, leaving it at once.
class PresenceUpdate : public ApiRequest
{
    Q_OBJECT
public:
    enum class Status { Online, Offline };

    PresenceUpdate(ChatApi *api, QString room, QString from, Status status,
                   QObject *parent = nullptr);

    QString room() const { return m_room; }
    Status status() const { return m_status; }
    // The whole attempt may take this long (a goodbye on quit must not hold the exit up).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

protected:
    QNetworkReply *send() override;
    Result<void> parse(const QByteArray &body) override;

private:
    QString m_room;
    QString m_from;
    Status m_status;
    int m_timeoutMs = 10000;
};

} // namespace chat::desktop
