// Publisher: one blocking keep-alive HTTP/1.1 connection that sends a request and waits for its
// whole answer (Content-Length framing), for the benchmarks' posts and readiness probes.
#pragma once

#include <cstdint>
#include <string>

class Publisher
{
public:
    Publisher(const std::string &host, uint16_t port);
    ~Publisher();
    Publisher(const Publisher &) = delete;
    Publisher &operator=(const Publisher &) = delete;

    bool connected() const { return m_ok; }
    // Each returns the status code, or 0 when the connection failed or broke.
    int post(const std::string &path, const std::string &contentType, const std::string &body);
    int get(const std::string &path);

private:
    int request(const std::string &head, const std::string &body);

    int m_fd = -1;
    bool m_ok = false;
};
