#pragma once

#include "shared/model/message.h"

#include <QByteArray>
#include <QString>

// The SSE frames of a chat room's event stream, byte for byte as the original demo writes them.
namespace chat::roomevents {

// event: message / id: room-<room>:<n> / data: <message JSON>
QByteArray messageFrame(const StoredMessage &stored);

// event: message-deleted / id: room-<room>:<n> / data: {"id": <removed message id>}
QByteArray removalFrame(const StoredMessage &removal);

// The frame of any event of the sequence: a message, a removal, or nothing for a tombstone.
QByteArray frameFor(const StoredMessage &event);

// event: stream-reset / id: room-<room>:<current> / data: {"channels": ["room-<room>"]}
QByteArray streamReset(const QString &room, qint64 current);

// event: stream-error / id: error / data: {"condition": "<condition>", "text": "<text>"}
QByteArray streamError(const QString &condition, const QString &text);

// Ephemeral events: never stored, never replayed, and without an "id:" line, so that they never
// move a client's Last-Event-ID.
// event: presence / data: {"from": "<nickname>", "status": "online"|"offline"}
QByteArray presenceFrame(const QString &from, bool online);
// event: typing / data: {"from": "<nickname>"}
QByteArray typingFrame(const QString &from);

// What a client resuming a room's stream is sent before live events: the events it missed
// (or a stream-reset when they cannot be replayed), at most a page of them.
struct ReplayPage
{
    QByteArray frames;
    qint64 position = 0; // the last event the frames account for
    bool more = false; // events after `position` remain to be replayed
};

} // namespace chat::roomevents
