#include "publisher.h"

#include "ssedecoding.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

Publisher::Publisher(const std::string &host, uint16_t port)
{
    m_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // A server stopped in the middle of an answer must not hang the benchmark; one that is only
    // slow (a reconnect storm on a loaded machine) must not count as failed.
    timeval timeout { 60, 0 };
    setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    inet_pton(AF_INET, host.c_str(), &address.sin_addr);
    m_ok = ::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
}

Publisher::~Publisher()
{
    close(m_fd);
}

int Publisher::post(const std::string &path, const std::string &contentType,
                    const std::string &body)
{
    return request("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                       + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n",
                   body);
}

int Publisher::get(const std::string &path)
{
    return request("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", {});
}

int Publisher::request(const std::string &head, const std::string &body)
{
    if (!m_ok)
        return 0;
    const std::string request = head + body;
    if (write(m_fd, request.data(), request.size()) != ssize_t(request.size()))
        return m_ok = false;
    std::string response;
    char buffer[4096];
    for (;;) {
        const size_t headEnd = response.find("\r\n\r\n");
        if (headEnd != std::string::npos) {
            const std::string lower = asciiLower(response.substr(0, headEnd));
            const size_t length = lower.find("content-length:");
            const size_t bodySize = length == std::string::npos
                ? 0
                : size_t(std::strtoul(lower.c_str() + length + 15, nullptr, 10));
            if (response.size() >= headEnd + 4 + bodySize)
                return response.size() > 12 ? std::atoi(response.c_str() + 9) : 0;
        }
        const ssize_t n = read(m_fd, buffer, sizeof buffer);
        if (n <= 0)
            return m_ok = false;
        response.append(buffer, size_t(n));
    }
}
