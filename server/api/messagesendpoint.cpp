#include "server/messagesendpoint.h"

#include "server/messagestore.h"
#include "server/postedmessage.h"
#include "server/urlencoding.h"
#include "shared/eventid.h"
#include "shared/validation.h"

#include <QHttpServerRequest>

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

} // namespace

MessagesEndpoint::MessagesEndpoint(MessageStore &store, EventStreamHub &hub, GripPublisher *grip)
    : m_store(store)
    , m_batcher(store, hub, grip)
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

void MessagesEndpoint::post(const QString &room, const QHttpServerRequest &request,
                            QHttpServerResponder &&responder)
{
    const PostedMessageResult posted
        = parsePostedMessage(request.value("content-type"), request.body());
    QString problem = posted.message ? nicknameProblem(posted.message->from) : posted.error;
    if (problem.isEmpty())
        problem = messageTextProblem(posted.message->text);
    if (!problem.isEmpty()) {
        HttpReply::error(posted.message ? 400 : posted.status, problem).send(responder);
        return;
    }
    m_batcher.submit({ room, posted.message->from, posted.message->text }, std::move(responder));
}

} // namespace chat::server
