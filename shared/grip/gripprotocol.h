#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QStringView>
#include <optional>
#include <utility>

// The GRIP wire format the origin speaks with Pushpin and Fastly Fanout: the instructions of a
// held stream response and the EPCP publish body. Two GRIP channels per room: its messages on
// "events-room-<quoted room>", whose item ids are the room's event numbers (so the proxy keeps
// them in order and recovers gaps), and its ephemeral events (presence, typing), which have no
// ids, on "ephemeral-room-<quoted room>" (Pushpin drops an item without prev-id published on a
// channel held with prev-id).
namespace chat::grip {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

// The GRIP channel a room's messages are published on: "events-" + the quoted stream channel
// of its event ids ("events-room-caf%C3%A9").
QByteArray publishChannel(QStringView room);
// The GRIP channel of a room's ephemeral events: "ephemeral-room-caf%C3%A9".
QByteArray ephemeralChannel(QStringView room);

// What a streaming response tells the proxy.
struct StreamInstruction
{
    QByteArray channel;
    QByteArray ephemeralChannel; // held beside `channel`, without prev-id; empty: none
    qint64 prevId = 0; // the last event this response delivers (or the current one)
    bool hold = true; // false: more replay pages follow through the next link
    QByteArray nextLink; // absolute path with query; empty: none
    int keepAliveSeconds = 20;
};

// Grip-Hold, Grip-Channel (with prev-id), Grip-Keep-Alive and Grip-Link headers.
Headers instructionHeaders(const StreamInstruction &instruction);

// Pushpin's "cstring" form of a header parameter: backslash escapes for \\, \r, \n, \t.
QByteArray cstringEscape(QByteArrayView value);

// The last id the proxy delivered on `channel`, from Grip-Last header values such as
// "events-room-a; last-id=17" (several may be joined with commas). Nothing when absent or not a
// whole number.
std::optional<qint64> lastIdFor(const QList<QByteArray> &gripLastValues, QByteArrayView channel);

struct PublishItem
{
    QByteArray channel;
    std::optional<qint64> id; // both, for an item in its channel's sequence; neither for an
    std::optional<qint64> prevId; // ephemeral one
    QByteArray content; // the http-stream content: one SSE frame
};

// {"items": [{"channel": ..., "id": "18", "prev-id": "17", "formats": {"http-stream":
// {"content": ...}}}, ...]} ("id" and "prev-id" only where the item has them)
QByteArray publishBody(const QList<PublishItem> &items);

} // namespace chat::grip
