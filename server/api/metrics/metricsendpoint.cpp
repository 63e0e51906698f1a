#include "server/api/metrics/metricsendpoint.h"

#include "server/api/events/eventsendpoint.h"
#include "server/api/messages/messagesendpoint.h"
#include "server/api/metrics/requestmetrics.h"
#include "server/api/request/postlimits.h"
#include "server/grip/grippublisher.h"
#include "server/http/screenedlistener.h"
#include "server/metrics/exposition.h"
#include "server/store/engine/storeerrors.h"
#include "server/store/messagestore.h"
#include "server/store/storeconnection.h"
#include "server/streams/streamhub.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

using metrics::Exposition;

// The standard process_* figures, from /proc (Linux).
void writeProcess(Exposition &out, const QDateTime &started)
{
    out.gauge("process_start_time_seconds", "Start time of the process since the epoch, seconds.",
              double(started.toMSecsSinceEpoch()) / 1000.0);
    QFile statm(u"/proc/self/statm"_s);
    if (statm.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> fields = statm.readAll().split(' ');
        if (fields.size() > 1)
            out.gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
                      double(fields[1].toLongLong()) * double(sysconf(_SC_PAGESIZE)));
    }
    const QDir fds(u"/proc/self/fd"_s);
    if (fds.exists())
        out.gauge(
            "process_open_fds", "Open file descriptors.",
            double(fds.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size()));
}

} // namespace

MetricsEndpoint::MetricsEndpoint(Parts parts)
    : m_parts(parts)
{ }

void MetricsEndpoint::addListener(const ScreenedListener *listener, const QString &name)
{
    m_listeners.append({ listener, name });
}

HttpReply MetricsEndpoint::reply() const
{
    Exposition out;
    out.family("chat_build_info", Exposition::Type::Gauge,
               "The running build: always 1, with its version and Qt's.");
    out.sample("chat_build_info",
               { { "version", QCoreApplication::applicationVersion() },
                 { "qt", QString::fromLatin1(qVersion()) } },
               1);
    writeProcess(out, m_started);

    m_parts.requests->write(out);

    const GroupCommit::Stats &commits = m_parts.messages->commits();
    out.counter("chat_posts_committed_total", "Messages committed to the database.",
                double(commits.committed));
    out.family("chat_group_commit_batch_size", Exposition::Type::Histogram,
               "Messages per group-commit transaction.");
    out.histogram("chat_group_commit_batch_size", {}, commits.batchSizes);
    out.family("chat_group_commit_duration_seconds", Exposition::Type::Histogram,
               "Time a group commit's transaction took, its sync to disk included.");
    out.histogram("chat_group_commit_duration_seconds", {}, commits.commitSeconds);

    out.gauge("chat_database_up", "1 while the database answers, else 0.",
              m_parts.store->isHealthy() ? 1 : 0);
    out.counter("chat_database_errors_total",
                "Statements, transactions and connections to the database that failed.",
                double(storeerrors::total()));
    out.counter("chat_database_reconnects_total",
                "Times the connection to PostgreSQL was lost and opened again.",
                m_parts.store->connection().reconnects());
    out.counter("chat_wal_checkpoints_total",
                "Background checkpoints of the write-ahead log into the database file.",
                m_parts.store->backgroundCheckpoints());

    const StreamHub &hub = *m_parts.hub;
    out.gauge("chat_direct_streams", "SSE streams served directly (not held by the GRIP proxy).",
              hub.streamCount());
    out.counter("chat_events_delivered_total",
                "Events written to direct streams, one per stream reached.",
                double(hub.delivered()));
    out.counter("chat_stalled_readers_dropped_total",
                "Direct streams dropped because their reader stopped reading.",
                double(hub.stalledDropped()));

    out.family("chat_rate_limited_total", Exposition::Type::Counter,
               "Requests refused with 429 by a limit, by what was limited.");
    out.sample("chat_rate_limited_total", { { "limit", u"posts"_s } },
               double(m_parts.messages->rateLimited()));
    out.sample("chat_rate_limited_total", { { "limit", u"presence_typing"_s } },
               double(m_parts.ephemeralLimits->refused()));
    out.sample("chat_rate_limited_total", { { "limit", u"streams_per_client"_s } },
               double(m_parts.events->refusedStreams()));

    out.family("chat_open_connections", Exposition::Type::Gauge,
               "Open connections of a listener (the API's counts the direct streams).");
    for (const auto &[listener, name] : m_listeners)
        out.sample("chat_open_connections", { { "listener", name } }, listener->openConnections());
    out.family("chat_connections_refused_total", Exposition::Type::Counter,
               "Requests and connections a listener turned away, by reason.");
    for (const auto &[listener, name] : m_listeners) {
        const ScreenedListener::Refusals &refused = listener->refusals();
        const std::pair<const char *, qint64> reasons[] = {
            { "bad_request", refused.badRequests },    { "head_timeout", refused.headTimeouts },
            { "body_timeout", refused.bodyTimeouts },  { "idle", refused.idleClosed },
            { "over_capacity", refused.overCapacity },
        };
        for (const auto &[reason, count] : reasons)
            out.sample("chat_connections_refused_total",
                       { { "listener", name }, { "reason", QString::fromLatin1(reason) } },
                       double(count));
    }

    if (GripPublisher *publisher = m_parts.publisher) {
        const GripPublisher::Stats stats = publisher->stats();
        out.counter("chat_grip_published_total", "Items the GRIP proxy accepted.",
                    double(stats.published));
        out.counter("chat_grip_publish_retries_total",
                    "Publish requests that failed and were retried.", double(stats.failedAttempts));
        out.counter("chat_grip_publish_failures_total",
                    "Items given up on: the queue was full or the proxy refused them (4xx).",
                    double(stats.undeliverable));
        out.gauge("chat_grip_publish_queue_length", "Items waiting to be published.",
                  double(stats.queued));
    }
    return HttpReply { 200, { { "Content-Type", Exposition::kContentType } }, out.text() };
}

} // namespace chat::server
