#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <memory>

namespace chat::server {

class StreamConnection;

// Watches a shard's stream descriptors with one epoll set, itself watched by one
// QSocketNotifier. Qt's event dispatcher polls every descriptor it watches on every pass of
// its loop (ppoll), so with a notifier per stream each pass cost time linear in the streams
// held: in a reconnect storm, 5,000 streams per shard being added one pass at a time, that
// polling was a third of the server's time (perf: sock_poll, tcp_poll, fdget). Level-triggered:
// what is not handled in one pass is reported again in the next.
class StreamPoller
{
public:
    // In the thread that will run the streams (the notifier belongs to it).
    StreamPoller();
    ~StreamPoller();
    StreamPoller(const StreamPoller &) = delete;
    StreamPoller &operator=(const StreamPoller &) = delete;

    // Reports `fd` to `connection` (StreamConnection::onReadable) when the peer sends or hangs
    // up; also when the socket takes more bytes (onWritable) while `wantsWrite`. False if
    // epoll refused it.
    bool watch(int fd, StreamConnection *connection);
    void setWantsWrite(int fd, StreamConnection *connection, bool wantsWrite);
    // Before `fd` is closed.
    void forget(int fd);
    // Stops reporting anything and lets go of the epoll set (its descriptors leave it as they
    // close, without one epoll_ctl each: forget() does nothing from now on); in the streams'
    // thread, before it ends.
    void stop();

private:
    void dispatch();

    int m_epoll = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace chat::server
