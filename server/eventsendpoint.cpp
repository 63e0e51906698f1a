#include "server/eventsendpoint.h"

#include "server/eventstreamhub.h"
#include "server/httpreply.h"
#include "server/messagestore.h"
#include "server/roomevents.h"
#include "server/urlencoding.h"
#include "shared/eventid.h"
#include "shared/sseencoder.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcEvents, "chat.server.events")

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

constexpr int kReplayPage = 100;

void writeStreamHead(QHttpServerResponder &responder)
{
    responder.writeStatusLine(QHttpServerResponder::StatusCode::Ok);
    responder.writeHeader("Content-Type", "text/event-stream");
    responder.writeHeader("Cache-Control", "no-cache");
    responder.writeHeader("X-Accel-Buffering", "no");
    responder.writeHeader("Transfer-Encoding", "chunked");
}

} // namespace

EventsEndpoint::EventsEndpoint(MessageStore &store, EventStreamHub &hub, Options options)
    : m_store(store)
    , m_hub(hub)
    , m_options(options)
{ }

QByteArray EventsEndpoint::resumeValue(const QHttpServerRequest &request)
{
    const QByteArray header = request.value("last-event-id");
    if (!header.isEmpty())
        return header;
    QString ignored;
    const auto query
        = urlencoding::decodeForm(request.url().query(QUrl::FullyEncoded).toLatin1(), &ignored);
    if (!query)
        return {};
    return urlencoding::lastNonEmptyValue(*query, u"lastEventId").value_or(QString()).toUtf8();
}

void EventsEndpoint::open(const QString &room, const QHttpServerRequest &request,
                          QHttpServerResponder &&responder)
{
    const eventid::Resume resume = eventid::parseResume(resumeValue(request), room);
    if (resume.kind == eventid::Resume::Kind::AfterError) {
        HttpReply::error(400, u"Invalid request: Can't resume session after stream-error."_s)
            .send(responder);
        return;
    }
    if (resume.kind == eventid::Resume::Kind::Invalid) {
        // As django-eventstream: a 200 event stream holding one stream-error frame, then its end.
        writeStreamHead(responder);
        responder.writeBody(
            EventStreamHub::chunk(roomevents::streamError(u"bad-request"_s, resume.problem))
            + EventStreamHub::lastChunk());
        return;
    }
    const std::optional<qint64> current = m_store.currentEventNumber(room);
    if (!current) {
        HttpReply::error(503, u"the message store is unavailable"_s).send(responder);
        return;
    }

    QByteArray body = sse::preamble();
    qint64 position = *current;
    if (resume.kind == eventid::Resume::Kind::From && resume.n != *current) {
        const qint64 behind = *current - resume.n;
        if (resume.n < 0 || behind < 0 || behind > m_options.replayWindow) {
            body += roomevents::streamReset(room, *current);
        } else {
            // Replay resume.n+1 .. current, a page at a time.
            for (position = resume.n; position < *current;) {
                const auto page = m_store.eventsAfter(room, position, kReplayPage);
                if (!page) {
                    HttpReply::error(503, u"the message store is unavailable"_s).send(responder);
                    return;
                }
                if (page->isEmpty())
                    break;
                for (const StoredMessage &stored : *page)
                    body += roomevents::messageFrame(stored);
                position = page->constLast().eventNumber;
            }
        }
    }

    QTcpSocket *socket = responder.socket();
    writeStreamHead(responder);
    responder.writeBody(EventStreamHub::chunk(body));
    qCDebug(lcEvents) << "stream for" << room << "from" << position;
    m_hub.add(room, socket, position);
}

} // namespace chat::server
