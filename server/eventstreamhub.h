#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

class QTcpSocket;

namespace chat::server {

class StreamConnection;

// The live SSE connections, by room. A stream is a connection whose response head and first
// bytes the hub has sent; the hub frames every later write as an HTTP/1.1 chunk, sends each
// room's events to its streams, keeps idle streams alive, and drops a stream whose reader has
// stopped reading (more than maxUnsentBytes queued) instead of letting memory grow.
class EventStreamHub : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int keepAliveMs = 20'000;
        qint64 maxUnsentBytes = 4 * 1024 * 1024;
    };

    explicit EventStreamHub(Options options, QObject *parent = nullptr);
    ~EventStreamHub() override;

    // Takes the connection over from `socket` (see StreamConnection::takeOver) as a stream of
    // `room` that has seen events up to `lastEventNumber`, and sends `firstBytes` (the response
    // head and the first chunk). False if the connection is already gone.
    bool add(const QString &room, QTcpSocket *socket, qint64 lastEventNumber,
             const QByteArray &firstBytes);
    // Sends one SSE frame (already encoded) for event `eventNumber` to every stream of `room`
    // that has not seen it yet.
    void publish(const QString &room, qint64 eventNumber, const QByteArray &frame);
    // Ends every stream cleanly (last chunk, then close), e.g. at shutdown.
    void closeAll();
    int streamCount() const { return m_streamCount; }
    // Bytes queued for readers that fell behind the kernel's buffers (walks every stream).
    qint64 unsentBytes() const;

    // One HTTP/1.1 chunk holding `bytes`.
    static QByteArray chunk(const QByteArray &bytes);
    static const QByteArray &lastChunk();

private:
    struct Stream
    {
        StreamConnection *connection = nullptr; // a child of the hub
        qint64 lastEventNumber = 0;
        qint64 lastWriteMs = 0;
    };
    using Room = QHash<StreamConnection *, Stream>;

    // Writes `bytes`; false when the stream is gone or over its unsent-bytes cap.
    bool write(Stream &stream, const QByteArray &bytes);
    // Forgets the stream and deletes its connection (later: it may be mid-signal).
    void remove(const QString &room, StreamConnection *connection);
    // Closes a stream whose reader fell behind, with a reset, and forgets it.
    void drop(const QString &room, StreamConnection *connection);
    void sendKeepAlives();

    Options m_options;
    QHash<QString, Room> m_rooms;
    int m_streamCount = 0;
    QElapsedTimer m_clock;
    QTimer m_keepAliveTimer;
};

} // namespace chat::server
