#pragma once

#include "server/http/httpreply.h"

namespace chat::server {

class EventsEndpoint;
class GripPublisher;
class MessageStore;
class MessagesEndpoint;
class PostLimits;
class ScreenedListener;
class StreamHub;

// GET /healthz: 200 while the database answers, else 503; with the live streams, the limits in
// force and how often each turned something away, and the GRIP publisher's counters.
class HealthEndpoint
{
public:
    struct Parts
    {
        MessageStore *store = nullptr;
        StreamHub *hub = nullptr;
        GripPublisher *publisher = nullptr; // null without GRIP_URL
        const ScreenedListener *listener = nullptr; // null until listening
        const MessagesEndpoint *messages = nullptr;
        const EventsEndpoint *events = nullptr;
        const PostLimits *ephemeralLimits = nullptr; // presence and typing
        double postRate = 0;
        int postBurst = 0;
        int maxStreamsPerClient = 0;
    };

    explicit HealthEndpoint(Parts parts);
    void setListener(const ScreenedListener *listener) { m_parts.listener = listener; }

    HttpReply reply() const;

private:
    Parts m_parts;
};

} // namespace chat::server
