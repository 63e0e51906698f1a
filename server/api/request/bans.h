#pragma once

#include "server/http/httpreply.h"
#include "server/store/messagestore.h"

#include <QList>
#include <optional>

namespace chat::server {

// The bans in force, kept in memory for the posting endpoints' hot path and in the database
// for restarts: a banned nickname or client address may not post, heartbeat or type until its
// ban ends.
class Bans
{
public:
    using Ban = MessageStore::Ban;

    explicit Bans(MessageStore &store);

    Result<void> load(); // from the database, at start
    // The 403 reply for a client or nickname under a ban; nothing when neither is.
    std::optional<HttpReply> refuse(const QString &client, const QString &nickname) const;

    Result<Ban> add(Ban ban);
    Result<bool> remove(qint64 id);
    QList<Ban> active() const;

private:
    MessageStore &m_store;
    QList<Ban> m_bans;
};

} // namespace chat::server
