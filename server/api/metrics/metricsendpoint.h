#pragma once

#include "server/http/httpreply.h"

#include <QDateTime>

namespace chat::server {

class EventsEndpoint;
class GripPublisher;
class MessageStore;
class MessagesEndpoint;
class PostLimits;
class RequestMetrics;
class ScreenedListener;
class StreamHub;

// GET /metrics: the Prometheus text format (0.0.4). What the parts count anyway (streams,
// refusals, the publisher's queue) is read when scraped; the hot paths only add to plain or
// relaxed-atomic counters of their own.
class MetricsEndpoint
{
public:
    struct Parts
    {
        MessageStore *store = nullptr;
        StreamHub *hub = nullptr;
        GripPublisher *publisher = nullptr; // null without GRIP_URL
        const MessagesEndpoint *messages = nullptr;
        const EventsEndpoint *events = nullptr;
        const PostLimits *ephemeralLimits = nullptr; // presence and typing
        const RequestMetrics *requests = nullptr;
    };

    explicit MetricsEndpoint(Parts parts);
    // Every listener whose connections and refusals are reported (the API's, the metrics').
    void addListener(const ScreenedListener *listener, const QString &name);

    HttpReply reply() const;

private:
    Parts m_parts;
    QList<std::pair<const ScreenedListener *, QString>> m_listeners;
    QDateTime m_started = QDateTime::currentDateTimeUtc();
};

} // namespace chat::server
