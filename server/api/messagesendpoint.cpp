#include "server/api/messagesendpoint.h"

#include "server/api/postedmessage.h"
#include "server/store/messagestore.h"
#include "shared/model/validation.h"
#include "shared/sse/eventid.h"
#include "shared/text/integers.h"
#include "shared/text/urlencoding.h"

#include <QHttpServerRequest>

#include <limits>

using namespace Qt::StringLiterals;

namespace chat::server {

MessagesEndpoint::MessagesEndpoint(MessageStore &store, MessageDelivery &delivery,
                                   RateLimiter::Options postRate)
    : m_store(store)
    , m_commit(store, delivery)
    , m_byClient(postRate)
    , m_byNickname(postRate)
{
    m_clock.start();
}

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

    // The counter first, as the original demo does: a message committed in between shows up in
    // both the list and the stream, and clients de-duplicate by id; the other order loses it.
    const auto current = m_store.currentEventNumber(room);
    if (!current)
        return HttpReply::storeUnavailable();
    const auto messages = m_store.history(room, int(limit), before);
    if (!messages)
        return HttpReply::storeUnavailable();

    QByteArray body = "{\"messages\": [";
    for (qsizetype i = 0; i < messages->size(); ++i) {
        if (i > 0)
            body += ", ";
        body += messages->at(i).message.toJson();
    }
    body += "], \"last-event-id\": \"" + eventid::format(room, *current) + "\"}\n";
    return HttpReply::json(std::move(body));
}

void MessagesEndpoint::post(const QString &room, const RequestContext &context,
                            const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
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
    // Both buckets must have a token, and only then is one taken from each: a refused post
    // costs nothing.
    const qint64 now = m_clock.elapsed();
    const qint64 waitMs
        = std::max(m_byClient.waitMs(context.client, now), m_byNickname.waitMs(posted->from, now));
    if (waitMs > 0) {
        ++m_rateLimited;
        const qint64 seconds = std::max<qint64>(1, (waitMs + 999) / 1000);
        HttpReply::error(429, u"too many messages: try again in %1 s"_s.arg(seconds))
            .withHeader("Retry-After", QByteArray::number(seconds))
            .send(responder);
        return;
    }
    m_byClient.take(context.client, now);
    m_byNickname.take(posted->from, now);
    m_commit.submit({ room, posted->from, posted->text }, std::move(responder));
}

} // namespace chat::server
