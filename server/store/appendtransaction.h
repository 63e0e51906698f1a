#pragma once

#include "server/store/messagestore.h"

#include <QHash>

namespace chat::server {

struct Statements;

// One batch of MessageStore::append, inside the transaction the store opened: decides what
// each message becomes (new, or a replay or conflict of its Idempotency-Key), numbers the new
// ones with one counter update per room, and inserts them and their keys.
class AppendTransaction
{
public:
    AppendTransaction(Statements &statements, qint64 nowMs);

    Result<QList<MessageStore::Appended>> run(const QList<MessageStore::NewMessage> &messages);

private:
    using Appended = MessageStore::Appended;
    using NewMessage = MessageStore::NewMessage;

    // PostgreSQL: locks the batch's keys, so that another origin's batch with one of them
    // waits for this one to commit and then finds the key used.
    Result<void> lockKeys(const QList<NewMessage> &messages);
    // The first pass: Replayed or Conflict for a key already used, Stored for the rest.
    Result<void> resolveKeys(const QList<NewMessage> &messages);
    Result<std::optional<StoredMessage>> storedUnderKey(const NewMessage &message);
    Result<void> numberAndInsert(const QList<NewMessage> &messages);

    Statements &m_statements;
    qint64 m_nowMs;
    QList<Appended> m_results;
    QHash<std::pair<QString, QString>, qsizetype> m_keysInBatch; // (room, key) -> first index
    QList<std::pair<qsizetype, qsizetype>> m_replaysOfBatch; // (index, index of the first)
};

} // namespace chat::server
