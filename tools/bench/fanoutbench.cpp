// chat-fanout-bench: S SSE subscribers on one room, a publisher posting at a steady rate; for
// every delivery the time from the POST to the event's arrival, and a check that every
// subscriber got every message exactly once, in order. Also measures a server's resident memory
// per idle stream. Works against chat-server (direct or through Pushpin) and against Nchan
// (--publish-path /pub/<room>). Prints one JSON object.
#include "benchprocess.h"
#include "publisher.h"
#include "ssesubscribers.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <string>

namespace {

using namespace std::chrono_literals;

qint64 residentKiB(const QStringList &pids)
{
    qint64 total = 0;
    for (const QString &pid : pids) {
        QFile status(QStringLiteral("/proc/%1/status").arg(pid));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                total += line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return pids.isEmpty() ? -1 : total;
}

struct Options
{
    SubscribeTarget target;
    // Several origins on one database (docs/scaling.md): subscribers spread evenly over
    // target.port and these, and the posts go to publishPort (0: target.port).
    std::vector<uint16_t> morePorts;
    uint16_t publishPort = 0;
    std::string room;
    std::string publishPath; // empty: chat-server's POST /rooms/<room>/messages/
    int subscribers = 100;
    int messages = 20;
    double rate = 10;
    int threads = 1;
    int idleMs = 2000;
    QStringList serverPids;
};

double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return -1;
    return sorted[std::min(sorted.size() - 1, size_t(p * double(sorted.size())))];
}

int run(const Options &options)
{
    const qint64 baseKiB = residentKiB(options.serverPids);
    // One pool of subscribers per port, the subscribers split evenly.
    std::vector<uint16_t> ports { options.target.port };
    ports.insert(ports.end(), options.morePorts.begin(), options.morePorts.end());
    std::vector<std::unique_ptr<SseSubscribers>> pools;
    for (size_t i = 0; i < ports.size(); ++i) {
        SubscribeTarget target = options.target;
        target.port = ports[i];
        const int share = options.subscribers / int(ports.size())
            + (int(i) < options.subscribers % int(ports.size()) ? 1 : 0);
        pools.push_back(std::make_unique<SseSubscribers>(target, share, options.threads));
    }
    const auto sum = [&pools](auto count) {
        long long total = 0;
        for (const auto &pool : pools)
            total += count(*pool);
        return total;
    };
    const auto connectStart = BenchClock::now();
    for (const auto &pool : pools)
        pool->start();
    // A proxy may refuse some opens; each is retried, and after the last attempt the subscriber
    // counts as failed to open and is left out of the delivery checks.
    while (sum([](const SseSubscribers &p) { return p.opened() + p.failed(); })
               < options.subscribers
           && BenchClock::now() - connectStart < 120s)
        std::this_thread::sleep_for(5ms);
    const double connectMs
        = std::chrono::duration<double, std::milli>(BenchClock::now() - connectStart).count();
    std::this_thread::sleep_for(
        std::chrono::milliseconds(options.messages == 0 ? options.idleMs : 200));
    const qint64 openKiB = residentKiB(options.serverPids);
    const int open = int(sum([](const SseSubscribers &p) { return p.opened(); }));

    std::vector<BenchClock::time_point> sent(size_t(options.messages) + 1);
    int publishErrors = 0;
    const double cpuBefore = chatbench::cpuMs();
    if (options.messages > 0) {
        Publisher publisher(options.target.host,
                            options.publishPort ? options.publishPort : options.target.port);
        const auto publishStart = BenchClock::now();
        for (int k = 1; k <= options.messages; ++k) {
            std::this_thread::sleep_until(
                publishStart + std::chrono::duration<double>(double(k - 1) / options.rate));
            const std::string marker = "bench~" + std::to_string(k) + "~";
            sent[size_t(k)] = BenchClock::now();
            const int status = options.publishPath.empty()
                ? publisher.post("/rooms/" + options.room + "/messages/",
                                 "application/x-www-form-urlencoded", "from=bench&text=" + marker)
                : publisher.post(options.publishPath, "application/json",
                                 "{\"from\": \"bench\", \"text\": \"" + marker + "\"}");
            if (status < 200 || status > 299)
                ++publishErrors;
        }
        const long long expected = (long long)open * options.messages;
        const auto deadline = BenchClock::now() + 15s;
        while (sum([](const SseSubscribers &p) { return p.deliveries(); }) < expected
               && BenchClock::now() < deadline)
            std::this_thread::sleep_for(1ms);
    }
    std::vector<SubscriberResult> results;
    std::vector<size_t> poolOf; // results[i] subscribed to ports[poolOf[i]]
    for (size_t i = 0; i < pools.size(); ++i) {
        for (SubscriberResult &result : pools[i]->stop()) {
            results.push_back(std::move(result));
            poolOf.push_back(i);
        }
    }
    const double generatorCpuMs = chatbench::cpuMs() - cpuBefore;

    long long lost = 0, duplicates = 0, outOfOrder = 0, dropped = 0, deliveries = 0, retried = 0;
    int complete = 0;
    std::vector<double> latencies;
    latencies.reserve(size_t(open) * size_t(options.messages));
    std::vector<std::vector<double>> latenciesByPort(ports.size());
    for (size_t r = 0; r < results.size(); ++r) {
        const SubscriberResult &result = results[r];
        retried += result.attempts > 1;
        if (!result.opened)
            continue;
        dropped += result.dropped;
        std::vector<int> seen(size_t(options.messages) + 1, 0);
        int last = 0;
        bool ok = true;
        for (const Delivery &delivery : result.deliveries) {
            const int k = delivery.message;
            if (k < 1 || k > options.messages)
                continue;
            ++deliveries;
            latencies.push_back(
                std::chrono::duration<double, std::milli>(delivery.arrived - sent[size_t(k)])
                    .count());
            latenciesByPort[poolOf[r]].push_back(latencies.back());
            if (seen[size_t(k)]++)
                ++duplicates, ok = false;
            if (k < last)
                ++outOfOrder, ok = false;
            last = std::max(last, k);
        }
        for (int k = 1; k <= options.messages; ++k) {
            if (!seen[size_t(k)])
                ++lost, ok = false;
        }
        complete += ok;
    }
    std::sort(latencies.begin(), latencies.end());
    QJsonObject byPort; // with several ports: the latency of each port's subscribers
    for (size_t i = 0; ports.size() > 1 && i < ports.size(); ++i) {
        std::sort(latenciesByPort[i].begin(), latenciesByPort[i].end());
        byPort.insert(
            QString::number(ports[i]),
            QJsonObject { { QStringLiteral("p50Ms"), percentile(latenciesByPort[i], 0.5) },
                          { QStringLiteral("p99Ms"), percentile(latenciesByPort[i], 0.99) } });
    }

    QJsonObject report {
        { QStringLiteral("subscribers"), options.subscribers },
        { QStringLiteral("opened"), open },
        { QStringLiteral("openFailures"), options.subscribers - open },
        { QStringLiteral("retriedOpens"), double(retried) },
        { QStringLiteral("connectMs"), connectMs },
        { QStringLiteral("messages"), options.messages },
        { QStringLiteral("rate"), options.rate },
        { QStringLiteral("publishErrors"), publishErrors },
        { QStringLiteral("expected"), double((long long)open * options.messages) },
        { QStringLiteral("deliveries"), double(deliveries) },
        { QStringLiteral("lost"), double(lost) },
        { QStringLiteral("duplicates"), double(duplicates) },
        { QStringLiteral("outOfOrder"), double(outOfOrder) },
        { QStringLiteral("dropped"), double(dropped) },
        { QStringLiteral("subscribersComplete"), complete },
        { QStringLiteral("p50Ms"), percentile(latencies, 0.50) },
        { QStringLiteral("p99Ms"), percentile(latencies, 0.99) },
        { QStringLiteral("maxMs"), latencies.empty() ? -1.0 : latencies.back() },
        { QStringLiteral("generatorCpuMs"), generatorCpuMs },
        { QStringLiteral("generatorThreads"), options.threads },
    };
    if (!byPort.isEmpty())
        report.insert(QStringLiteral("byPort"), byPort);
    if (baseKiB >= 0) {
        report.insert(QStringLiteral("baseRssKiB"), double(baseKiB));
        report.insert(QStringLiteral("serverRssKiB"), double(openKiB));
        if (open > 0)
            report.insert(QStringLiteral("kibPerStream"), double(openKiB - baseKiB) / open);
    }
    QTextStream(stdout) << QJsonDocument(report).toJson(QJsonDocument::Compact) << Qt::endl;
    return lost || duplicates || outOfOrder || publishErrors ? 1 : 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("SSE fan-out latency and memory benchmark"));
    parser.addHelpOption();
    parser.addOptions({
        { QStringLiteral("port"), QStringLiteral("Port of the origin, proxy or Nchan."),
          QStringLiteral("port") },
        { QStringLiteral("also-port"),
          QStringLiteral("Another origin's port (repeat for more): the subscribers are spread "
                         "evenly over --port and these."),
          QStringLiteral("port") },
        { QStringLiteral("publish-port"),
          QStringLiteral("Post to this port instead of --port (another origin)."),
          QStringLiteral("port") },
        { QStringLiteral("room"), QStringLiteral("Room to use."), QStringLiteral("room"),
          QStringLiteral("bench") },
        { QStringLiteral("subscribe-path"),
          QStringLiteral("Stream path (default /rooms/<room>/events/)."), QStringLiteral("path") },
        { QStringLiteral("publish-path"),
          QStringLiteral("POST a JSON body here instead of chat-server's form post (Nchan)."),
          QStringLiteral("path") },
        { QStringLiteral("subscribers"), QStringLiteral("SSE subscribers."), QStringLiteral("n"),
          QStringLiteral("100") },
        { QStringLiteral("messages"), QStringLiteral("Messages to post."), QStringLiteral("n"),
          QStringLiteral("20") },
        { QStringLiteral("rate"), QStringLiteral("Posts per second."), QStringLiteral("n"),
          QStringLiteral("10") },
        { QStringLiteral("threads"), QStringLiteral("Subscriber threads."), QStringLiteral("n"),
          QStringLiteral("1") },
        { QStringLiteral("connect-batch"),
          QStringLiteral("Opens in flight per thread (a ramp, not a burst)."), QStringLiteral("n"),
          QStringLiteral("200") },
        { QStringLiteral("server-pid"),
          QStringLiteral("Sample this process's resident memory (repeat for several)."),
          QStringLiteral("pid") },
        { QStringLiteral("idle-ms"),
          QStringLiteral("With --messages 0: idle time before sampling."), QStringLiteral("ms"),
          QStringLiteral("2000") },
    });
    parser.process(app);
    chatbench::raiseFileLimit();

