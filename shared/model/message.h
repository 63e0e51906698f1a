#pragma once

#include "shared/model/compatjson.h"
#include "shared/model/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace chat {

// One chat message as stored and as sent to clients.
struct Message
{
    qint64 id = 0; // database key, global across rooms
    QString room;
    QString from;
    QString text;
    QDateTime date; // UTC, millisecond precision

    // The original demo's JSON object: {"id": 42, "from": "alice", "date": "...", "text": "hi"}
    // (field order id, from, date, text; Python separators; no trailing newline). `room` is not
    // part of it.
    QByteArray toJson() const;
    // The same object appended to `out`, from a message's parts (the store renders its rows
    // with it without building a Message; `dateMs` in ms since the epoch, UTC).
    static void appendJson(QByteArray &out, qint64 id, compatjson::Text from, qint64 dateMs,
                           compatjson::Text text);

    // Parses the object toJson() writes (any valid JSON layout is accepted). `room` is left
    // empty. Fails when a field is missing or has the wrong type.
    static Result<Message> fromJson(const QByteArray &json);

    // Django's DjangoJSONEncoder date format: ISO-8601 UTC with "Z", the fraction truncated to
    // milliseconds and left out entirely when it is zero ("2025-01-02T03:04:05Z").
    static QByteArray formatDate(const QDateTime &date);
    static QByteArray formatDate(qint64 msSinceEpoch);
    static QDateTime parseDate(QStringView text); // invalid QDateTime on failure

    friend bool operator==(const Message &, const Message &) = default;
};

// An event of a room's sequence (1, 2, 3...: the <n> of the SSE event id "room-<room>:<n>"):
// a message, or a moderator's removal of one. A removed message stays in the sequence as a
// tombstone, so that ids and replay stay consistent, but its text is gone and it is not sent.
struct StoredMessage
{
    Message message; // for a removal: its id and date, from and text empty
    qint64 eventNumber = 0;
    qint64 removes = 0; // for a removal: the id of the message it removes; 0 for a message
    bool removed = false; // a message that was removed later (a tombstone)
};

} // namespace chat
