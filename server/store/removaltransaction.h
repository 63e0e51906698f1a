#pragma once

#include "shared/model/message.h"
#include "shared/model/result.h"

namespace chat::server {

struct Statements;

// A moderator's removal of one message, inside the transaction the store opened: the message
// becomes a tombstone (its text cleared) and the removal takes the room's next event number
// (the room's row locked until the commit, as an append locks it).
class RemovalTransaction
{
public:
    RemovalTransaction(Statements &statements, qint64 nowMs);

    // The removal event; 404 when the room has no such standing message.
    Result<StoredMessage> run(const QString &room, qint64 messageId);

private:
    Statements &m_statements;
    qint64 m_nowMs;
};

} // namespace chat::server
