#pragma once

#include "server/api/admin/moderationendpoint.h"
#include "server/api/delivery/roomdelivery.h"
#include "server/api/events/eventsendpoint.h"
#include "server/api/healthendpoint.h"
#include "server/api/messages/messagesendpoint.h"
#include "server/api/metrics/metricsendpoint.h"
#include "server/api/metrics/requestmetrics.h"
#include "server/api/request/bans.h"
#include "server/api/request/clientaddress.h"
#include "server/api/request/postlimits.h"
#include "server/api/request/ratelimiter.h"
#include "server/api/rooms/presence.h"
#include "server/api/rooms/presenceendpoint.h"
#include "server/api/rooms/roomsendpoint.h"
#include "server/api/rooms/typingendpoint.h"
#include "server/grip/gripsigcheck.h"
#include "server/http/requestscreen.h"
#include "server/http/staticsite.h"

#include <QAbstractHttpServer>

namespace chat::server {

class StreamHub;
class GripPublisher;
class MessageStore;
class ScreenedListener;

// Routes each request QtHttpServer has parsed to its endpoint, after decoding its literal
// target (as the request screen read it) strictly and working out who sent it: the API, the
// health check and the browser UI's files. Every failure is a status with a JSON body; nothing
// escapes as a crash or a 500.
class Router : public QAbstractHttpServer
{
    Q_OBJECT
public:
    struct Options
    {
        QString webRoot;
        EventsEndpoint::Options events;
        std::optional<grip::GripConfig> grip;
        RateLimiter::Options postRate; // also for presence and typing (buckets of their own)
        TrustedProxies trustedProxies;
        int presenceTimeoutMs = 45'000; // a nickname without a heartbeat for this long is offline
        QByteArray adminToken; // the operator's bearer token; empty: no moderation
        bool metricsOnApiListener = true; // false: /metrics only on serveMetricsOn()'s listener
        // The store's database is shared with other origins (PostgreSQL): presence is kept in
        // it rather than in this origin's memory.
        bool sharedStore = false;
    };

    // `publisher` is null without GRIP_URL.
    Router(MessageStore &store, StreamHub &hub, GripPublisher *publisher, Options options,
           QObject *parent = nullptr);

    // Reads what the endpoints keep in the database (the bans), once the store is open.
    Result<void> prepare();
    // Binds to the listener and reports its limits and refusals in /healthz and /metrics.
    void listenOn(ScreenedListener *listener);
    // Serves GET /metrics (and nothing else) on a listener of its own.
    void serveMetricsOn(ScreenedListener *listener);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    RequestContext contextOf(const QHttpServerRequest &request,
                             const RequestScreen::Head &head) const;
    void dispatch(const RequestContext &context, const QHttpServerRequest &request,
                  QHttpServerResponder &responder);
    void dispatchRoom(const QString &room, const QString &resource, const RequestContext &context,
                      const QHttpServerRequest &request, QHttpServerResponder &responder);
    void dispatchAdmin(const QStringList &path, const QHttpServerRequest &request,
                       QHttpServerResponder &responder);
    // Counts the listener's requests by route, and reports its connections in /metrics.
    void observe(ScreenedListener *listener, const QString &name);

    TrustedProxies m_trustedProxies;
    GripSigCheck m_gripSig;
    RoomDelivery m_delivery;
    Bans m_bans;
    MessagesEndpoint m_messages;
    EventsEndpoint m_events;
    std::unique_ptr<Presence> m_presence;
    PostLimits m_ephemeralLimits;
    PresenceEndpoint m_presenceEndpoint;
    TypingEndpoint m_typing;
    RoomsEndpoint m_rooms;
    ModerationEndpoint m_moderation;
    HealthEndpoint m_health;
    RequestMetrics m_requestMetrics;
    MetricsEndpoint m_metrics;
    bool m_metricsHere = true;
    StaticSite m_site;
};

} // namespace chat::server
