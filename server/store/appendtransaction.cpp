#include "server/store/appendtransaction.h"

#include "server/store/engine/storeerrors.h"
#include "server/store/statements.h"

#include <QHash>
#include <QMap>
#include <QVariant>

#include <algorithm>
#include <iterator>

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

bool sameMessage(const StoredMessage &stored, const MessageStore::NewMessage &message)
{
    return stored.message.from == message.from && stored.message.text == message.text;
}

} // namespace

AppendTransaction::AppendTransaction(Statements &statements, qint64 nowMs)
    : m_statements(statements)
    , m_nowMs(nowMs)
{ }

Result<QList<MessageStore::Appended>>
AppendTransaction::run(const QList<MessageStore::NewMessage> &messages)
{
    m_results = QList<Appended>(messages.size());
    if (auto locked = lockKeys(messages); !locked)
        return locked.error();
    if (auto resolved = resolveKeys(messages); !resolved)
        return resolved.error();
    if (auto inserted = numberAndInsert(messages); !inserted)
        return inserted.error();
    for (const auto &[index, first] : std::as_const(m_replaysOfBatch))
        m_results[index].message = m_results.at(first).message;
    return m_results;
}

Result<void> AppendTransaction::lockKeys(const QList<NewMessage> &messages)
{
    if (!m_statements.lockKey)
        return {}; // SQLite: one origin, one writer
    // In one order for every transaction, so that two batches never wait for each other.
    QStringList keys;
    for (const NewMessage &message : messages) {
        if (!message.idempotencyKey.isEmpty())
            keys.append(message.room + u'\n' + message.idempotencyKey);
    }
    keys.sort();
    keys.removeDuplicates();
    QSqlQuery &lock = *m_statements.lockKey;
    for (const QString &key : std::as_const(keys)) {
        lock.bindValue(0, key);
        if (!lock.exec())
            return storeerrors::failedStatement(u"cannot lock idempotency key"_s, lock);
        lock.finish();
    }
    return {};
}

Result<void> AppendTransaction::resolveKeys(const QList<NewMessage> &messages)
{
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const NewMessage &message = messages.at(i);
        if (message.idempotencyKey.isEmpty())
            continue;
        const std::pair<QString, QString> key { message.room, message.idempotencyKey };
        if (const auto first = m_keysInBatch.constFind(key); first != m_keysInBatch.cend()) {
            const NewMessage &original = messages.at(*first);
            const bool same = original.from == message.from && original.text == message.text;
            m_results[i].outcome = same ? Appended::Outcome::Replayed : Appended::Outcome::Conflict;
            if (same)
                m_replaysOfBatch.append({ i, *first });
            continue;
        }
        const auto stored = storedUnderKey(message);
        if (!stored)
            return stored.error();
        if (*stored) {
            // A message a moderator removed since cannot be compared: it was this one.
            const bool same = (*stored)->removed || sameMessage(**stored, message);
            m_results[i].outcome = same ? Appended::Outcome::Replayed : Appended::Outcome::Conflict;
            m_results[i].message = **stored;
            continue;
        }
        m_keysInBatch.insert(key, i);
    }
    return {};
}

Result<std::optional<StoredMessage>> AppendTransaction::storedUnderKey(const NewMessage &message)
{
    QSqlQuery &roomId = m_statements.roomId;
    roomId.bindValue(0, message.room);
    if (!roomId.exec())
        return storeerrors::failedStatement(u"cannot look up room"_s, roomId);
    if (!roomId.next()) {
        roomId.finish();
        return std::optional<StoredMessage>(); // a new room: no key was used in it
    }
    const qint64 id = roomId.value(0).toLongLong();
    roomId.finish();
    QSqlQuery &find = m_statements.findKey;
    find.bindValue(0, id);
    find.bindValue(1, message.idempotencyKey);
    find.bindValue(2, m_nowMs - MessageStore::kIdempotencyKeyLifetimeMs);
    if (!find.exec())
        return storeerrors::failedStatement(u"cannot look up idempotency key"_s, find);
    if (!find.next()) {
        find.finish();
        return std::optional<StoredMessage>();
    }
    StoredMessage stored;
    stored.message.id = find.value(0).toLongLong();
    stored.eventNumber = find.value(1).toLongLong();
    stored.message.from = find.value(2).toString();
    stored.message.text = find.value(3).toString();
    stored.message.date = QDateTime::fromMSecsSinceEpoch(find.value(4).toLongLong(), Qt::UTC);
    stored.message.room = message.room;
    stored.removed = !find.value(6).isNull();
    find.finish();
    return std::optional<StoredMessage>(stored);
}

