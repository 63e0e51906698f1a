#pragma once

#include <QHash>
#include <QMap>
#include <QObject>
#include <QString>
#include <QTimer>

namespace chat::server {

// Who is online in which room: a nickname is online from its first heartbeat until it leaves
// or its heartbeats stop for longer than the timeout. Every change is signalled once, whether a
// request or the expiry made it. Held by this origin alone (one origin per SQLite file).
class PresenceTracker : public QObject
{
    Q_OBJECT
public:
    explicit PresenceTracker(int timeoutMs, QObject *parent = nullptr);

    // A heartbeat of `nickname` in `room`; true when it was not online there before.
    bool heartbeat(const QString &room, const QString &nickname);
    // True when it was online.
    bool leave(const QString &room, const QString &nickname);

    struct Online
    {
        QString nickname;
        qint64 sinceMs = 0; // ms since the epoch
    };
    QList<Online> online(const QString &room) const; // sorted by nickname
    int count(const QString &room) const;
    int timeoutMs() const { return m_timeoutMs; }

signals:
    void changed(const QString &room, const QString &nickname, bool online);

private:
    struct Seen
    {
        qint64 sinceMs = 0;
        qint64 lastMs = 0;
    };

    void expire();

    int m_timeoutMs;
    QHash<QString, QMap<QString, Seen>> m_rooms;
    QTimer m_sweep;
};

} // namespace chat::server
