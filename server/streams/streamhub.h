#pragma once

#include "server/streams/clientcounts.h"
#include "server/streams/streamshard.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <vector>

class QTcpSocket;
class QThread;

namespace chat::server {

// The live SSE connections. A stream is a connection taken over from QtHttpServer once its
// response head and first bytes are decided; the hub spreads streams over StreamShards, each
// in its own thread, frames every event once as an HTTP/1.1 chunk and hands it to every shard.
class StreamHub : public QObject
{
    Q_OBJECT

public:
    struct Options : StreamShard::Options
    {
        int threads = 0; // stream threads; 0: one per core
    };

    explicit StreamHub(Options options, QObject *parent = nullptr);
    ~StreamHub() override;

    // Takes the connection over from `socket` (see StreamConnection::takeOverDescriptor) as a
    // stream of `room` for `client` that has seen events up to `lastEventNumber`, and sends
    // `firstBytes` (the response head and the first bytes of the body, framed as `framing`
    // says). False if the connection is already gone.
    bool add(const QString &room, QTcpSocket *socket, qint64 lastEventNumber,
             const QByteArray &firstBytes, const QString &client,
             StreamShard::Framing framing = StreamShard::Framing::Chunked);
    // Sends one SSE frame (already encoded) for event `eventNumber` to every stream of `room`
    // that has not seen it yet. Returns at once: the events of one event-loop turn go to the
    // shards together, at the end of the turn, and the shards write them in order.
    void publish(const QString &room, qint64 eventNumber, const QByteArray &frame);
    // Sends an ephemeral SSE frame (no event number, no id) to every stream of `room` now.
    void publishEphemeral(const QString &room, const QByteArray &frame);
    // Ends every stream cleanly (last chunk, then close) and waits until all are closed.
    void closeAll();
    // Streams open or about to be (summed over the shards; any thread may ask).
    int streamCount() const;
    // The streams `client` has open.
    int streamsFrom(const QString &client) const { return m_clients.count(client); }
    // Bytes queued for readers that fell behind the kernel's buffers (asks every shard).
    qint64 unsentBytes() const;
    // Events written to streams, and streams dropped for not reading (summed over the shards).
    quint64 delivered() const;
    quint64 stalledDropped() const;
    int threadCount() const { return int(m_shards.size()); }

private:
    struct Shard
    {
        QThread *thread = nullptr;
        StreamShard *shard = nullptr;
    };

    void handOver();
    void returnFreedMemory();

    ClientCounts m_clients; // before the shards, which use it
    std::vector<Shard> m_shards;
    QList<StreamShard::Event> m_pending; // published this turn, not yet handed to the shards
    size_t m_nextShard = 0;
    QTimer m_memoryTimer;
    int m_peakStreams = 0; // since the last trim
};

} // namespace chat::server
