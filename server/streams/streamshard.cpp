#include "server/streams/streamshard.h"

#include "server/http/httpwire.h"
#include "server/streams/clientcounts.h"
#include "server/streams/streamconnection.h"
#include "server/streams/streampoller.h"
#include "shared/sse/sseencoder.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcStream, "chat.server.stream")

namespace chat::server {

StreamShard::StreamShard(Options options, ClientCounts &clients)
    : m_options(options)
    , m_clients(clients)
    , m_keepAliveTimer(this) // moves with the shard to its thread
{
    m_clock.start();
    // Checking four times per keep-alive period bounds how late a keep-alive can be to 25 %.
    m_keepAliveTimer.setInterval(std::max(10, m_options.keepAliveMs / 4));
    connect(&m_keepAliveTimer, &QTimer::timeout, this, &StreamShard::sendKeepAlives);
}

StreamShard::~StreamShard()
{
    // Open connections tell the poller as they close: they go before it (closeAll() has
    // usually closed them all already).
    for (const Room &room : std::as_const(m_rooms)) {
        for (const Stream &stream : room)
            delete stream.connection;
    }
}

void StreamShard::start()
{
    m_poller = std::make_unique<StreamPoller>(); // in the shard's thread
    m_keepAliveTimer.start();
}

void StreamShard::expectStream()
{
    ++m_ownCount;
}

void StreamShard::add(const QString &room, int fd, qint64 lastEventNumber,
                      const QByteArray &firstBytes, const QString &client, Framing framing)
{
    Q_ASSERT(m_poller); // start() comes first
    auto *connection = new StreamConnection(fd, *m_poller, this);
    connect(connection, &StreamConnection::closed, this,
            [this, room, connection] { remove(room, connection); });
    Stream &stream
        = m_rooms[room]
              .insert(connection, Stream { connection, lastEventNumber, 0, client, framing })
              .value();
    qCDebug(lcStream) << "stream opened in" << room
                      << "streams in this shard:" << m_ownCount.load();
    if (!write(stream, firstBytes))
        drop(room, connection);
}

bool StreamShard::write(Stream &stream, const QByteArray &bytes)
{
    if (!stream.connection->write(bytes, m_options.maxUnsentBytes))
        return false;
    stream.lastWriteMs = m_clock.elapsed();
    return true;
}

void StreamShard::publish(const Event &event)
{
    const auto roomIt = m_rooms.find(event.room);
    if (roomIt == m_rooms.end())
        return;
    QList<StreamConnection *> failed;
    const bool ephemeral = event.eventNumber == kEphemeral;
    quint64 written = 0;
    for (Stream &stream : *roomIt) {
        if (!ephemeral && event.eventNumber <= stream.lastEventNumber)
            continue; // already replayed to this stream
        if (!write(stream, stream.framing == Framing::Chunked ? event.chunk : event.frame)) {
            failed.append(stream.connection);
            continue;
        }
        ++written;
        if (!ephemeral)
            stream.lastEventNumber = event.eventNumber;
    }
    // One store per event, not per stream; only this thread writes it.
    m_delivered.store(m_delivered.load(std::memory_order_relaxed) + written,
                      std::memory_order_relaxed);
    for (StreamConnection *connection : std::as_const(failed))
        drop(event.room, connection);
}

void StreamShard::publishAll(const QList<Event> &events)
{
    for (const Event &event : events)
        publish(event);
}

void StreamShard::drop(const QString &room, StreamConnection *connection)
{
    if (connection->isOpen()) {
        m_stalledDropped.store(m_stalledDropped.load(std::memory_order_relaxed) + 1,
                               std::memory_order_relaxed);
        qCWarning(lcStream).noquote() << "dropping a stream of" << room << "that stopped reading ("
                                      << connection->unsentBytes() << "bytes unsent)";
    }
    connection->abort(); // its unsent bytes are the problem: do not wait to flush them
    remove(room, connection);
}

void StreamShard::remove(const QString &room, StreamConnection *connection)
{
    const auto roomIt = m_rooms.find(room);
    if (roomIt == m_rooms.end())
        return;
    const auto streamIt = roomIt->find(connection);
    if (streamIt == roomIt->end())
        return;
    m_clients.remove(streamIt->client);
    roomIt->erase(streamIt);
    if (roomIt->isEmpty())
        m_rooms.erase(roomIt);
    const int count = --m_ownCount;
    disconnect(connection, nullptr, this, nullptr);
    connection->deleteLater(); // already closed: by the peer, or by drop()
    qCDebug(lcStream) << "stream closed in" << room << "streams in this shard:" << count;
}

qint64 StreamShard::unsentBytes() const
{
    qint64 total = 0;
    for (const Room &room : m_rooms) {
        for (const Stream &stream : room)
            total += stream.connection->unsentBytes();
    }
    return total;
}

void StreamShard::sendKeepAlives()
{
    static const QByteArray chunked = httpwire::chunk(sse::keepAlive());
    const qint64 now = m_clock.elapsed();
    QList<std::pair<QString, StreamConnection *>> failed;
    for (auto roomIt = m_rooms.begin(); roomIt != m_rooms.end(); ++roomIt) {
        for (Stream &stream : *roomIt) {
            if (now - stream.lastWriteMs < m_options.keepAliveMs)
                continue;
            if (!write(stream, stream.framing == Framing::Chunked ? chunked : sse::keepAlive()))
                failed.append({ roomIt.key(), stream.connection });
        }
    }
    for (const auto &[room, connection] : std::as_const(failed))
        drop(room, connection);
}

void StreamShard::closeAll()
{
    m_keepAliveTimer.stop();
    if (m_poller)
        m_poller->stop();
    const auto rooms = std::exchange(m_rooms, {});
    for (const Room &room : rooms) {
        for (const Stream &stream : room) {
            disconnect(stream.connection, nullptr, this, nullptr);
            stream.connection->finish(stream.framing == Framing::Chunked ? httpwire::lastChunk()
                                                                         : QByteArray());
            m_clients.remove(stream.client);
            --m_ownCount;
        }
    }
    // In the order of this object's children (with those already closed, awaiting deleteLater):
    // each one then leaves the front of the list, where QObject finds and removes it at once (in
    // the rooms' order, each deletion searched the list of all the others).
    qDeleteAll(findChildren<StreamConnection *>(QString(), Qt::FindDirectChildrenOnly));
}

} // namespace chat::server
