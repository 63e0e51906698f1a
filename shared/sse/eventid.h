#pragma once

#include "shared/model/result.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

namespace chat {

// The composite SSE event id of the original demo (django-eventstream): comma-separated
// "<quoted channel>:<n>" pairs. For a chat room the channel is "room-<room>" and there is exactly
// one pair: "room-default:17". <n> counts the room's events from 1; 0 means "nothing yet".
namespace eventid {

// "room-" + room: the channel of the room's event stream, as django-eventstream names it in
// event ids and stream-reset frames (the GRIP channel is grip::publishChannel()).
QString streamChannel(QStringView room);

// Python's urllib.parse.quote(channel, safe="/"): UTF-8, every byte outside
// A-Z a-z 0-9 _ . - ~ / written as %XX (uppercase hex).
QByteArray quoteChannel(QStringView channel);

// "room-<quoted room>:<n>".
QByteArray format(QStringView room, qint64 n);

// What a Last-Event-ID / lastEventId value asks of one room's stream.
struct Resume
{
    enum class Kind {
        None, // empty value, or no pair for this room's channel: start live, no replay
        From, // replay what came after `n`
        AfterError, // the literal id "error" of a stream-error frame: answer HTTP 400
    };
    Kind kind = Kind::None;
    qint64 n = 0; // for From; may be negative or beyond the current counter (caller decides)

    static Resume from(qint64 n) { return Resume { Kind::From, n }; }
};

// Splits on ',', each part on ':' (exactly one), percent-decodes the channel and keeps the pair
// whose channel is "room-<room>". A part without exactly one ':', a channel that is not valid
// percent-encoded UTF-8, or a number that is not a decimal integer fails (the stream then
// answers a stream-error bad-request with the message).
Result<Resume> parseResume(QByteArrayView value, QStringView room);

} // namespace eventid
} // namespace chat
