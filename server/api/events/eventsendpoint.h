#pragma once

#include "server/api/request/requestcontext.h"
#include "shared/sse/eventid.h"
#include "shared/sse/roomevents.h"
#include "shared/text/urlencoding.h"

#include <QByteArray>
#include <QString>
#include <optional>

class QHttpServerRequest;
class QHttpServerResponder;

namespace chat::server {

class MessageStore;
class RoomFeed;
class StreamHub;

// GET /rooms/{room}/events/. A request that carries a valid Grip-Sig came through the GRIP
// proxy: it gets the preamble and what it missed, with instructions to hold the stream on the
// room's channel (Pushpin or Fanout then delivers published messages). Any other request gets
// a direct SSE stream: the same bytes, then live events from the StreamHub (chunked, or for an
// HTTP/1.0 client until the connection closes), unless its client has too many open already.
class EventsEndpoint
{
public:
    struct Options
    {
        // The most events replayed to one reconnecting client; further behind gets a
        // stream-reset and reloads the history instead.
        qint64 replayWindow = 1000;
        int keepAliveSeconds = 20; // for the proxy's Grip-Keep-Alive
        int maxStreamsPerClient = 500; // direct streams of one client address; 0: no limit
    };

    // `feed` learns where each direct stream starts.
    EventsEndpoint(MessageStore &store, StreamHub &hub, RoomFeed &feed, Options options);

    void open(const QString &room, const RequestContext &context, const QHttpServerRequest &request,
              QHttpServerResponder &&responder);
    qint64 refusedStreams() const { return m_refusedStreams; } // over maxStreamsPerClient

    // The resume value a request carries: the Last-Event-ID header when non-empty, else the
    // last non-empty lastEventId query value.
    static QByteArray resumeValue(const QHttpServerRequest &request,
                                  const urlencoding::Fields &query);

private:
    // The page of frames for a client resuming at `resume`: a stream-reset, or at most
    // `maxEvents` of the events it missed.
    Result<roomevents::ReplayPage> replay(const QString &room, const eventid::Resume &resume,
                                          qint64 maxEvents);

    void openDirect(const QString &room, const RequestContext &context,
                    const Result<eventid::Resume> &resume, QHttpServerResponder &&responder);
    void openHeld(const QString &room, const RequestContext &context,
                  const QHttpServerRequest &request, QHttpServerResponder &responder);

    MessageStore &m_store;
    StreamHub &m_hub;
    RoomFeed &m_feed;
    Options m_options;
    qint64 m_refusedStreams = 0;
};

} // namespace chat::server
