#pragma once

#include "shared/model/message.h"
#include "shared/model/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace chat::server {

// The reads behind every page load and every reconnection, each engine's own way: a room's
// event counter, its history (as values, or rendered as the API sends it) and its events for
// replay. All on the store's connection and thread.
class HistoryReads
{
public:
    // The message objects of a page, newest first, joined with ", " as the API lists them.
    struct Page
    {
        QByteArray items;
        QList<qsizetype> lengths; // each object's length in `items`, newest first
    };

    virtual ~HistoryReads() = default;

    // The room's event counter: the number of its last event, 0 for an unknown room.
    virtual Result<qint64> currentEvent(const QString &room) = 0;
    // Up to `limit` standing messages of the room, newest first, with id < beforeId when given.
    virtual Result<Page> render(const QString &room, int limit, std::optional<qint64> beforeId) = 0;
    // The same messages as values.
    virtual Result<QList<StoredMessage>> messages(const QString &room, int limit,
                                                  std::optional<qint64> beforeId)
        = 0;
    // Events with numbers after..after+limit, oldest first (for replay), tombstones included.
    virtual Result<QList<StoredMessage>> eventsAfter(const QString &room, qint64 after, int limit)
        = 0;

protected:
    // The history is read by event number: the table keeps one index by room, on (room,
    // event number), because every index by room costs a page written per room and commit
    // (posts spread over many rooms were 0.63x as fast as to one room with a second one on
    // (room, id)). Within a room, ids grow with event numbers (both are taken in commit order
    // under the lock on the room's row), so "id < beforeId" is "event number < the bound":
    // the number of the room's first event with an id of beforeId or more, or its counter + 1.
    // One lookup when beforeId is one of the room's messages (as clients page), else a binary
    // search over the room's event numbers (a log of its size, whatever id a client sends).
    // Nothing when there is no beforeId (the newest page).
    Result<std::optional<qint64>> eventBound(const QString &room, std::optional<qint64> beforeId);
    // The event number of the room's message `id`, or nothing when it is not one of the room's.
    virtual Result<std::optional<qint64>> eventOf(const QString &room, qint64 id) = 0;
    // The id of the room's event `number`, or nothing when it has none.
    virtual Result<std::optional<qint64>> idOf(const QString &room, qint64 number) = 0;
};

} // namespace chat::server
