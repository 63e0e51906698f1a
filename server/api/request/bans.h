#pragma once

#include "server/http/httpreply.h"
#include "server/store/messagestore.h"

#include <QList>
#include <QTimer>
#include <optional>

namespace chat::server {

// The bans in force, kept in memory for the posting endpoints' hot path and in the database
// for restarts: a banned nickname or client address may not post, heartbeat or type until its
// ban ends. On a database other origins share, a ban added or lifted on one reaches the others
// at once (a notification makes them reload) or at their next reload, every few seconds.
class Bans
{
public:
    using Ban = MessageStore::Ban;

    explicit Bans(MessageStore &store);
    Bans(const Bans &) = delete;
    Bans &operator=(const Bans &) = delete;

    Result<void> load(); // from the database, at start (and when another origin changed them)
    // The 403 reply for a client or nickname under a ban; nothing when neither is.
    std::optional<HttpReply> refuse(const QString &client, const QString &nickname) const;

    Result<Ban> add(Ban ban);
    Result<bool> remove(qint64 id);
    QList<Ban> active() const;

private:
    void reload();
    void announce(); // to the other origins

    static constexpr int kReloadIntervalMs = 5000;

    MessageStore &m_store;
    QList<Ban> m_bans;
    QTimer m_reload; // with a shared database
};

} // namespace chat::server