    Options options;
    options.room = parser.value(QStringLiteral("room")).toStdString();
    options.target.port = uint16_t(parser.value(QStringLiteral("port")).toUInt());
    for (const QString &port : parser.values(QStringLiteral("also-port")))
        options.morePorts.push_back(uint16_t(port.toUInt()));
    options.publishPort = uint16_t(parser.value(QStringLiteral("publish-port")).toUInt());
    options.target.path = parser.isSet(QStringLiteral("subscribe-path"))
        ? parser.value(QStringLiteral("subscribe-path")).toStdString()
        : "/rooms/" + options.room + "/events/";
    options.target.connectBatch = parser.value(QStringLiteral("connect-batch")).toInt();
    options.publishPath = parser.value(QStringLiteral("publish-path")).toStdString();
    options.subscribers = parser.value(QStringLiteral("subscribers")).toInt();
    options.messages = parser.value(QStringLiteral("messages")).toInt();
    options.rate = parser.value(QStringLiteral("rate")).toDouble();
    options.threads = parser.value(QStringLiteral("threads")).toInt();
    options.idleMs = parser.value(QStringLiteral("idle-ms")).toInt();
    options.serverPids = parser.values(QStringLiteral("server-pid"));
    if (options.target.port == 0 || options.subscribers < 1 || options.rate <= 0) {
        QTextStream(stderr) << "chat-fanout-bench: --port, --subscribers >= 1 and --rate > 0\n";
        return 2;
    }
    return run(options);
}
