#pragma once

#include "shared/model/result.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

namespace chat::server {

// Who is online in which room, for the presence and rooms endpoints: a nickname is online from
// its first heartbeat until it leaves or its heartbeats stop for longer than the timeout. Each
// change is signalled once, on the origin that made it, whether a request or the expiry made
// it. PresenceTracker keeps this in the origin's memory (one origin on SQLite);
// SharedPresence in the database that several origins share.
class Presence : public QObject
{
    Q_OBJECT
public:
    struct Online
    {
        QString nickname;
        qint64 sinceMs = 0; // ms since the epoch
    };

    explicit Presence(int timeoutMs, QObject *parent = nullptr)
        : QObject(parent)
        , m_timeoutMs(timeoutMs)
    { }

    // A heartbeat of `nickname` in `room`; true when it was not online there before.
    virtual Result<bool> heartbeat(const QString &room, const QString &nickname) = 0;
    // True when it was online.
    virtual Result<bool> leave(const QString &room, const QString &nickname) = 0;
    // Sorted by nickname.
    virtual Result<QList<Online>> online(const QString &room) = 0;
    // How many are online in each room that has anyone online.
    virtual Result<QHash<QString, int>> counts() = 0;

    int timeoutMs() const { return m_timeoutMs; }

signals:
    void changed(const QString &room, const QString &nickname, bool online);

private:
    int m_timeoutMs;
};

} // namespace chat::server
