#include "server/api/metrics/requestmetrics.h"

#include "server/metrics/exposition.h"

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

QString routeName(RequestMetrics::Route route)
{
    using Route = RequestMetrics::Route;
    switch (route) {
    case Route::Other:
        return u"other"_s;
    case Route::History:
        return u"history"_s;
    case Route::Post:
        return u"post"_s;
    case Route::Events:
        return u"events"_s;
    case Route::Rooms:
        return u"rooms"_s;
    case Route::Presence:
        return u"presence"_s;
    case Route::Typing:
        return u"typing"_s;
    case Route::Moderation:
        return u"moderation"_s;
    case Route::Health:
        return u"health"_s;
    case Route::Metrics:
        return u"metrics"_s;
    case Route::Static:
        return u"static"_s;
    }
    return u"other"_s;
}

} // namespace

RequestMetrics::RequestMetrics()
    : m_history(metrics::Histogram::secondsBuckets())
    , m_post(metrics::Histogram::secondsBuckets())
{ }

void RequestMetrics::record(Route route, int status, qint64 nanoseconds)
{
    const int statusClass = std::clamp(status / 100, 1, 5);
    ++m_counts[size_t(route)][size_t(statusClass - 1)];
    if (route == Route::History)
        m_history.observe(double(nanoseconds) / 1e9);
    else if (route == Route::Post)
        m_post.observe(double(nanoseconds) / 1e9);
}

quint64 RequestMetrics::count(Route route, int statusClass) const
{
    return m_counts[size_t(route)][size_t(std::clamp(statusClass, 1, 5) - 1)];
}

void RequestMetrics::write(metrics::Exposition &out) const
{
    using metrics::Exposition;
    out.family("chat_http_requests_total", Exposition::Type::Counter,
               "HTTP requests answered, by route and status class.");
    for (int route = 0; route < kRoutes; ++route) {
        for (int statusClass = 1; statusClass <= 5; ++statusClass) {
            const quint64 count = m_counts[size_t(route)][size_t(statusClass - 1)];
            if (count == 0 && statusClass != 2)
                continue; // a series appears with its first request; 2xx always, as a baseline
            out.sample(
                "chat_http_requests_total",
                { { "route", routeName(Route(route)) }, { "code", u"%1xx"_s.arg(statusClass) } },
                double(count));
        }
    }
    out.family("chat_http_request_duration_seconds", Exposition::Type::Histogram,
               "Time from a parsed request to its response's head, for history reads and posts "
               "(a post's includes its commit).");
    out.histogram("chat_http_request_duration_seconds", { { "route", u"history"_s } }, m_history);
    out.histogram("chat_http_request_duration_seconds", { { "route", u"post"_s } }, m_post);
}

} // namespace chat::server
