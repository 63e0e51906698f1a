#include "server/api/events/eventsendpoint.h"

#include "server/api/delivery/roomfeed.h"
#include "server/grip/heldstream.h"
#include "server/http/httpreply.h"
#include "server/http/httpwire.h"
#include "server/http/screenedlistener.h"
#include "server/store/messagestore.h"
#include "server/streams/streamhub.h"
#include "shared/sse/sseencoder.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcEvents, "chat.server.events")

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

constexpr int kReplayPage = 100; // events per held response; the proxy pages through the rest

HttpReply afterErrorReply()
{
    return HttpReply::error(400, u"Invalid request: Can't resume session after stream-error."_s);
}

// As django-eventstream answers an id it cannot parse: a 200 event stream holding one
// stream-error frame, then its end.
QByteArray streamErrorFrame(const Error &error)
{
    return roomevents::streamError(u"bad-request"_s, error.message);
}

} // namespace

EventsEndpoint::EventsEndpoint(MessageStore &store, StreamHub &hub, RoomFeed &feed, Options options)
    : m_store(store)
    , m_hub(hub)
    , m_feed(feed)
    , m_options(options)
{ }

QByteArray EventsEndpoint::resumeValue(const QHttpServerRequest &request,
                                       const urlencoding::Fields &query)
{
    const QByteArray header = request.value("last-event-id");
    if (!header.isEmpty())
        return header;
    return urlencoding::lastNonEmptyValue(query, u"lastEventId").value_or(QString()).toUtf8();
}

Result<roomevents::ReplayPage>
EventsEndpoint::replay(const QString &room, const eventid::Resume &resume, qint64 maxEvents)
{
    const auto current = m_store.currentEventNumber(room);
    if (!current)
        return current.error();
    roomevents::ReplayPage page { {}, *current, false };
    if (resume.kind != eventid::Resume::Kind::From || resume.n == *current)
        return page;
    const qint64 behind = *current - resume.n;
    if (resume.n < 0 || behind < 0 || behind > m_options.replayWindow) {
        page.frames = roomevents::streamReset(room, *current);
        return page;
    }
    const qint64 end = std::min(*current, resume.n + maxEvents);
    for (page.position = resume.n; page.position < end;) {
        const auto events = m_store.eventsAfter(
            room, page.position, int(std::min<qint64>(kReplayPage, end - page.position)));
        if (!events)
            return events.error();
        if (events->isEmpty())
            break;
        for (const StoredMessage &stored : *events)
            page.frames += roomevents::frameFor(stored); // tombstones are skipped
        page.position = events->constLast().eventNumber;
    }
    page.more = page.position < *current;
    return page;
}

void EventsEndpoint::open(const QString &room, const RequestContext &context,
                          const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    if (context.viaProxy) {
        openHeld(room, context, request, responder);
        return;
    }
    const urlencoding::Fields query = context.query.value_or(urlencoding::Fields());
    openDirect(room, context, eventid::parseResume(resumeValue(request, query), room),
               std::move(responder));
}

void EventsEndpoint::openDirect(const QString &room, const RequestContext &context,
                                const Result<eventid::Resume> &resume,
                                QHttpServerResponder &&responder)
{
    if (resume && resume->kind == eventid::Resume::Kind::AfterError) {
        afterErrorReply().send(responder);
        return;
    }
    // The status line and headers go out with the first bytes of the body, written by the
    // hub's shard (QHttpServerResponder would buffer them in the socket: 32 KiB per stream).
    const HttpReply stream = HttpReply::eventStream();
    const bool chunked = !context.http10;
    const QByteArray head = chunked ? stream.chunkedHead() : stream.closeDelimitedHead();
    const auto framed = [chunked](const QByteArray &bytes) {
        return chunked ? httpwire::chunk(bytes) : bytes;
    };
    QTcpSocket *socket = responder.socket();
    if (!resume) {
        ScreenedListener::responseStarted(socket, stream.status);
        socket->write(head + framed(streamErrorFrame(resume.error()))
                      + (chunked ? httpwire::lastChunk() : QByteArray()));
        if (!chunked)
            socket->disconnectFromHost();
        return;
    }
    if (m_options.maxStreamsPerClient > 0
        && m_hub.streamsFrom(context.client) >= m_options.maxStreamsPerClient) {
        ++m_refusedStreams;
        HttpReply::error(429,
                         u"this address has %1 streams open already, the most allowed: close "
                         "some first"_s.arg(m_options.maxStreamsPerClient))
            .withHeader("Retry-After", "10")
            .send(responder);
        return;
    }
    const auto page = replay(room, *resume, m_options.replayWindow);
    if (!page) {
        HttpReply::storeUnavailable().send(responder);
        return;
    }
    qCDebug(lcEvents) << "direct stream for" << room << "from" << page->position;
    ScreenedListener::responseStarted(socket, stream.status);
    if (m_hub.add(room, socket, page->position, head + framed(sse::preamble() + page->frames),
                  context.client,
                  chunked ? StreamShard::Framing::Chunked : StreamShard::Framing::UntilClose))
        m_feed.follow(room, page->position);
}

void EventsEndpoint::openHeld(const QString &room, const RequestContext &context,
                              const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    const urlencoding::Fields query = context.query.value_or(urlencoding::Fields());
    const auto resume = [&]() -> Result<eventid::Resume> {
        if (auto recovery = heldstream::recovery(query, request.value("grip-last"), room))
            return *recovery;
        return eventid::parseResume(resumeValue(request, query), room);
    }();
    if (resume && resume->kind == eventid::Resume::Kind::AfterError) {
        afterErrorReply().send(responder);
        return;
    }
    if (!resume) {
        // No hold: the proxy relays the frame and ends the response.
        HttpReply reply = HttpReply::eventStream();
        reply.body = streamErrorFrame(resume.error());
        reply.send(responder);
        return;
    }
    const auto page = replay(room, *resume, kReplayPage);
    if (!page) {
        HttpReply::storeUnavailable().send(responder);
        return;
    }
    const bool nextLink = heldstream::isNextLink(query);
    qCDebug(lcEvents) << "held stream for" << room << "at" << page->position
                      << (nextLink ? "(next link)" : "") << (page->more ? "more follows" : "");
    heldstream::reply(room, context.path, *page, nextLink, m_options.keepAliveSeconds)
        .send(responder);
}

} // namespace chat::server
