#pragma once

#include "server/store/messagestore.h"

namespace chat::server {

struct Statements;

// The bans a moderator sets, read and written through the store's statements (MessageStore's
// addBan(), activeBans() and removeBan()).
class BanQueries
{
public:
    using Ban = MessageStore::Ban;
    explicit BanQueries(Statements &statements);

    Result<qint64> add(const Ban &ban, qint64 nowMs); // its id
    Result<QList<Ban>> active(qint64 nowMs);
    Result<bool> remove(qint64 id); // false: no such ban

private:
    Statements &m_statements;
};

} // namespace chat::server
