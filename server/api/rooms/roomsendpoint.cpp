#include "server/api/rooms/roomsendpoint.h"

#include "server/api/rooms/presence.h"
#include "server/store/messagestore.h"
#include "shared/model/compatjson.h"
#include "shared/model/message.h"
#include "shared/model/validation.h"
#include "shared/text/integers.h"

using namespace Qt::StringLiterals;

namespace chat::server {

RoomsEndpoint::RoomsEndpoint(MessageStore &store, Presence &presence)
    : m_store(store)
    , m_presence(presence)
{ }

HttpReply RoomsEndpoint::list(const RequestContext &context)
{
    const auto &query = context.query;
    if (!query)
        return HttpReply::error(400, u"query string: %1"_s.arg(query.error().message));
    qint64 limit = kDefaultLimit;
    if (const auto text = urlencoding::lastValue(*query, u"limit")) {
        const auto value = parseInteger(QStringView(*text), 1, kMaxLimit);
        if (!value)
            return HttpReply::error(400,
                                    u"limit must be a whole number from 1 to %1"_s.arg(kMaxLimit));
        limit = *value;
    }
    const QString before = urlencoding::lastValue(*query, u"before").value_or(QString());
    if (!before.isEmpty()) {
        if (const auto checked = checkRoomName(before); !checked)
            return HttpReply::error(400, u"before: %1"_s.arg(checked.error().message));
    }
    const auto rooms = m_store.rooms(int(limit), before);
    if (!rooms)
        return rooms.error().status == 400 ? HttpReply::error(rooms.error())
                                           : HttpReply::storeUnavailable();
    const auto online = m_presence.counts();
    if (!online)
        return HttpReply::storeUnavailable();
    QByteArray body = "{\"rooms\": [";
    for (qsizetype i = 0; i < rooms->size(); ++i) {
        const MessageStore::RoomSummary &room = rooms->at(i);
        if (i > 0)
            body += ", ";
        body += "{\"name\": " + compatjson::quote(room.name)
            + ", \"messages\": " + QByteArray::number(room.messages) + ", \"last-message-at\": \""
            + Message::formatDate(QDateTime::fromMSecsSinceEpoch(room.lastMessageMs, Qt::UTC))
            + "\", \"online\": " + QByteArray::number(online->value(room.name)) + '}';
    }
    return HttpReply::json(body + "]}\n");
}

} // namespace chat::server
