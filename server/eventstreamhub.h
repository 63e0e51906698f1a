#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

class QTcpSocket;

namespace chat::server {

// The live SSE connections, by room. A stream is a socket whose response headers and first
// bytes are already written; the hub frames every later write as an HTTP/1.1 chunk, sends each
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

    // Takes over `socket` as a stream of `room` that has seen events up to `lastEventNumber`.
    void add(const QString &room, QTcpSocket *socket, qint64 lastEventNumber);

    // Sends one SSE frame (already encoded) for event `eventNumber` to every stream of `room`
    // that has not seen it yet.
    void publish(const QString &room, qint64 eventNumber, const QByteArray &frame);

    // Ends every stream cleanly (last chunk, then close), e.g. at shutdown.
    void closeAll();

    int streamCount() const { return m_streamCount; }

    // One HTTP/1.1 chunk holding `bytes`.
    static QByteArray chunk(const QByteArray &bytes);
    static const QByteArray &lastChunk();

private:
    struct Stream
    {
        QPointer<QTcpSocket> socket;
        qint64 lastEventNumber = 0;
        qint64 lastWriteMs = 0;
    };
    using Room = QHash<QTcpSocket *, Stream>;

    // Writes `bytes`; false when the stream is gone or over its unsent-bytes cap.
    bool write(Stream &stream, const QByteArray &bytes);
    // Forgets the stream; returns its socket if that still exists.
    QPointer<QTcpSocket> remove(const QString &room, QTcpSocket *socket);
    void drop(const QString &room, QTcpSocket *socket);
    void sendKeepAlives();

    Options m_options;
    QHash<QString, Room> m_rooms;
    int m_streamCount = 0;
    QElapsedTimer m_clock;
    QTimer m_keepAliveTimer;
};

} // namespace chat::server
