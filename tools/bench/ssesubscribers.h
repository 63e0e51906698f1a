// SseSubscribers: many raw SSE subscribers spread over a few epoll threads, lean enough that the
// load generator is not what a fan-out benchmark measures. Each subscriber decodes HTTP/1.1
// chunked framing (or none), splits the stream into events and records, for every event that
// carries a marker "bench~<k>~", the number k and the time it arrived.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using BenchClock = std::chrono::steady_clock;

// ASCII lowercase, for matching HTTP status lines and header names.
std::string asciiLower(std::string text);

struct Delivery
{
    int message;
    BenchClock::time_point arrived;
};

struct SubscriberResult
{
    bool opened = false;
    bool dropped = false; // the stream ended after it had opened
    int attempts = 0;
    std::vector<Delivery> deliveries;
};

struct SubscribeTarget
{
    std::string host = "127.0.0.1";
    uint16_t port = 0;
    std::string path; // e.g. /rooms/bench/events/
    int maxAttempts = 5; // a refused or failed open (a proxy's 502 in a burst) is retried
    int connectBatch = 500; // per thread: opens in flight before the next batch starts
};

class SseSubscribers
{
public:
    SseSubscribers(SubscribeTarget target, int subscribers, int threads);
    ~SseSubscribers();
    SseSubscribers(const SseSubscribers &) = delete;
    SseSubscribers &operator=(const SseSubscribers &) = delete;

    void start();
    // Subscribers whose stream is open, and those that gave up opening after maxAttempts.
    int opened() const { return m_opened.load(); }
    int failed() const { return m_failed.load(); }
    long long deliveries() const { return m_deliveries.load(); }
    // Stops the threads and hands over what every subscriber saw.
    std::vector<SubscriberResult> stop();

private:
    class Worker;
    SubscribeTarget m_target;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::atomic<int> m_opened { 0 };
    std::atomic<int> m_failed { 0 };
    std::atomic<long long> m_deliveries { 0 };
    std::atomic<bool> m_stop { false };
};
