#include "server/api/healthendpoint.h"

#include "server/api/events/eventsendpoint.h"
#include "server/api/messages/messagesendpoint.h"
#include "server/api/request/postlimits.h"
#include "server/grip/grippublisher.h"
#include "server/http/screenedlistener.h"
#include "server/store/messagestore.h"
#include "server/streams/streamhub.h"

#include <QCoreApplication>

namespace chat::server {

namespace {

QByteArray number(qint64 value)
{
    return QByteArray::number(value);
}

} // namespace

HealthEndpoint::HealthEndpoint(Parts parts)
    : m_parts(parts)
{ }

HttpReply HealthEndpoint::reply() const
{
    const bool healthy = m_parts.store->isHealthy();
    const QByteArray state = healthy ? "ok" : "unavailable";
    QByteArray body = "{\"status\": \"" + state + "\", \"database\": \"" + state
        + "\", \"streams\": " + number(m_parts.hub->streamCount())
        + ", \"unsentBytes\": " + number(m_parts.hub->unsentBytes()) + ", \"version\": \""
        + QCoreApplication::applicationVersion().toLatin1() + '"';
    if (const ScreenedListener *listener = m_parts.listener) {
        const ScreenedListener::Options &options = listener->options();
        const ScreenedListener::Refusals &refused = listener->refusals();
        body += ", \"connections\": " + number(listener->openConnections())
            + ", \"limits\": {\"maxConnections\": " + number(options.maxConnections)
            + ", \"maxStreamsPerClient\": " + number(m_parts.maxStreamsPerClient)
            + ", \"postRate\": " + QByteArray::number(m_parts.postRate)
            + ", \"postBurst\": " + number(m_parts.postBurst)
            + ", \"headerTimeoutMs\": " + number(options.headerTimeoutMs)
            + ", \"bodyTimeoutMs\": " + number(options.bodyTimeoutMs)
            + ", \"idleTimeoutMs\": " + number(options.idleTimeoutMs)
            + ", \"maxBodyBytes\": " + number(options.limits.maxBody) + "}"
            + ", \"refused\": {\"badRequests\": " + number(refused.badRequests)
            + ", \"headTimeouts\": " + number(refused.headTimeouts) + ", \"bodyTimeouts\": "
            + number(refused.bodyTimeouts) + ", \"idleClosed\": " + number(refused.idleClosed)
            + ", \"overConnectionLimit\": " + number(refused.overCapacity)
            + ", \"overStreamLimit\": " + number(m_parts.events->refusedStreams())
            + ", \"rateLimited\": " + number(m_parts.messages->rateLimited())
            + ", \"rateLimitedEphemeral\": " + number(m_parts.ephemeralLimits->refused()) + '}';
    }
    if (GripPublisher *publisher = m_parts.publisher) {
        const GripPublisher::Stats stats = publisher->stats();
        body += ", \"grip\": {\"published\": " + number(stats.published) + ", \"queued\": "
            + number(stats.queued) + ", \"failedAttempts\": " + number(stats.failedAttempts)
            + ", \"undeliverable\": " + number(stats.undeliverable) + '}';
    }
    return HttpReply::json(body + "}\n", healthy ? 200 : 503);
}

} // namespace chat::server
