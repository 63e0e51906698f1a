#pragma once

#include "server/api/events/eventsendpoint.h"
#include "server/api/request/clientaddress.h"
#include "server/api/request/ratelimiter.h"
#include "server/grip/grippublisher.h"
#include "server/http/screenedlistener.h"
#include "server/store/engine/databaseurl.h"
#include "server/store/engine/sqliteconnection.h"
#include "server/streams/streamhub.h"
#include "shared/grip/gripconfig.h"

#include <QHostAddress>
#include <QString>
#include <optional>

namespace chat::server {

// Everything the origin is configured with (serverconfig reads it from the command line, the
// environment and .env).
struct ServerSettings
{
    enum class LogFormat { Text, Json };

    QHostAddress bind = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 3000; // 0: any free port
    // A SQLite file, or a PostgreSQL database that several origins may share.
    DatabaseUrl database = DatabaseUrl::sqlite(QStringLiteral("var/chat.sqlite3"));
    Sync sync = Sync::Full;
    QString webRoot = QStringLiteral("web");
    int listenBacklog = 4096; // connection storms: thousands of EventSources reconnecting
    StreamHub::Options streams;
    EventsEndpoint::Options events;
    // Request sizes, timeouts and the connection limit (0 here: derived from RLIMIT_NOFILE).
    ScreenedListener::Options connections;
    RateLimiter::Options postRate; // per client address and per nickname
    int presenceTimeoutMs = 45'000; // a nickname without a heartbeat for this long is offline
    TrustedProxies trustedProxies; // whose X-Forwarded-For is believed
    QByteArray adminToken; // from --admin-token-file; empty: no moderation (never logged)
    // A listener of its own for /metrics; unset: /metrics is served on the API's listener.
    std::optional<quint16> metricsPort; // 0: any free port
    QHostAddress metricsBind = QHostAddress(QHostAddress::LocalHost);
    LogFormat logFormat = LogFormat::Text;
    std::optional<grip::GripConfig> grip; // from GRIP_URL: hold and publish through a proxy
    GripPublisher::Options publishing;
};

} // namespace chat::server
