#include "ssesubscribers.h"

#include "shared/retry/backoff.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <queue>
#include <random>

namespace {

enum class Phase { Idle, Connecting, History, Head, Body, Waiting, Closed };

struct Connection
{
    int fd = -1;
    Phase phase = Phase::Idle;
    bool reconnecting = false; // after a stream ended: history first, then Last-Event-ID
    bool historyRead = false; // for this reconnect
    chat::Backoff backoff; // the clients' schedule (1000 ms doubling to 30 s, jittered)
    std::string raw; // bytes received, not yet decoded
    SseBodyDecoder decoder;
    SubscriberResult result;
};

void closeWithoutTimeWait(int fd)
{
    // An RST instead of a FIN: tens of thousands of connections per run must not leave their
    // ports in TIME_WAIT for the next run.
    linger hard { 1, 0 };
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    close(fd);
}

using Retry = std::pair<BenchClock::time_point, uint32_t>;

} // namespace

class SseSubscribers::Worker
{
public:
    Worker(SseSubscribers &owner, int count, unsigned seed)
        : m_owner(owner)
        , m_target(owner.m_target)
        , m_connections(size_t(count))
        , m_random(seed)
    { }

    void start()
    {
        m_thread = std::thread([this] { run(); });
    }
    void join()
    {
        if (m_thread.joinable())
            m_thread.join();
    }

    std::vector<SubscriberResult> results()
    {
        std::vector<SubscriberResult> out;
        out.reserve(m_connections.size());
        for (Connection &c : m_connections)
            out.push_back(std::move(c.result));
        return out;
    }

private:
    void run()
    {
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        std::vector<epoll_event> events(1024);
        while (!m_owner.m_stop.load(std::memory_order_relaxed)) {
            startMore();
            const int n = epoll_wait(m_epoll, events.data(), int(events.size()), 20);
            const auto now = BenchClock::now();
            for (int i = 0; i < n; ++i)
                onEvent(events[size_t(i)].data.u32, events[size_t(i)].events, now);
            retryDue(now);
        }
        for (Connection &c : m_connections) {
            if (c.fd >= 0)
                closeWithoutTimeWait(c.fd);
        }
        close(m_epoll);
    }

    // Keeps at most connectBatch first opens in flight, so a proxy sees a ramp, not a burst.
    void startMore()
    {
        while (m_next < m_connections.size() && m_pendingOpens < m_target.connectBatch) {
            ++m_pendingOpens;
            open(uint32_t(m_next++));
        }
    }

    void open(uint32_t index)
    {
        Connection &c = m_connections[index];
        ++c.result.attempts;
        c.result.connectStarted = BenchClock::now();
        c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        const int one = 1;
        setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(m_target.port);
        inet_pton(AF_INET, m_target.host.c_str(), &address.sin_addr);
        c.phase = Phase::Connecting;
        c.raw.clear();
        if (connect(c.fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
            && errno != EINPROGRESS) {
            attemptFailed(index);
            return;
        }
        epoll_event event {};
        event.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
        event.data.u32 = index;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, c.fd, &event);
    }

    void closeConnection(Connection &c)
    {
        if (c.fd >= 0) {
            closeWithoutTimeWait(c.fd);
            c.fd = -1;
        }
    }

    // An open that did not give a stream: the first open retries a few times at a fixed pace,
    // a reconnect keeps trying on the clients' backoff.
    void attemptFailed(uint32_t index)
    {
        Connection &c = m_connections[index];
        closeConnection(c);
        if (c.reconnecting) {
            scheduleReconnect(index);
            return;
        }
        c.phase = Phase::Closed;
        if (c.result.attempts < m_target.maxAttempts) {
            c.phase = Phase::Waiting;
            m_retries.push({ BenchClock::now() + std::chrono::milliseconds(200), index });
            return; // still pending
        }
        --m_pendingOpens;
        m_owner.m_failed.fetch_add(1);
    }

    void streamEnded(uint32_t index)
    {
        Connection &c = m_connections[index];
        c.result.dropped = true;
        closeConnection(c);
        c.phase = Phase::Closed;
        if (!m_target.reconnect)
            return;
        m_owner.m_down.fetch_add(1);
        c.reconnecting = true;
        scheduleReconnect(index);
    }

    void scheduleReconnect(uint32_t index)
    {
        Connection &c = m_connections[index];
        c.phase = Phase::Waiting;
        c.historyRead = false;
        const double random01 = std::uniform_real_distribution<double>(0.0, 1.0)(m_random);
        const auto delay = std::chrono::milliseconds(c.backoff.nextDelayMs(random01));
        m_retries.push({ BenchClock::now() + delay, index });
    }

    void retryDue(BenchClock::time_point now)
    {
        while (!m_retries.empty() && m_retries.top().first <= now) {
            const uint32_t index = m_retries.top().second;
            m_retries.pop();
            open(index);
        }
    }

    bool send(Connection &c, const std::string &request)
    {
        return write(c.fd, request.data(), request.size()) == ssize_t(request.size());
    }

    bool requestHistory(Connection &c)
    {
        c.phase = Phase::History;
        return send(c,
                    "GET " + m_target.historyPath + " HTTP/1.1\r\nHost: " + m_target.host
                        + "\r\nAccept: application/json\r\n\r\n");
    }

