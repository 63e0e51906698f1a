#pragma once

#include <QByteArray>
#include <QObject>

class QTcpSocket;

namespace chat::server {

class StreamPoller;

// One SSE response connection, taken over from QtHttpServer once its request is answered: a
// socket descriptor, the bytes the kernel has not accepted yet, and notifiers for the peer
// closing and for the socket taking more (through the shard's StreamPoller). An idle stream
// costs a few hundred bytes here,
// where a QTcpSocket with its buffers and QtHttpServer's request object cost about 20 KiB.
class StreamConnection : public QObject
{
    Q_OBJECT

public:
    // Duplicates `socket`'s descriptor and closes the QTcpSocket (QtHttpServer then frees it);
    // the connection itself stays open. -1 if the socket is gone or cannot be duplicated.
    static int takeOverDescriptor(QTcpSocket *socket);

    // Owns connected socket descriptor `fd` from now on, watched by `poller` (which must
    // outlive it while it is open).
    StreamConnection(int fd, StreamPoller &poller, QObject *parent = nullptr);
    ~StreamConnection() override;

    // Sends `bytes` now, or queues what the kernel does not take. False (and nothing queued)
    // if the peer is gone or the queue would exceed `maxUnsent`; never emits closed(), so a
    // caller may write while iterating over its streams.
    bool write(const QByteArray &bytes, qint64 maxUnsent);
    qint64 unsentBytes() const { return m_unsent.size() - m_unsentOffset; }
    // Sends `lastBytes` if the kernel takes them at once, then closes with a FIN.
    void finish(const QByteArray &lastBytes);
    // Closes at once with a reset: the kernel drops whatever is still unsent.
    void abort();
    bool isOpen() const { return m_fd >= 0; }

signals:
    // The peer closed the connection or it failed, noticed by the event loop; emitted once.
    void closed();

private:
    friend class StreamPoller;
    void onReadable();
    void onWritable();
    void fail();
    void closeDescriptor();

    int m_fd;
    StreamPoller &m_poller;
    bool m_watched = false;
    QByteArray m_unsent;
    qsizetype m_unsentOffset = 0;
};

} // namespace chat::server
