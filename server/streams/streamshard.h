#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <memory>

namespace chat::server {

class ClientCounts;
class StreamConnection;
class StreamPoller;

// A share of the live SSE connections, owned by one thread: it sends its rooms' events to its
// streams, keeps idle streams alive, and drops a stream whose reader stopped reading (more than
// maxUnsentBytes queued). StreamHub spreads streams over several shards so that a fan-out
// to thousands of streams is written by several cores at once. Call its functions only from
// its own thread (queued from elsewhere).
class StreamShard : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int keepAliveMs = 20'000;
        qint64 maxUnsentBytes = 4 * 1024 * 1024;
    };

    // The event number of an ephemeral event: it goes to every stream of the room, and does
    // not count as seen.
    static constexpr qint64 kEphemeral = -1;

    // One event for publishAll(), framed once for every stream.
    struct Event
    {
        QString room;
        qint64 eventNumber = 0;
        QByteArray frame; // the SSE event, for streams whose body ends with the connection
        QByteArray chunk; // the same as an HTTP/1.1 chunk
    };

    // How a stream's body is framed on the wire.
    enum class Framing {
        Chunked, // HTTP/1.1: chunks, ended by the last chunk
        UntilClose, // HTTP/1.0: raw bytes, ended by closing the connection
    };

    // `clients` counts the streams per client address; it outlives the shard.
    StreamShard(Options options, ClientCounts &clients);
    ~StreamShard() override;

    // Starts the keep-alive timer; call in the shard's thread.
    void start();
    // Counts a stream that add() is about to receive; call from the thread that queues the
    // add(), so that events published meanwhile are not skipped as having no audience.
    void expectStream();
    // Adopts connected socket descriptor `fd` as a stream of `room` for `client` (already
    // counted in the ClientCounts) that has seen events up to `lastEventNumber`, and sends it
    // `firstBytes`.
    void add(const QString &room, int fd, qint64 lastEventNumber, const QByteArray &firstBytes,
             const QString &client, Framing framing);
    // Sends `event` to every stream of its room that has not seen it yet.
    void publish(const Event &event);
    void publishAll(const QList<Event> &events);
    // This shard's streams, counting those about to be added; read by other threads.
    int ownStreamCount() const { return m_ownCount.load(); }
    // Events written to streams (one per stream reached), and streams dropped for not reading;
    // counted without a lock, read by other threads (for /metrics).
    quint64 delivered() const { return m_delivered.load(std::memory_order_relaxed); }
    quint64 stalledDropped() const { return m_stalledDropped.load(std::memory_order_relaxed); }
    // Ends every stream (the last chunk, or just the close), then closes it.
    void closeAll();
    qint64 unsentBytes() const;

private:
    struct Stream
    {
        StreamConnection *connection = nullptr; // a child of the shard
        qint64 lastEventNumber = 0;
        qint64 lastWriteMs = 0;
        QString client;
        Framing framing = Framing::Chunked;
    };
    using Room = QHash<StreamConnection *, Stream>;

    bool write(Stream &stream, const QByteArray &bytes);
    // Forgets the stream and deletes its connection (later: it may be mid-signal).
    void remove(const QString &room, StreamConnection *connection);
    // Closes a stream whose reader fell behind, with a reset, and forgets it.
    void drop(const QString &room, StreamConnection *connection);
    void sendKeepAlives();

    Options m_options;
    ClientCounts &m_clients;
    std::atomic<int> m_ownCount { 0 };
    std::atomic<quint64> m_delivered { 0 }; // written by the shard's thread only
    std::atomic<quint64> m_stalledDropped { 0 };
    QHash<QString, Room> m_rooms;
    QElapsedTimer m_clock;
    QTimer m_keepAliveTimer;
    std::unique_ptr<StreamPoller> m_poller; // made in the shard's thread
};

} // namespace chat::server
