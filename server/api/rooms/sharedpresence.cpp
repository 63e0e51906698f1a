#include "server/api/rooms/sharedpresence.h"

#include "server/store/presencetable.h"

#include <QDateTime>

#include <algorithm>

namespace chat::server {

SharedPresence::SharedPresence(PresenceTable &table, int timeoutMs, QObject *parent)
    : Presence(timeoutMs, parent)
    , m_table(table)
{
    // As often as PresenceTracker: a silent nickname goes offline at most a quarter late.
    m_sweep.setInterval(std::max(10, timeoutMs / 4));
    connect(&m_sweep, &QTimer::timeout, this, &SharedPresence::expire);
    m_sweep.start();
}

qint64 SharedPresence::cutoff() const
{
    return QDateTime::currentMSecsSinceEpoch() - timeoutMs();
}

Result<bool> SharedPresence::heartbeat(const QString &room, const QString &nickname)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto began = m_table.heartbeat(room, nickname, now, now - timeoutMs());
    if (began && *began)
        emit changed(room, nickname, true);
    return began;
}

Result<bool> SharedPresence::leave(const QString &room, const QString &nickname)
{
    const auto left = m_table.leave(room, nickname, cutoff());
    if (left && *left)
        emit changed(room, nickname, false);
    return left;
}

Result<QList<Presence::Online>> SharedPresence::online(const QString &room)
{
    auto people = m_table.online(room, cutoff());
    if (!people)
        return people.error();
    QList<Online> result;
    result.reserve(people->size());
    for (const PresenceTable::Online &person : std::as_const(*people))
        result.append({ person.nickname, person.sinceMs });
    // In QString's order, as PresenceTracker's map keeps them (not the database's collation).
    std::sort(result.begin(), result.end(),
              [](const Online &a, const Online &b) { return a.nickname < b.nickname; });
    return result;
}

Result<QHash<QString, int>> SharedPresence::counts()
{
    return m_table.counts(cutoff());
}

void SharedPresence::expire()
{
    const auto gone = m_table.expire(cutoff());
    if (!gone)
        return; // the database is away; the next sweep takes them
    for (const auto &[room, nickname] : *gone)
        emit changed(room, nickname, false);
}

} // namespace chat::server
