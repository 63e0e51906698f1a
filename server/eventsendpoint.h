#pragma once

#include <QByteArray>
#include <QString>

class QHttpServerRequest;
class QHttpServerResponder;

namespace chat::server {

class EventStreamHub;
class MessageStore;

// GET /rooms/{room}/events/: opens a direct SSE stream. Writes the preamble, then whatever the
// client missed after its Last-Event-ID / lastEventId (or a stream-reset when that id cannot be
// served), then hands the connection to the hub for live events.
class EventsEndpoint
{
public:
    struct Options
    {
        // The most events replayed to one reconnecting client; further behind gets a
        // stream-reset and reloads the history instead.
        qint64 replayWindow = 1000;
    };

    EventsEndpoint(MessageStore &store, EventStreamHub &hub, Options options);

    void open(const QString &room, const QHttpServerRequest &request,
              QHttpServerResponder &&responder);

    // The resume value a request carries: the Last-Event-ID header when non-empty, else the
    // last non-empty lastEventId query value.
    static QByteArray resumeValue(const QHttpServerRequest &request);

private:
    MessageStore &m_store;
    EventStreamHub &m_hub;
    Options m_options;
};

} // namespace chat::server
