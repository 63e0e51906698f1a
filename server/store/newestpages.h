#pragma once

#include "shared/model/message.h"

#include <QByteArray>
#include <QCache>
#include <QList>
#include <QString>
#include <optional>

namespace chat::server {

// The newest page of recently read rooms, ready to send: every page load and every reconnecting
// client reads it, and it changes only when the room does. Each entry holds the room's event
// counter and its newest kPageSize standing messages as rendered JSON. The store keeps it
// exact: a committed message is put in front of its room's page (so the page is rendered once,
// at the commit), a removal drops the room's entry, and anything else that would make an entry
// doubtful drops them all. Bounded by the bytes it holds; the least recently read rooms go first.
class NewestPages
{
public:
    static constexpr int kPageSize = 50; // the API's default page
    explicit NewestPages(qsizetype maxBytes = 8 * 1024 * 1024);

    struct Page
    {
        QByteArray items; // the message objects, newest first, joined with ", "
        qint64 currentEvent = 0;
    };
    // The `limit` newest messages of `room` (limit <= kPageSize), if its page is held.
    std::optional<Page> find(const QString &room, int limit);

    // A page just read from the database (the room's kPageSize newest, or all of them if it has
    // fewer), with the counter read before it.
    void store(const QString &room, qint64 currentEvent, QByteArray items,
               QList<qsizetype> lengths);
    // Committed messages (in the order of their event numbers): each goes in front of its
    // room's page, if that room's page is held.
    void committed(const QList<StoredMessage> &messages);
    // The room changed in a way a page cannot follow (a removal): forget its page.
    void forget(const QString &room);
    void clear();

    // The first `count` objects of a page's `items` (whose object lengths are `lengths`).
    static QByteArray prefix(const QByteArray &items, const QList<qsizetype> &lengths, int count);

private:
    struct Entry
    {
        qint64 currentEvent = 0;
        QByteArray items;
        QList<qsizetype> lengths; // newest first
        qsizetype cost() const;
    };

    QCache<QString, Entry> m_rooms;
};

} // namespace chat::server
