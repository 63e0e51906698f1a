#include "server/messagesendpoint.h"

#include "server/eventstreamhub.h"
#include "server/grippublisher.h"
#include "server/messagestore.h"
#include "server/postedmessage.h"
#include "server/roomevents.h"
#include "server/urlencoding.h"
#include "shared/eventid.h"
#include "shared/validation.h"

#include <QHttpServerRequest>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcMessages, "chat.server.messages")

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

// A whole number in [min, max], or nothing.
std::optional<qint64> parseBounded(const QString &text, qint64 min, qint64 max)
{
    if (text.isEmpty() || !std::all_of(text.cbegin(), text.cend(), [](QChar c) {
            return c.isDigit() && c.unicode() < 128;
        }))
        return std::nullopt;
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

HttpReply unavailable()
{
    return HttpReply::error(503, u"the message store is unavailable"_s);
}

} // namespace

MessagesEndpoint::MessagesEndpoint(MessageStore &store, EventStreamHub &hub, GripPublisher *grip)
    : m_store(store)
    , m_hub(hub)
    , m_grip(grip)
{ }

HttpReply MessagesEndpoint::history(const QString &room, const QHttpServerRequest &request)
{
    QString error;
    const auto query
        = urlencoding::decodeForm(request.url().query(QUrl::FullyEncoded).toLatin1(), &error);
    if (!query)
        return HttpReply::error(400, u"query string: %1"_s.arg(error));
    qint64 limit = kDefaultLimit;
    if (const auto text = urlencoding::lastValue(*query, u"limit")) {
        const auto value = parseBounded(*text, 1, kMaxLimit);
        if (!value)
            return HttpReply::error(400,
                                    u"limit must be a whole number from 1 to %1"_s.arg(kMaxLimit));
        limit = *value;
    }
    std::optional<qint64> before;
    if (const auto text = urlencoding::lastValue(*query, u"before")) {
        before = parseBounded(*text, 1, std::numeric_limits<qint64>::max());
        if (!before)
            return HttpReply::error(400,
                                    u"before must be a message id (a positive whole number)"_s);
    }

    // The counter first, as the original demo does: a message committed in between shows up in
    // both the list and the stream, and clients de-duplicate by id; the other order loses it.
    const auto current = m_store.currentEventNumber(room);
    if (!current)
        return unavailable();
    const auto messages = m_store.history(room, int(limit), before);
    if (!messages)
        return unavailable();

    QByteArray body = "{\"messages\": [";
    for (qsizetype i = 0; i < messages->size(); ++i) {
        if (i > 0)
            body += ", ";
        body += messages->at(i).message.toJson();
    }
    body += "], \"last-event-id\": \"" + eventid::format(room, *current) + "\"}\n";
    return HttpReply::json(std::move(body));
}

HttpReply MessagesEndpoint::post(const QString &room, const QHttpServerRequest &request)
{
    const PostedMessageResult posted
        = parsePostedMessage(request.value("content-type"), request.body());
    if (!posted.message)
        return HttpReply::error(posted.status, posted.error);
    if (const QString problem = nicknameProblem(posted.message->from); !problem.isEmpty())
        return HttpReply::error(400, problem);
    if (const QString problem = messageTextProblem(posted.message->text); !problem.isEmpty())
        return HttpReply::error(400, problem);

    const auto stored = m_store.append({ room, posted.message->from, posted.message->text });
    if (!stored)
        return unavailable();
    // Encoded once: the same frame goes to direct streams and, through the proxy, to held ones.
    const QByteArray frame = roomevents::messageFrame(*stored);
    m_hub.publish(room, stored->eventNumber, frame);
    if (m_grip)
        m_grip->publish(
            { grip::channelForRoom(room), stored->eventNumber, stored->eventNumber - 1, frame });
    qCDebug(lcMessages) << "message" << stored->message.id << "in" << room;
    return HttpReply::json(stored->message.toJson() + '\n');
}

} // namespace chat::server
