#include "server/streams/streamhub.h"

#include "server/http/httpwire.h"
#include "server/streams/streamconnection.h"

#include <QLoggingCategory>
#include <QSemaphore>
#include <QThread>

#include <malloc.h>

Q_LOGGING_CATEGORY(lcHub, "chat.server.stream.hub")

namespace chat::server {

StreamHub::StreamHub(Options options, QObject *parent)
    : QObject(parent)
{
    const int threads = options.threads > 0 ? options.threads : QThread::idealThreadCount();
    for (int i = 0; i < std::max(1, threads); ++i) {
        Shard shard;
        shard.thread = new QThread(this);
        shard.thread->setObjectName(QStringLiteral("stream-shard-%1").arg(i));
        shard.shard = new StreamShard(options, m_clients);
        shard.shard->moveToThread(shard.thread);
        shard.thread->start();
        QMetaObject::invokeMethod(shard.shard, &StreamShard::start, Qt::QueuedConnection);
        m_shards.push_back(shard);
    }
    // Thousands of streams that close leave their memory with glibc's allocator, which keeps
    // it (15,000 closed streams: 3.4 of 52.6 MiB in use). Checked every few seconds, not on
    // each close: trimming costs a few milliseconds.
    m_memoryTimer.setInterval(5000);
    connect(&m_memoryTimer, &QTimer::timeout, this, &StreamHub::returnFreedMemory);
    m_memoryTimer.start();
}

StreamHub::~StreamHub()
{
    closeAll();
    for (const Shard &shard : m_shards) {
        shard.thread->quit();
        shard.thread->wait();
        delete shard.shard; // its thread has finished: nothing else touches it
    }
}

bool StreamHub::add(const QString &room, QTcpSocket *socket, qint64 lastEventNumber,
                    const QByteArray &firstBytes, const QString &client,
                    StreamShard::Framing framing)
{
    const int fd = StreamConnection::takeOverDescriptor(socket);
    if (fd < 0)
        return false;
    StreamShard *shard = m_shards[m_nextShard++ % m_shards.size()].shard;
    shard->expectStream();
    m_clients.add(client); // now, so that the client's next request already sees it
    m_peakStreams = std::max(m_peakStreams, streamCount());
    // Queued like every publish after it, so the shard sees them in this order.
    QMetaObject::invokeMethod(
        shard, [=] { shard->add(room, fd, lastEventNumber, firstBytes, client, framing); },
        Qt::QueuedConnection);
    return true;
}

void StreamHub::publish(const QString &room, qint64 eventNumber, const QByteArray &frame)
{
    if (streamCount() == 0)
        return; // nobody to send it to; a stream opened later replays it from the store
    if (m_pending.isEmpty()) // one wake-up per shard per turn, not per event
        QMetaObject::invokeMethod(this, &StreamHub::handOver, Qt::QueuedConnection);
    m_pending.append({ room, eventNumber, frame, httpwire::chunk(frame) }); // once for every shard
}

void StreamHub::publishEphemeral(const QString &room, const QByteArray &frame)
{
    publish(room, StreamShard::kEphemeral, frame);
}

int StreamHub::streamCount() const
{
    int count = 0;
    for (const Shard &shard : m_shards)
        count += shard.shard->ownStreamCount();
    return count;
}

void StreamHub::handOver()
{
    const QList<StreamShard::Event> events = std::exchange(m_pending, {});
    for (const Shard &shard : m_shards) {
        StreamShard *target = shard.shard;
        if (target->ownStreamCount() == 0)
            continue;
        QMetaObject::invokeMethod(
            target, [target, events] { target->publishAll(events); }, Qt::QueuedConnection);
    }
}

void StreamHub::closeAll()
{
    // All shards at once: closing thousands of TCP connections is the kernel's work, and each
    // shard's thread can do its share on a core of its own.
    QSemaphore done;
    int started = 0;
    for (const Shard &shard : m_shards) {
        StreamShard *target = shard.shard;
        if (!shard.thread->isRunning())
            continue;
        QMetaObject::invokeMethod(
            target,
            [target, &done] {
                target->closeAll();
                done.release();
            },
            Qt::QueuedConnection);
        ++started;
    }
    done.acquire(started);
}

void StreamHub::returnFreedMemory()
{
    const int streams = streamCount();
    if (m_peakStreams - streams < 1000)
        return;
    qCDebug(lcHub) << "returning memory to the system:" << m_peakStreams - streams
                   << "streams closed";
    malloc_trim(0);
    m_peakStreams = streams;
}

qint64 StreamHub::unsentBytes() const
{
    qint64 total = 0;
    for (const Shard &shard : m_shards) {
        StreamShard *target = shard.shard;
        qint64 unsent = 0;
        QMetaObject::invokeMethod(
            target, [target] { return target->unsentBytes(); }, Qt::BlockingQueuedConnection,
            &unsent);
        total += unsent;
    }
    return total;
}

quint64 StreamHub::delivered() const
{
    quint64 total = 0;
    for (const Shard &shard : m_shards)
        total += shard.shard->delivered();
    return total;
}

quint64 StreamHub::stalledDropped() const
{
    quint64 total = 0;
    for (const Shard &shard : m_shards)
        total += shard.shard->stalledDropped();
    return total;
}

} // namespace chat::server
