#pragma once

#include "server/api/request/bans.h"
#include "server/http/httpreply.h"

#include <QByteArray>
#include <optional>

class QHttpServerRequest;

namespace chat::server {

class MessageStore;
class RoomDelivery;

// What an operator does, each request with "Authorization: Bearer <token>" (the token of
// --admin-token-file, compared in constant time; 401 otherwise, and always when there is no
// token): DELETE /rooms/{room}/messages/{id} removes a message (a tombstone, and a
// message-deleted event with the room's next event id, so that reconnecting clients replay it);
// GET and POST /admin/bans/ list and add bans of a nickname or an address for a duration;
// DELETE /admin/bans/{id} lifts one.
class ModerationEndpoint
{
public:
    ModerationEndpoint(MessageStore &store, RoomDelivery &delivery, Bans &bans, QByteArray token);

    // The 401 reply for a request without the token; nothing for the operator.
    std::optional<HttpReply> refuse(const QHttpServerRequest &request) const;

    HttpReply removeMessage(const QString &room, const QString &id);
    HttpReply listBans() const;
    HttpReply addBan(const QHttpServerRequest &request);
    HttpReply removeBan(const QString &id);

private:
    MessageStore &m_store;
    RoomDelivery &m_delivery;
    Bans &m_bans;
    QByteArray m_token;
};

} // namespace chat::server