Result<void> AppendTransaction::numberAndInsert(const QList<NewMessage> &messages)
{
    // One counter update per room of the batch, not per message: its event numbers are then
    // handed out in order. The update locks the room's row until the commit (on PostgreSQL
    // another origin's batch waits for it, then numbers after it); rooms are taken in the
    // order of their names, the same in every transaction, so two batches never deadlock.
    struct Numbering
    {
        qint64 count = 0;
        qint64 roomId = 0;
        qint64 next = 0;
    };
    QMap<QString, Numbering> rooms;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (m_results.at(i).outcome == Appended::Outcome::Stored)
            ++rooms[messages.at(i).room].count;
    }
    // One statement for up to kMaxRows rooms, in the order of their names (one statement per
    // room cost QtSql's exec and binds each time: 11 % of a post's instructions over 100 rooms;
    // on PostgreSQL a round trip each).
    for (auto chunk = rooms.begin(); chunk != rooms.end();) {
        const int count
            = int(std::min<qsizetype>(std::distance(chunk, rooms.end()), Statements::kMaxRows));
        const auto prepared = m_statements.bumpRooms(count);
        if (!prepared)
            return prepared.error();
        QSqlQuery &bump = **prepared;
        auto it = chunk;
        for (int row = 0; row < count; ++row, ++it) {
            bump.bindValue(row * 3, it.key());
            bump.bindValue(row * 3 + 1, it->count);
            bump.bindValue(row * 3 + 2, m_nowMs);
        }
        if (!bump.exec())
            return storeerrors::failedStatement(u"cannot update rooms"_s, bump);
        int returned = 0;
        while (bump.next()) {
            const auto room = rooms.find(bump.value(2).toString());
            if (room == rooms.end())
                return storeerrors::failedStatement(u"the counter of an unknown room came back"_s,
                                                    bump);
            room->roomId = bump.value(0).toLongLong();
            room->next = bump.value(1).toLongLong() - room->count + 1;
            ++returned;
        }
        bump.finish();
        if (returned != count)
            return storeerrors::failedStatement(u"cannot update rooms"_s, bump);
        chunk = it;
    }
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(m_nowMs, Qt::UTC);
    struct Insert
    {
        qsizetype index; // in the batch
        qint64 roomId;
    };
    QList<Insert> stored; // the messages to insert, in batch order
    QHash<std::pair<qint64, qint64>, qsizetype> byEvent; // (room id, event number) -> index
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (m_results.at(i).outcome != Appended::Outcome::Stored)
            continue;
        const NewMessage &message = messages.at(i);
        Numbering &room = rooms[message.room];
        StoredMessage &entry = m_results[i].message;
        entry.eventNumber = room.next++;
        entry.message.room = message.room;
        entry.message.from = message.from;
        entry.message.text = message.text;
        entry.message.date = now;
        stored.append({ i, room.roomId });
        byEvent.insert({ room.roomId, entry.eventNumber }, i);
    }
    // One statement for up to kMaxRows messages (one each cost QtSql's exec and binds every
    // time; on PostgreSQL a round trip each). The ids come back with their rows' keys.
    for (qsizetype first = 0; first < stored.size(); first += Statements::kMaxRows) {
        const int count = int(std::min<qsizetype>(stored.size() - first, Statements::kMaxRows));
        const auto prepared = m_statements.insertMessages(count);
        if (!prepared)
            return prepared.error();
        QSqlQuery &insert = **prepared;
        for (int row = 0; row < count; ++row) {
            const auto [i, roomId] = stored.at(first + row);
            const NewMessage &message = messages.at(i);
            insert.bindValue(row * 5, roomId);
            insert.bindValue(row * 5 + 1, m_results.at(i).message.eventNumber);
            insert.bindValue(row * 5 + 2, message.from);
            insert.bindValue(row * 5 + 3, message.text);
            insert.bindValue(row * 5 + 4, m_nowMs);
        }
        if (!insert.exec())
            return storeerrors::failedStatement(u"cannot insert message"_s, insert);
        int returned = 0;
        while (insert.next()) {
            const auto index
                = byEvent.constFind({ insert.value(1).toLongLong(), insert.value(2).toLongLong() });
            if (index == byEvent.cend())
                return storeerrors::failedStatement(u"an unknown message came back"_s, insert);
            m_results[*index].message.message.id = insert.value(0).toLongLong();
            ++returned;
        }
        insert.finish();
        if (returned != count)
            return storeerrors::failedStatement(u"cannot insert message"_s, insert);
    }
    for (const auto &[i, roomId] : std::as_const(stored)) {
        const NewMessage &message = messages.at(i);
        if (message.idempotencyKey.isEmpty())
            continue;
        QSqlQuery &key = m_statements.insertKey;
        key.bindValue(0, roomId);
        key.bindValue(1, message.idempotencyKey);
        key.bindValue(2, m_results.at(i).message.message.id);
        key.bindValue(3, m_nowMs);
        if (!key.exec())
            return storeerrors::failedStatement(u"cannot record idempotency key"_s, key);
        key.finish();
    }
    return {};
}

} // namespace chat::server
