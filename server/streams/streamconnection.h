#pragma once

#include <QByteArray>
#include <QObject>
#include <QSocketNotifier>

#include <memory>

class QTcpSocket;

namespace chat::server {

// One SSE response connection, taken over from QtHttpServer once its request is answered: a
// socket descriptor, the bytes the kernel has not accepted yet, and notifiers for the peer
// closing and for the socket taking more. An idle stream costs a few hundred bytes here,
// where a QTcpSocket with its buffers and QtHttpServer's request object cost about 20 KiB.
class StreamConnection : public QObject
{
    Q_OBJECT

public:
    // Duplicates `socket`'s descriptor and closes the QTcpSocket (QtHttpServer then frees it);
    // the connection itself stays open. -1 if the socket is gone or cannot be duplicated.
    static int takeOverDescriptor(QTcpSocket *socket);

    // Owns connected socket descriptor `fd` from now on; its notifiers belong to the thread
    // that constructs it.
    explicit StreamConnection(int fd, QObject *parent = nullptr);
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
    void onReadable();
    void onWritable();
    void fail();
    void closeDescriptor();

    int m_fd;
    QSocketNotifier m_readNotifier;
    std::unique_ptr<QSocketNotifier> m_writeNotifier; // only once the kernel refused bytes
    QByteArray m_unsent;
    qsizetype m_unsentOffset = 0;
};

} // namespace chat::server
