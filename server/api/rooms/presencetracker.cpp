#include "server/api/rooms/presencetracker.h"

#include <QDateTime>

namespace chat::server {

PresenceTracker::PresenceTracker(int timeoutMs, QObject *parent)
    : Presence(timeoutMs, parent)
{
    // Four sweeps per timeout: a silent nickname goes offline at most a quarter late.
    m_sweep.setInterval(std::max(10, timeoutMs / 4));
    connect(&m_sweep, &QTimer::timeout, this, &PresenceTracker::expire);
    m_sweep.start();
}

Result<bool> PresenceTracker::heartbeat(const QString &room, const QString &nickname)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QMap<QString, Seen> &people = m_rooms[room];
    const auto it = people.find(nickname);
    if (it != people.end()) {
        it->lastMs = now;
        return false;
    }
    people.insert(nickname, Seen { now, now });
    emit changed(room, nickname, true);
    return true;
}

Result<bool> PresenceTracker::leave(const QString &room, const QString &nickname)
{
    const auto roomIt = m_rooms.find(room);
    if (roomIt == m_rooms.end() || !roomIt->remove(nickname))
        return false;
    if (roomIt->isEmpty())
        m_rooms.erase(roomIt);
    emit changed(room, nickname, false);
    return true;
}

Result<QList<Presence::Online>> PresenceTracker::online(const QString &room)
{
    QList<Online> result;
    const auto roomIt = m_rooms.constFind(room);
    if (roomIt == m_rooms.cend())
        return result;
    for (auto it = roomIt->cbegin(); it != roomIt->cend(); ++it)
        result.append({ it.key(), it->sinceMs });
    return result;
}

Result<QHash<QString, int>> PresenceTracker::counts()
{
    QHash<QString, int> counts;
    for (auto it = m_rooms.cbegin(); it != m_rooms.cend(); ++it)
        counts.insert(it.key(), int(it->size()));
    return counts;
}

void PresenceTracker::expire()
{
    const qint64 cutoff = QDateTime::currentMSecsSinceEpoch() - timeoutMs();
    QList<std::pair<QString, QString>> gone;
    for (auto roomIt = m_rooms.cbegin(); roomIt != m_rooms.cend(); ++roomIt) {
        for (auto it = roomIt->cbegin(); it != roomIt->cend(); ++it) {
            if (it->lastMs < cutoff)
                gone.append({ roomIt.key(), it.key() });
        }
    }
    for (const auto &[room, nickname] : std::as_const(gone))
        (void)leave(room, nickname);
}

} // namespace chat::server
