#pragma once

#include "server/api/rooms/presence.h"

#include <QTimer>

namespace chat::server {

class PresenceTable;

// Presence in the database the origins share (PresenceTable): every origin sees the same
// nicknames online, whichever origin their heartbeats reach. Each origin sweeps out stays whose
// heartbeats stopped; the one whose delete takes a stay announces it.
class SharedPresence : public Presence
{
    Q_OBJECT
public:
    SharedPresence(PresenceTable &table, int timeoutMs, QObject *parent = nullptr);

    Result<bool> heartbeat(const QString &room, const QString &nickname) override;
    Result<bool> leave(const QString &room, const QString &nickname) override;
    Result<QList<Online>> online(const QString &room) override;
    Result<QHash<QString, int>> counts() override;

private:
    qint64 cutoff() const; // the oldest heartbeat that still counts
    void expire();

    PresenceTable &m_table;
    QTimer m_sweep;
};

} // namespace chat::server
