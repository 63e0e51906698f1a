#include "server/streams/streamconnection.h"

#include "server/streams/streampoller.h"

#include <QTcpSocket>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace chat::server {

namespace {

bool wouldBlock(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

} // namespace

int StreamConnection::takeOverDescriptor(QTcpSocket *socket)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return -1;
    const int fd = fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    // Closing a QTcpSocket only closes its descriptor (no shutdown), so the connection lives
    // on in the duplicate; QtHttpServer sees a disconnect and deletes the socket and request.
    socket->abort();
    return fd;
}

StreamConnection::StreamConnection(int fd, StreamPoller &poller, QObject *parent)
    : QObject(parent)
    , m_fd(fd)
    , m_poller(poller)
{
    fcntl(m_fd, F_SETFL, fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    m_watched = m_poller.watch(m_fd, this);
}

StreamConnection::~StreamConnection()
{
    closeDescriptor();
}

bool StreamConnection::write(const QByteArray &bytes, qint64 maxUnsent)
{
    if (m_fd < 0)
        return false;
    if (unsentBytes() > 0) { // keep the order: behind what is already queued
        if (unsentBytes() + bytes.size() > maxUnsent)
            return false;
        if (m_unsentOffset > m_unsent.size() / 2) { // drop the sent half before growing
            m_unsent.remove(0, m_unsentOffset);
            m_unsentOffset = 0;
        }
        m_unsent += bytes;
        return true;
    }
    ssize_t sent
        = ::send(m_fd, bytes.constData(), size_t(bytes.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (sent < 0) {
        if (!wouldBlock(errno)) {
            closeDescriptor(); // no closed(): the caller learns it from the result
            return false;
        }
        sent = 0;
    }
    if (sent == bytes.size())
        return true;
    if (bytes.size() - sent > maxUnsent)
        return false;
    m_unsent = bytes.sliced(sent);
    m_unsentOffset = 0;
    m_poller.setWantsWrite(m_fd, this, true);
    return true;
}

void StreamConnection::onWritable()
{
    if (m_fd < 0)
        return; // closed earlier in the same batch of events
    while (unsentBytes() > 0) {
        const ssize_t sent = ::send(m_fd, m_unsent.constData() + m_unsentOffset,
                                    size_t(unsentBytes()), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (sent < 0) {
            if (wouldBlock(errno))
                return; // still full: wait for the next notification
            fail();
            return;
        }
        m_unsentOffset += sent;
    }
    // Everything went out: back to sending straight from write().
    m_unsent = QByteArray();
    m_unsentOffset = 0;
    m_poller.setWantsWrite(m_fd, this, false);
}

void StreamConnection::onReadable()
{
    // A stream's client sends nothing after its request; reading tells us when it hangs up.
    if (m_fd < 0)
        return;
    char buffer[512];
    for (;;) {
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n > 0)
            continue; // ignored
        if (n < 0 && wouldBlock(errno))
            return;
        fail(); // 0: the peer closed; < 0: reset or error
        return;
    }
}

void StreamConnection::finish(const QByteArray &lastBytes)
{
    if (m_fd < 0)
        return;
    if (unsentBytes() == 0)
        ::send(m_fd, lastBytes.constData(), size_t(lastBytes.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
    ::shutdown(m_fd, SHUT_WR);
    closeDescriptor();
}

void StreamConnection::abort()
{
    if (m_fd < 0)
        return;
    const linger reset { 1, 0 };
    setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    closeDescriptor();
}

void StreamConnection::fail()
{
    if (m_fd < 0)
        return;
    closeDescriptor();
    emit closed();
}

void StreamConnection::closeDescriptor()
{
    if (m_fd < 0)
        return;
    // The poller must stop watching a descriptor before it is closed (and possibly reused).
    if (m_watched)
        m_poller.forget(m_fd);
    m_watched = false;
    ::close(m_fd);
    m_fd = -1;
    m_unsent = QByteArray();
    m_unsentOffset = 0;
}

} // namespace chat::server