    bool requestStream(Connection &c, BenchClock::time_point now)
    {
        const std::string &lastEventId = c.decoder.lastEventId();
        std::string request = "GET " + m_target.path + " HTTP/1.1\r\nHost: " + m_target.host
            + "\r\nAccept: text/event-stream\r\n";
        if (c.reconnecting && !lastEventId.empty())
            request += "Last-Event-ID: " + lastEventId + "\r\n";
        c.phase = Phase::Head;
        c.result.requested = now;
        return send(c, request + "\r\n");
    }

    void onEvent(uint32_t index, uint32_t flags, BenchClock::time_point now)
    {
        Connection &c = m_connections[index];
        if (c.phase == Phase::Connecting && (flags & EPOLLOUT)) {
            int error = 0;
            socklen_t length = sizeof error;
            getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length);
            const bool history = c.reconnecting && !c.historyRead && !m_target.historyPath.empty();
            if (error != 0 || !(history ? requestHistory(c) : requestStream(c, now))) {
                attemptFailed(index);
                return;
            }
            epoll_event event {};
            event.events = EPOLLIN | EPOLLRDHUP;
            event.data.u32 = index;
            epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &event);
        }
        if (!(flags & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
            return;
        bool ended = false;
        for (;;) {
            const ssize_t n = read(c.fd, m_buffer, sizeof m_buffer);
            if (n > 0) {
                c.raw.append(m_buffer, size_t(n));
                if (size_t(n) < sizeof m_buffer)
                    break; // drained; epoll is level-triggered, so no read just to see EAGAIN
                continue;
            }
            if (n == 0 || errno != EAGAIN)
                ended = true;
            break;
        }
        if (c.phase == Phase::History && !readHistory(index, ended, now))
            return;
        if (c.phase == Phase::Head && !readHead(index, ended, now))
            return;
        if (c.phase != Phase::Body)
            return;
        m_markers.clear();
        const bool framingOk = c.decoder.feed(c.raw, m_markers);
        c.raw.clear();
        for (const int k : m_markers)
            c.result.deliveries.push_back({ k, now });
        m_owner.m_deliveries.fetch_add((long long)m_markers.size(), std::memory_order_relaxed);
        if (ended || !framingOk)
            streamEnded(index);
    }

    // The history answer, read whole (Content-Length framing); then the stream request on the
    // same connection. Returns false while the stream has not been asked for.
    bool readHistory(uint32_t index, bool ended, BenchClock::time_point now)
    {
        Connection &c = m_connections[index];
        const auto head = ResponseHead::parse(c.raw);
        const bool complete = head && head->contentLength >= 0
            && c.raw.size() >= head->size + size_t(head->contentLength);
        if (head && (head->status != 200 || head->contentLength < 0)) {
            ++c.result.historyErrors;
            attemptFailed(index);
            return false;
        }
        if (!complete) {
            if (ended)
                attemptFailed(index);
            return false;
        }
        ++c.result.historyReads;
        c.raw.erase(0, head->size + size_t(head->contentLength));
        if (head->close || ended) {
            // The stream needs a connection of its own: open one without reading the history
            // again.
            closeConnection(c);
            c.historyRead = true;
            open(index);
            return false;
        }
        if (!requestStream(c, now)) {
            attemptFailed(index);
            return false;
        }
        return true;
    }

    // The stream's head: 200 opens it. Returns false while the body has not begun.
    bool readHead(uint32_t index, bool ended, BenchClock::time_point now)
    {
        Connection &c = m_connections[index];
        const auto head = ResponseHead::parse(c.raw);
        if (!head) {
            if (ended)
                attemptFailed(index);
            return false;
        }
        if (head->status != 200) {
            attemptFailed(index); // e.g. a proxy refusing part of a burst with 502
            return false;
        }
        c.raw.erase(0, head->size);
        c.decoder = SseBodyDecoder(head->chunked, c.decoder.lastEventId());
        c.phase = Phase::Body;
        c.result.headArrived = now;
        c.backoff.reset();
        if (c.reconnecting) {
            ++c.result.reopens;
            m_owner.m_down.fetch_sub(1);
            c.reconnecting = false;
        } else {
            c.result.opened = true;
            --m_pendingOpens;
            m_owner.m_opened.fetch_add(1);
        }
        return true;
    }

    SseSubscribers &m_owner;
    const SubscribeTarget &m_target;
    std::vector<Connection> m_connections;
    std::priority_queue<Retry, std::vector<Retry>, std::greater<Retry>> m_retries;
    std::mt19937 m_random;
    std::vector<int> m_markers;
    size_t m_next = 0;
    int m_pendingOpens = 0;
    int m_epoll = -1;
    char m_buffer[65536];
    std::thread m_thread;
};

SseSubscribers::SseSubscribers(SubscribeTarget target, int subscribers, int threads)
    : m_target(std::move(target))
{
    threads = std::max(1, std::min(threads, subscribers));
    std::random_device seeds;
    for (int i = 0; i < threads; ++i) {
        const int count = subscribers / threads + (i < subscribers % threads ? 1 : 0);
        m_workers.push_back(std::make_unique<Worker>(*this, count, seeds()));
    }
}

SseSubscribers::~SseSubscribers()
{
    m_stop = true;
    for (auto &worker : m_workers)
        worker->join();
}

void SseSubscribers::start()
{
    for (auto &worker : m_workers)
        worker->start();
}

std::vector<SubscriberResult> SseSubscribers::stop()
{
    m_stop = true;
    std::vector<SubscriberResult> all;
    for (auto &worker : m_workers) {
        worker->join();
        for (SubscriberResult &result : worker->results())
            all.push_back(std::move(result));
    }
    return all;
}
