#pragma once

#include "server/api/rooms/presence.h"

#include <QHash>
#include <QMap>
#include <QString>
#include <QTimer>

namespace chat::server {

// Presence in this origin's memory, for the one origin of a SQLite file: nothing to share, and
// a heartbeat costs no write.
class PresenceTracker : public Presence
{
    Q_OBJECT
public:
    explicit PresenceTracker(int timeoutMs, QObject *parent = nullptr);

    Result<bool> heartbeat(const QString &room, const QString &nickname) override;
    Result<bool> leave(const QString &room, const QString &nickname) override;
    Result<QList<Online>> online(const QString &room) override;
    Result<QHash<QString, int>> counts() override;

private:
    struct Seen
    {
        qint64 sinceMs = 0;
        qint64 lastMs = 0;
    };

    void expire();

    QHash<QString, QMap<QString, Seen>> m_rooms;
    QTimer m_sweep;
};

} // namespace chat::server
