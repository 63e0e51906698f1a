#include "shared/sse/roomevents.h"

#include "shared/model/compatjson.h"
#include "shared/sse/eventid.h"
#include "shared/sse/sseencoder.h"

namespace chat::roomevents {

QByteArray messageFrame(const StoredMessage &stored)
{
    return sse::encode({ "message", eventid::format(stored.message.room, stored.eventNumber),
                         stored.message.toJson(), std::nullopt });
}

QByteArray removalFrame(const StoredMessage &removal)
{
    return sse::encode({ "message-deleted",
                         eventid::format(removal.message.room, removal.eventNumber),
                         "{\"id\": " + QByteArray::number(removal.removes) + '}', std::nullopt });
}

QByteArray frameFor(const StoredMessage &event)
{
    if (event.removes != 0)
        return removalFrame(event);
    if (event.removed)
        return {};
    return messageFrame(event);
}

QByteArray streamReset(const QString &room, qint64 current)
{
    const QByteArray data
        = "{\"channels\": [" + compatjson::quote(eventid::streamChannel(room)) + "]}";
    return sse::encode({ "stream-reset", eventid::format(room, current), data, std::nullopt });
}

QByteArray streamError(const QString &condition, const QString &text)
{
    const QByteArray data = "{\"condition\": " + compatjson::quote(condition)
        + ", \"text\": " + compatjson::quote(text) + "}";
    return sse::encode({ "stream-error", "error", data, std::nullopt });
}

QByteArray presenceFrame(const QString &from, bool online)
{
    const QByteArray data = "{\"from\": " + compatjson::quote(from) + ", \"status\": \""
        + (online ? "online" : "offline") + "\"}";
    return sse::encode({ "presence", {}, data, std::nullopt });
}

QByteArray typingFrame(const QString &from)
{
    return sse::encode(
        { "typing", {}, "{\"from\": " + compatjson::quote(from) + '}', std::nullopt });
}

} // namespace chat::roomevents
