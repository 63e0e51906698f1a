// SseSubscribers: many raw SSE subscribers spread over a few epoll threads, lean enough that the
// load generator is not what a fan-out benchmark measures. Each subscriber decodes its stream
// (ssedecoding.h) and records, for every event that carries a marker "bench~<k>~", the number k
// and the time it arrived. With SubscribeTarget::reconnect, a subscriber whose stream ends comes
// back the way the web page and the desktop client do.
#pragma once

#include "ssedecoding.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using BenchClock = std::chrono::steady_clock;

struct Delivery
{
    int message;
    BenchClock::time_point arrived;
};

struct SubscriberResult
{
    bool opened = false;
    bool dropped = false; // a stream ended after it had opened
    int attempts = 0; // opens tried, the first one's retries and every reconnect's included
    int reopens = 0; // streams opened again after one ended
    int historyReads = 0; // history answers read in full with 200
    int historyErrors = 0; // history answers that were not
    BenchClock::time_point connectStarted; // the last connection was begun
    BenchClock::time_point requested; // the last stream request was written
    BenchClock::time_point headArrived; // the last stream's head arrived
    std::vector<Delivery> deliveries;
};

struct SubscribeTarget
{
    std::string host = "127.0.0.1";
    uint16_t port = 0;
    std::string path; // e.g. /rooms/bench/events/
    int maxAttempts = 5; // a refused or failed first open (a proxy's 502 in a burst) is retried
    int connectBatch = 500; // per thread: first opens in flight before the next batch starts
    // A stream that ends is opened again after the clients' backoff (chat::Backoff with the
    // page's RECONNECT schedule, counted since the last open), resuming with Last-Event-ID; if
    // historyPath is set, each reconnect first GETs it on the same connection, as a client that
    // reloads its history. Off: an ended stream stays closed.
    bool reconnect = false;
    std::string historyPath;
};

class SseSubscribers
{
public:
    SseSubscribers(SubscribeTarget target, int subscribers, int threads);
    ~SseSubscribers();
    SseSubscribers(const SseSubscribers &) = delete;
    SseSubscribers &operator=(const SseSubscribers &) = delete;

    void start();
    // Subscribers whose first stream opened, and those that gave up opening after maxAttempts.
    int opened() const { return m_opened.load(); }
    int failed() const { return m_failed.load(); }
    // Subscribers that had a stream open and have none now (ended, reconnecting).
    int down() const { return m_down.load(); }
    long long deliveries() const { return m_deliveries.load(); }
    // Stops the threads and hands over what every subscriber saw.
    std::vector<SubscriberResult> stop();

private:
    class Worker;
    SubscribeTarget m_target;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::atomic<int> m_opened { 0 };
    std::atomic<int> m_failed { 0 };
    std::atomic<int> m_down { 0 };
    std::atomic<long long> m_deliveries { 0 };
    std::atomic<bool> m_stop { false };
};
