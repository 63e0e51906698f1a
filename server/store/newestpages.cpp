#include "server/store/newestpages.h"

#include <numeric>

namespace chat::server {

NewestPages::NewestPages(qsizetype maxBytes)
    : m_rooms(maxBytes)
{ }

qsizetype NewestPages::Entry::cost() const
{
    return items.size() + lengths.size() * qsizetype(sizeof(qsizetype)) + 256;
}

QByteArray NewestPages::prefix(const QByteArray &items, const QList<qsizetype> &lengths, int count)
{
    if (count >= lengths.size())
        return items;
    if (count <= 0)
        return {};
    const qsizetype bytes
        = std::accumulate(lengths.cbegin(), lengths.cbegin() + count, qsizetype(0))
        + 2 * (count - 1); // the ", " between them
    return items.first(bytes);
}

std::optional<NewestPages::Page> NewestPages::find(const QString &room, int limit)
{
    if (limit > kPageSize)
        return std::nullopt;
    const Entry *entry = m_rooms.object(room);
    if (!entry)
        return std::nullopt;
    return Page { prefix(entry->items, entry->lengths, limit), entry->currentEvent };
}

void NewestPages::store(const QString &room, qint64 currentEvent, QByteArray items,
                        QList<qsizetype> lengths)
{
    auto *entry = new Entry { currentEvent, std::move(items), std::move(lengths) };
    const qsizetype cost = entry->cost();
    m_rooms.insert(room, entry, cost); // deletes it at once if it alone is over the budget
}

void NewestPages::committed(const QList<StoredMessage> &messages)
{
    for (const StoredMessage &stored : messages) {
        Entry *entry = m_rooms.object(stored.message.room);
        if (!entry)
            continue;
        if (stored.removes != 0 || stored.eventNumber != entry->currentEvent + 1) {
            forget(stored.message.room); // not the plain next message of this page
            continue;
        }
        const QByteArray json = stored.message.toJson();
        entry->items = entry->lengths.isEmpty() ? json : json + ", " + entry->items;
        entry->lengths.prepend(json.size());
        if (entry->lengths.size() > kPageSize) {
            entry->items.truncate(entry->items.size() - entry->lengths.constLast() - 2);
            entry->lengths.removeLast();
        }
        entry->currentEvent = stored.eventNumber;
        // Re-inserted for its new cost (QCache keeps the cost given at insertion).
        Entry *updated = m_rooms.take(stored.message.room);
        const qsizetype cost = updated->cost();
        m_rooms.insert(stored.message.room, updated, cost);
    }
}

void NewestPages::forget(const QString &room)
{
    m_rooms.remove(room);
}

void NewestPages::clear()
{
    m_rooms.clear();
}

} // namespace chat::server
