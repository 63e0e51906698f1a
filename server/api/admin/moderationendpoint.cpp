#include "server/api/admin/moderationendpoint.h"

#include "server/api/delivery/roomdelivery.h"
#include "server/api/request/postedform.h"
#include "server/store/messagestore.h"
#include "shared/grip/secretcompare.h"
#include "shared/model/compatjson.h"
#include "shared/model/message.h"
#include "shared/model/validation.h"
#include "shared/sse/eventid.h"
#include "shared/text/integers.h"

#include <QDateTime>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QLoggingCategory>

#include <limits>

Q_LOGGING_CATEGORY(lcModeration, "chat.server.moderation")

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

constexpr qint64 kMaxBanSeconds = 10LL * 365 * 24 * 3600;

QByteArray banJson(const MessageStore::Ban &ban)
{
    return "{\"id\": " + QByteArray::number(ban.id) + ", \""
        + (ban.kind == MessageStore::Ban::Kind::Nickname ? "nickname" : "address")
        + "\": " + compatjson::quote(ban.value) + ", \"until\": \""
        + Message::formatDate(QDateTime::fromMSecsSinceEpoch(ban.untilMs, Qt::UTC))
        + "\", \"reason\": " + compatjson::quote(ban.reason) + '}';
}

} // namespace

ModerationEndpoint::ModerationEndpoint(MessageStore &store, RoomDelivery &delivery, Bans &bans,
                                       QByteArray token)
    : m_store(store)
    , m_delivery(delivery)
    , m_bans(bans)
    , m_token(std::move(token))
{ }

std::optional<HttpReply> ModerationEndpoint::refuse(const QHttpServerRequest &request) const
{
    const QByteArray authorization = request.value("authorization");
    const bool bearer = authorization.size() > 7
        && authorization.first(7).compare("Bearer ", Qt::CaseInsensitive) == 0;
    if (!m_token.isEmpty() && bearer && secretsEqual(authorization.sliced(7).trimmed(), m_token))
        return std::nullopt;
    return HttpReply::error(401,
                            m_token.isEmpty()
                                ? u"moderation is not enabled on this server"_s
                                : u"an operator's Authorization: Bearer token is needed"_s)
        .withHeader("WWW-Authenticate", "Bearer realm=\"chat\"");
}

HttpReply ModerationEndpoint::removeMessage(const QString &room, const QString &id)
{
    const auto messageId = parseInteger(QStringView(id), 1, std::numeric_limits<qint64>::max());
    if (!messageId)
        return HttpReply::error(400, u"a message id is a positive whole number"_s);
    const auto removal = m_store.remove(room, *messageId);
    if (!removal) {
        if (removal.error().status == 404)
            return HttpReply::error(removal.error());
        return HttpReply::storeUnavailable();
    }
    qCInfo(lcModeration).noquote() << "removed message" << *messageId << "of" << room;
    m_delivery.deliver({ *removal });
    return HttpReply::json("{\"removed\": " + QByteArray::number(*messageId) + ", \"event-id\": \""
                           + eventid::format(room, removal->eventNumber) + "\"}\n");
}

HttpReply ModerationEndpoint::listBans() const
{
    QByteArray body = "{\"bans\": [";
    const QList<MessageStore::Ban> bans = m_bans.active();
    for (qsizetype i = 0; i < bans.size(); ++i)
        body += (i > 0 ? ", " : "") + banJson(bans.at(i));
    return HttpReply::json(body + "]}\n");
}

HttpReply ModerationEndpoint::addBan(const QHttpServerRequest &request)
{
    const auto fields = parsePostedForm(request.value("content-type"), request.body(),
                                        { u"nickname"_s, u"address"_s, u"seconds"_s, u"reason"_s });
    if (!fields)
        return HttpReply::error(fields.error());
    MessageStore::Ban ban;
    const auto nickname = urlencoding::lastValue(*fields, u"nickname");
    const auto address = urlencoding::lastValue(*fields, u"address");
    if (bool(nickname) == bool(address))
        return HttpReply::error(400, u"name either a nickname or an address to ban"_s);
    if (nickname) {
        if (const auto checked = checkNickname(*nickname); !checked)
            return HttpReply::error(checked.error());
        ban.kind = MessageStore::Ban::Kind::Nickname;
        ban.value = *nickname;
    } else {
        const QHostAddress parsed(*address);
        if (parsed.isNull())
            return HttpReply::error(400, u"'%1' is not an IP address"_s.arg(*address));
        ban.kind = MessageStore::Ban::Kind::Address;
        bool isIpv4 = false;
        const quint32 ipv4 = parsed.toIPv4Address(&isIpv4);
        ban.value = isIpv4 ? QHostAddress(ipv4).toString() : parsed.toString();
    }
    const auto seconds
        = parseInteger(QStringView(urlencoding::lastValue(*fields, u"seconds").value_or(QString())),
                       1, kMaxBanSeconds);
    if (!seconds)
        return HttpReply::error(
            400, u"seconds must be a whole number from 1 to %1"_s.arg(kMaxBanSeconds));
    ban.reason = urlencoding::lastValue(*fields, u"reason").value_or(QString());
    if (characterCount(ban.reason) > 500
        || !checkMessageText(ban.reason.isEmpty() ? u"-"_s : ban.reason))
        return HttpReply::error(400, u"the reason must be plain text of at most 500 characters"_s);
    ban.untilMs = QDateTime::currentMSecsSinceEpoch() + *seconds * 1000;
    const auto added = m_bans.add(ban);
    if (!added)
        return HttpReply::storeUnavailable();
    qCInfo(lcModeration).noquote() << "banned" << added->value << "for" << *seconds << "s";
    return HttpReply::json(banJson(*added) + '\n', 201);
}

HttpReply ModerationEndpoint::removeBan(const QString &id)
{
    const auto banId = parseInteger(QStringView(id), 1, std::numeric_limits<qint64>::max());
    if (!banId)
        return HttpReply::error(400, u"a ban id is a positive whole number"_s);
    const auto removed = m_bans.remove(*banId);
    if (!removed)
        return HttpReply::storeUnavailable();
    if (!*removed)
        return HttpReply::error(404, u"there is no ban %1"_s.arg(*banId));
    return HttpReply { 204, {}, {} };
}

} // namespace chat::server
