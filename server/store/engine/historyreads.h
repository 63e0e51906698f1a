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
};

} // namespace chat::server
