#include "server/streams/streampoller.h"

#include "server/streams/streamconnection.h"

#include <QLoggingCategory>

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

Q_LOGGING_CATEGORY(lcPoller, "chat.server.stream.poller")

namespace chat::server {

namespace {

constexpr uint32_t kRead = EPOLLIN | EPOLLRDHUP;

} // namespace

StreamPoller::StreamPoller()
    : m_epoll(epoll_create1(EPOLL_CLOEXEC))
{
    if (m_epoll < 0) {
        qCCritical(lcPoller) << "epoll_create1 failed:" << strerror(errno);
        return;
    }
    m_notifier = std::make_unique<QSocketNotifier>(m_epoll, QSocketNotifier::Read);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(),
                     [this] { dispatch(); });
}

StreamPoller::~StreamPoller()
{
    stop();
}

bool StreamPoller::watch(int fd, StreamConnection *connection)
{
    epoll_event event {};
    event.events = kRead;
    event.data.ptr = connection;
    return m_epoll >= 0 && epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) == 0;
}

void StreamPoller::setWantsWrite(int fd, StreamConnection *connection, bool wantsWrite)
{
    epoll_event event {};
    event.events = wantsWrite ? kRead | EPOLLOUT : kRead;
    event.data.ptr = connection;
    if (m_epoll >= 0)
        epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event);
}

void StreamPoller::forget(int fd)
{
    if (m_epoll >= 0)
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
}

void StreamPoller::stop()
{
    m_notifier.reset();
    if (m_epoll >= 0)
        ::close(m_epoll);
    m_epoll = -1;
}

void StreamPoller::dispatch()
{
    // A connection closed by an earlier event of the same batch is still alive (the shard
    // deletes them later) and ignores what is reported for it.
    epoll_event events[256];
    const int ready = epoll_wait(m_epoll, events, int(std::size(events)), 0);
    for (int i = 0; i < ready; ++i) {
        auto *connection = static_cast<StreamConnection *>(events[i].data.ptr);
        if (events[i].events & EPOLLOUT)
            connection->onWritable();
        if (events[i].events & (kRead | EPOLLERR | EPOLLHUP))
            connection->onReadable();
    }
}

} // namespace chat::server
