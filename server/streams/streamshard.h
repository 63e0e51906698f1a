#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>

namespace chat::server {

class StreamConnection;

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

    // One event for publishAll().
    struct Event
    {
        QString room;
        qint64 eventNumber = 0;
        QByteArray chunk; // the framed SSE event
    };

    explicit StreamShard(Options options);
    ~StreamShard() override;

    // Starts the keep-alive timer; call in the shard's thread.
    void start();
    // Counts a stream that add() is about to receive; call from the thread that queues the
    // add(), so that events published meanwhile are not skipped as having no audience.
    void expectStream();
    // Adopts connected socket descriptor `fd` as a stream of `room` that has seen events up to
    // `lastEventNumber`, and sends it `firstBytes`.
    void add(const QString &room, int fd, qint64 lastEventNumber, const QByteArray &firstBytes);
    // Sends `chunk` (one framed SSE event) for event `eventNumber` to every stream of `room`
    // that has not seen it yet.
    void publish(const QString &room, qint64 eventNumber, const QByteArray &chunk);
    void publishAll(const QList<Event> &events);
    // This shard's streams, counting those about to be added; read by other threads.
    int ownStreamCount() const { return m_ownCount.load(); }
    // Ends every stream with `lastChunk`, then closes it.
    void closeAll(const QByteArray &lastChunk);
    qint64 unsentBytes() const;

private:
    struct Stream
    {
        StreamConnection *connection = nullptr; // a child of the shard
        qint64 lastEventNumber = 0;
        qint64 lastWriteMs = 0;
    };
    using Room = QHash<StreamConnection *, Stream>;

    bool write(Stream &stream, const QByteArray &bytes);
    // Forgets the stream and deletes its connection (later: it may be mid-signal).
    void remove(const QString &room, StreamConnection *connection);
    // Closes a stream whose reader fell behind, with a reset, and forgets it.
    void drop(const QString &room, StreamConnection *connection);
    void sendKeepAlives();

    Options m_options;
    std::atomic<int> m_ownCount { 0 };
    QHash<QString, Room> m_rooms;
    QElapsedTimer m_clock;
    QTimer m_keepAliveTimer;
};

} // namespace chat::server
