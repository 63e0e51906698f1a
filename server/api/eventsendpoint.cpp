#include "server/eventsendpoint.h"

#include "server/eventstreamhub.h"
#include "server/httpreply.h"
#include "server/messagestore.h"
#include "server/roomevents.h"
#include "server/urlencoding.h"
#include "shared/gripprotocol.h"
#include "shared/jwt.h"
#include "shared/sseencoder.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcEvents, "chat.server.events")

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

constexpr int kReplayPage = 100; // events per held response; the proxy pages through the rest

const HttpReply::Headers &streamHeaders()
{
    static const HttpReply::Headers headers { { "Content-Type", "text/event-stream" },
                                              { "Cache-Control", "no-cache" },
                                              { "X-Accel-Buffering", "no" } };
    return headers;
}

// The status line and headers of a direct stream, written by the hub itself together with the
// first chunk (QHttpServerResponder would buffer them in the socket: 32 KiB kept per stream).
QByteArray streamHead()
{
    QByteArray head = "HTTP/1.1 200 OK\r\n";
    for (const auto &[name, value] : streamHeaders())
        head += name + ": " + value + "\r\n";
    return head + "Transfer-Encoding: chunked\r\n\r\n";
}

urlencoding::Fields queryFields(const QHttpServerRequest &request)
{
    QString ignored;
    return urlencoding::decodeForm(request.url().query(QUrl::FullyEncoded).toLatin1(), &ignored)
        .value_or(urlencoding::Fields());
}

} // namespace

EventsEndpoint::EventsEndpoint(MessageStore &store, EventStreamHub &hub, Options options,
                               std::optional<grip::GripConfig> grip)
    : m_store(store)
    , m_hub(hub)
    , m_options(options)
    , m_grip(std::move(grip))
{ }

QByteArray EventsEndpoint::resumeValue(const QHttpServerRequest &request)
{
    return resumeValue(request, queryFields(request));
}

QByteArray EventsEndpoint::resumeValue(const QHttpServerRequest &request,
                                       const urlencoding::Fields &query)
{
    const QByteArray header = request.value("last-event-id");
    if (!header.isEmpty())
        return header;
    return urlencoding::lastNonEmptyValue(query, u"lastEventId").value_or(QString()).toUtf8();
}

bool EventsEndpoint::isProxied(const QHttpServerRequest &request) const
{
    if (!m_grip || !m_grip->verifier)
        return false;
    const QByteArray signature = request.value("grip-sig");
    if (signature.isEmpty())
        return false;
    const jwt::Verification verification = jwt::verify(
        signature, *m_grip->verifier, QDateTime::currentSecsSinceEpoch(), m_grip->verifyIssuer);
    if (!verification.valid)
        qCInfo(lcEvents).noquote()
            << "Grip-Sig rejected (" << verification.problem << "): serving a direct stream";
    return verification.valid;
}

std::optional<EventsEndpoint::Catchup> EventsEndpoint::catchUp(const QString &room,
                                                               const eventid::Resume &resume,
                                                               qint64 current, qint64 maxEvents)
{
    Catchup catchup { {}, current, false };
    if (resume.kind != eventid::Resume::Kind::From || resume.n == current)
        return catchup;
    const qint64 behind = current - resume.n;
    if (resume.n < 0 || behind < 0 || behind > m_options.replayWindow) {
        catchup.frames = roomevents::streamReset(room, current);
        return catchup;
    }
    const qint64 end = std::min(current, resume.n + maxEvents);
    for (catchup.position = resume.n; catchup.position < end;) {
        const auto page = m_store.eventsAfter(
            room, catchup.position, int(std::min<qint64>(kReplayPage, end - catchup.position)));
        if (!page)
            return std::nullopt;
        if (page->isEmpty())
            break;
        for (const StoredMessage &stored : *page)
            catchup.frames += roomevents::messageFrame(stored);
        catchup.position = page->constLast().eventNumber;
    }
    catchup.more = catchup.position < current;
    return catchup;
}

