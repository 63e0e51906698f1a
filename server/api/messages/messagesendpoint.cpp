#include "server/api/messages/messagesendpoint.h"

#include "server/api/request/bans.h"
#include "server/api/request/postedform.h"
#include "server/store/messagestore.h"
#include "shared/model/validation.h"
#include "shared/sse/eventid.h"
#include "shared/text/integers.h"
#include "shared/text/urlencoding.h"

#include <QHttpServerRequest>

#include <limits>

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

// The Idempotency-Key of a post: 1 to 128 printable ASCII characters; nothing when the request
// has none.
Result<QString> idempotencyKey(const QHttpServerRequest &request)
{
    const auto headers = request.headers();
    const auto it = std::find_if(headers.cbegin(), headers.cend(), [](const auto &header) {
        return header.first.compare("idempotency-key", Qt::CaseInsensitive) == 0;
    });
    if (it == headers.cend())
        return QString();
    const QByteArray key = it->second.trimmed();
    const bool printable
        = std::all_of(key.cbegin(), key.cend(), [](char c) { return c >= 0x20 && c <= 0x7e; });
    if (key.isEmpty() || key.size() > 128 || !printable)
        return Error { u"Idempotency-Key must be 1 to 128 printable ASCII characters"_s, 400 };
    return QString::fromLatin1(key);
}

} // namespace

MessagesEndpoint::MessagesEndpoint(MessageStore &store, RoomDelivery &delivery, const Bans &bans,
                                   RateLimiter::Options postRate)
    : m_store(store)
    , m_commit(store, delivery)
    , m_bans(bans)
    , m_limits(postRate, u"messages"_s)
{ }

HttpReply MessagesEndpoint::history(const QString &room, const RequestContext &context)
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
    std::optional<qint64> before;
    if (const auto text = urlencoding::lastValue(*query, u"before")) {
        before = parseInteger(QStringView(*text), 1, std::numeric_limits<qint64>::max());
        if (!before)
            return HttpReply::error(400,
                                    u"before must be a message id (a positive whole number)"_s);
    }

    const auto page = m_store.historyJson(room, int(limit), before);
    if (!page)
        return HttpReply::storeUnavailable();
    QByteArray body;
    body.reserve(page->messages.size() + room.size() * 3 + 64);
    body += "{\"messages\": [";
    body += page->messages;
    body += "], \"last-event-id\": \"" + eventid::format(room, page->currentEvent) + "\"}\n";
    return HttpReply::json(std::move(body));
}

void MessagesEndpoint::post(const QString &room, const RequestContext &context,
                            const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const auto key = idempotencyKey(request);
    if (!key) {
        HttpReply::error(key.error()).send(responder);
        return;
    }
    const auto posted = parsePostedMessage(request.value("content-type"), request.body());
    if (!posted) {
        HttpReply::error(posted.error()).send(responder);
        return;
    }
    for (const auto &check : { checkNickname(posted->from), checkMessageText(posted->text) }) {
        if (!check) {
            HttpReply::error(check.error()).send(responder);
            return;
        }
    }
    if (auto banned = m_bans.refuse(context.client, posted->from)) {
        banned->send(responder);
        return;
    }
    if (auto refused = m_limits.admit(context.client, posted->from)) {
        refused->send(responder);
        return;
    }
    m_commit.submit({ room, posted->from, posted->text, *key }, std::move(responder));
}

} // namespace chat::server
