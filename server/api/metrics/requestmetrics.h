#pragma once

#include "server/metrics/histogram.h"

#include <array>

namespace chat::server {

namespace metrics {
class Exposition;
}

// Requests answered, by route and status class, and how long history reads and posts took
// (from the parsed request to the response's head: a post's includes its commit). Fed by the
// listener's response observer; plain numbers, for the event loop's thread.
class RequestMetrics
{
public:
    enum class Route {
        Other, // no route matched, or a method the route does not have
        History,
        Post,
        Events,
        Rooms,
        Presence,
        Typing,
        Moderation,
        Health,
        Metrics,
        Static,
    };
    static constexpr int kRoutes = int(Route::Static) + 1;

    RequestMetrics();

    void record(Route route, int status, qint64 nanoseconds);
    quint64 count(Route route, int statusClass) const; // statusClass 1..5
    void write(metrics::Exposition &out) const;

private:
    std::array<std::array<quint64, 5>, kRoutes> m_counts {};
    metrics::Histogram m_history;
    metrics::Histogram m_post;
};

} // namespace chat::server