void EventsEndpoint::open(const QString &room, const QHttpServerRequest &request,
                          QHttpServerResponder &&responder)
{
    if (isProxied(request)) {
        openHeld(room, request, responder);
        return;
    }
    openDirect(room, eventid::parseResume(resumeValue(request), room), std::move(responder));
}

void EventsEndpoint::openDirect(const QString &room, const eventid::Resume &resume,
                                QHttpServerResponder &&responder)
{
    if (resume.kind == eventid::Resume::Kind::AfterError) {
        HttpReply::error(400, u"Invalid request: Can't resume session after stream-error."_s)
            .send(responder);
        return;
    }
    if (resume.kind == eventid::Resume::Kind::Invalid) {
        // As django-eventstream: a 200 event stream holding one stream-error frame, then its end.
        responder.socket()->write(
            streamHead()
            + EventStreamHub::chunk(roomevents::streamError(u"bad-request"_s, resume.problem))
            + EventStreamHub::lastChunk());
        return;
    }
    const std::optional<qint64> current = m_store.currentEventNumber(room);
    const auto catchup
        = current ? catchUp(room, resume, *current, m_options.replayWindow) : std::nullopt;
    if (!catchup) {
        HttpReply::storeUnavailable().send(responder);
        return;
    }
    qCDebug(lcEvents) << "direct stream for" << room << "from" << catchup->position;
    m_hub.add(room, responder.socket(), catchup->position,
              streamHead() + EventStreamHub::chunk(sse::preamble() + catchup->frames));
}

void EventsEndpoint::openHeld(const QString &room, const QHttpServerRequest &request,
                              QHttpServerResponder &responder)
{
    // The proxy asks for the Grip-Link URL to page through a long replay, to recover after a
    // prev-id gap, and when a stream has been idle for a while; those requests carry link=next.
    const urlencoding::Fields query = queryFields(request);
    const bool nextLink = urlencoding::lastValue(query, u"link") == u"next";
    const QByteArray channel = grip::channelForRoom(room);
    eventid::Resume resume;
    if (nextLink && urlencoding::lastValue(query, u"recover") == u"true") {
        const auto lastId
            = grip::lastIdFor(QList<QByteArray> { request.value("grip-last") }, channel);
        if (lastId)
            resume = eventid::Resume { eventid::Resume::Kind::From, *lastId, {} };
    } else {
        resume = eventid::parseResume(resumeValue(request, query), room);
    }

    if (resume.kind == eventid::Resume::Kind::AfterError) {
        HttpReply::error(400, u"Invalid request: Can't resume session after stream-error."_s)
            .send(responder);
        return;
    }
    HttpReply reply { 200, streamHeaders(), {} };
    if (resume.kind == eventid::Resume::Kind::Invalid) {
        // No hold: the proxy relays the frame and ends the response.
        reply.body = roomevents::streamError(u"bad-request"_s, resume.problem);
        reply.send(responder);
        return;
    }
    const std::optional<qint64> current = m_store.currentEventNumber(room);
    const auto catchup = current ? catchUp(room, resume, *current, kReplayPage) : std::nullopt;
    if (!catchup) {
        HttpReply::storeUnavailable().send(responder);
        return;
    }

    const QByteArray path = request.url().path(QUrl::FullyEncoded).toLatin1();
    grip::StreamInstruction instruction;
    instruction.channel = channel;
    instruction.prevId = catchup->position;
    instruction.hold = !catchup->more;
    instruction.keepAliveSeconds = m_options.keepAliveSeconds;
    instruction.nextLink = catchup->more ? path + "?link=next&lastEventId="
            + QUrl::toPercentEncoding(QString::fromLatin1(eventid::format(room, catchup->position)))
                                         : path + "?link=next&recover=true";
    reply.headers += grip::instructionHeaders(instruction);
    reply.body = (nextLink ? QByteArray() : sse::preamble()) + catchup->frames;
    qCDebug(lcEvents) << "held stream for" << room << "at" << catchup->position
                      << (nextLink ? "(next link)" : "") << (catchup->more ? "more follows" : "");
    reply.send(responder);
}

} // namespace chat::server
