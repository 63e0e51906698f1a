#pragma once

#include "shared/eventid.h"
#include "shared/gripconfig.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>
#include <utility>

class QHttpServerRequest;
class QHttpServerResponder;

namespace chat::server {

class EventStreamHub;
class MessageStore;

// GET /rooms/{room}/events/. A request that carries a valid Grip-Sig came through the GRIP
// proxy: it gets the preamble and what it missed, with instructions to hold the stream on the
// room's channel (Pushpin or Fanout then delivers published messages). Any other request gets
// a direct SSE stream: the same bytes, then live events from the EventStreamHub.
class EventsEndpoint
{
public:
    struct Options
    {
        // The most events replayed to one reconnecting client; further behind gets a
        // stream-reset and reloads the history instead.
        qint64 replayWindow = 1000;
        int keepAliveSeconds = 20; // for the proxy's Grip-Keep-Alive
    };

    // `grip` is nothing without GRIP_URL: every request is then direct.
    EventsEndpoint(MessageStore &store, EventStreamHub &hub, Options options,
                   std::optional<grip::GripConfig> grip);

    void open(const QString &room, const QHttpServerRequest &request,
              QHttpServerResponder &&responder);

    // True when the request's Grip-Sig validates against the configured proxy key.
    bool isProxied(const QHttpServerRequest &request) const;

    // The resume value a request carries: the Last-Event-ID header when non-empty, else the
    // last non-empty lastEventId query value.
    static QByteArray resumeValue(const QHttpServerRequest &request);

private:
    static QByteArray resumeValue(const QHttpServerRequest &request,
                                  const QList<std::pair<QString, QString>> &query);

private:
    // Frames for a client resuming at `resume`: a stream-reset, or at most `maxEvents` of the
    // events it missed. `position` is the last event the frames account for.
    struct Catchup
    {
        QByteArray frames;
        qint64 position = 0;
        bool more = false; // events after `position` remain to be replayed
    };
    std::optional<Catchup> catchUp(const QString &room, const eventid::Resume &resume,
                                   qint64 current, qint64 maxEvents);

    void openDirect(const QString &room, const eventid::Resume &resume,
                    QHttpServerResponder &&responder);
    void openHeld(const QString &room, const QHttpServerRequest &request,
                  QHttpServerResponder &responder);

    MessageStore &m_store;
    EventStreamHub &m_hub;
    Options m_options;
    std::optional<grip::GripConfig> m_grip;
};

} // namespace chat::server
