#include "ssesubscribers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>

std::string asciiLower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char ch) { return char(std::tolower(ch)); });
    return text;
}

namespace {

enum class Phase { Idle, Connecting, Head, Body, Closed };

struct Connection
{
    int fd = -1;
    Phase phase = Phase::Idle;
    bool chunked = false;
    long long chunkLeft = 0; // > 0: data bytes left; < 0: CRLF bytes to skip; 0: size line next
    std::string raw; // bytes received, not yet decoded
    std::string text; // decoded body, not yet split into events
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

// Records the marker of every complete event in text and drops those events.
void scanEvents(Connection &c, BenchClock::time_point now, std::atomic<long long> &deliveries)
{
    const size_t end = c.text.rfind("\n\n");
    if (end == std::string::npos)
        return;
    static constexpr std::string_view marker = "bench~";
    size_t pos = 0;
    while ((pos = c.text.find(marker, pos)) != std::string::npos && pos < end) {
        pos += marker.size();
        int k = 0;
        while (pos < end && c.text[pos] >= '0' && c.text[pos] <= '9')
            k = k * 10 + (c.text[pos++] - '0');
        if (pos < end && c.text[pos] == '~') {
            c.result.deliveries.push_back({ k, now });
            deliveries.fetch_add(1, std::memory_order_relaxed);
        }
    }
    c.text.erase(0, end + 2);
}

// Moves decoded body bytes from raw to text. Returns false on a framing error.
bool decodeBody(Connection &c)
{
    if (!c.chunked) {
        c.text += c.raw;
        c.raw.clear();
        return true;
    }
    size_t pos = 0;
    while (pos < c.raw.size()) {
        if (c.chunkLeft > 0) {
            const size_t take = std::min<size_t>(size_t(c.chunkLeft), c.raw.size() - pos);
            c.text.append(c.raw, pos, take);
            pos += take;
            c.chunkLeft -= (long long)take;
            if (c.chunkLeft == 0)
                c.chunkLeft = -2;
        } else if (c.chunkLeft < 0) {
            const size_t skip = std::min<size_t>(size_t(-c.chunkLeft), c.raw.size() - pos);
            pos += skip;
            c.chunkLeft += (long long)skip;
        } else {
            const size_t lineEnd = c.raw.find("\r\n", pos);
            if (lineEnd == std::string::npos)
                break;
            char *parsedEnd = nullptr;
            const long long size = std::strtoll(c.raw.c_str() + pos, &parsedEnd, 16);
            if (parsedEnd == c.raw.c_str() + pos || size < 0)
                return false;
            if (size == 0)
                return false; // the last chunk: the stream ended
            c.chunkLeft = size;
            pos = lineEnd + 2;
        }
    }
    c.raw.erase(0, pos);
    return true;
}

} // namespace

class SseSubscribers::Worker
{
public:
    Worker(SseSubscribers &owner, int count)
        : m_owner(owner)
        , m_connections(size_t(count))
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
                onEvent(m_connections[events[size_t(i)].data.u32], events[size_t(i)].events, now);
            retryDue(now);
        }
        for (Connection &c : m_connections) {
            if (c.fd >= 0)
                closeWithoutTimeWait(c.fd);
        }
        close(m_epoll);
    }

    // Keeps at most connectBatch opens in flight, so a proxy sees a ramp, not a burst.
    void startMore()
    {
        while (m_next < m_connections.size() && m_pendingOpens < m_owner.m_target.connectBatch) {
            open(uint32_t(m_next++));
        }
    }

    void open(uint32_t index)
    {
        Connection &c = m_connections[index];
        ++c.result.attempts;
        ++m_pendingOpens;
        c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        const int one = 1;
        setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(m_owner.m_target.port);
        inet_pton(AF_INET, m_owner.m_target.host.c_str(), &address.sin_addr);
        c.phase = Phase::Connecting;
        c.raw.clear();
        c.text.clear();
        c.chunkLeft = 0;
        if (connect(c.fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
            && errno != EINPROGRESS) {
            openFailed(index);
            return;
        }
        epoll_event event {};
        event.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
        event.data.u32 = index;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, c.fd, &event);
    }

    void openFailed(uint32_t index)
    {
        Connection &c = m_connections[index];
        if (c.fd >= 0) {
            closeWithoutTimeWait(c.fd);
            c.fd = -1;
        }
        c.phase = Phase::Closed;
        if (c.result.attempts < m_owner.m_target.maxAttempts) {
            m_retries.push_back({ index, BenchClock::now() + std::chrono::milliseconds(200) });
            return; // still pending
        }
        --m_pendingOpens;
        m_owner.m_failed.fetch_add(1);
    }

    void retryDue(BenchClock::time_point now)
    {
        while (!m_retries.empty() && m_retries.front().second <= now) {
            const uint32_t index = m_retries.front().first;
            m_retries.pop_front();
            --m_pendingOpens; // open() counts it again
            open(index);
        }
    }

    void onEvent(Connection &c, uint32_t flags, BenchClock::time_point now)
    {
        const auto index = uint32_t(&c - m_connections.data());
        if (c.phase == Phase::Connecting && (flags & EPOLLOUT)) {
            int error = 0;
            socklen_t length = sizeof error;
            getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length);
            const std::string request = "GET " + m_owner.m_target.path + " HTTP/1.1\r\nHost: "
                + m_owner.m_target.host + "\r\nAccept: text/event-stream\r\n\r\n";
            if (error != 0
                || write(c.fd, request.data(), request.size()) != ssize_t(request.size())) {
                openFailed(index);
                return;
            }
            c.phase = Phase::Head;
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
        if (c.phase == Phase::Head) {
            const size_t headEnd = c.raw.find("\r\n\r\n");
            if (headEnd == std::string::npos) {
                if (ended)
                    openFailed(index);
                return;
            }
            const std::string head = asciiLower(c.raw.substr(0, headEnd));
            if (head.rfind("http/1.1 200", 0) != 0 && head.rfind("http/1.0 200", 0) != 0) {
                openFailed(index); // e.g. a proxy refusing part of a burst with 502
                return;
            }
            c.chunked = head.find("transfer-encoding: chunked") != std::string::npos;
            c.raw.erase(0, headEnd + 4);
            c.phase = Phase::Body;
            c.result.opened = true;
            --m_pendingOpens;
            m_owner.m_opened.fetch_add(1);
        }
        if (c.phase != Phase::Body)
            return;
        const bool framingOk = decodeBody(c);
        scanEvents(c, now, m_owner.m_deliveries);
        if (ended || !framingOk) {
            c.result.dropped = true;
            closeWithoutTimeWait(c.fd);
            c.fd = -1;
            c.phase = Phase::Closed;
        }
    }

    SseSubscribers &m_owner;
    std::vector<Connection> m_connections;
    std::deque<std::pair<uint32_t, BenchClock::time_point>> m_retries;
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
    for (int i = 0; i < threads; ++i) {
        const int count = subscribers / threads + (i < subscribers % threads ? 1 : 0);
        m_workers.push_back(std::make_unique<Worker>(*this, count));
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
