// chat-storm-bench: the reconnect storm. S SSE subscribers on a room with recent traffic; the
// server is sent SIGTERM (script/bench starts it again on the same database and port); every
// subscriber whose stream ended comes back as the clients do (backoff with jitter, Last-Event-ID,
// a history read first); messages are posted before the restart and during the storm. Reports
// the time from the SIGTERM until every subscriber has caught up, against the time the same
// subscribers took to open fresh, and checks that each got every message exactly once, in order.
// Through a GRIP proxy the proxy keeps the streams: then it reports how soon messages posted
// after the restart reach everyone. Prints one JSON object.
#include "benchprocess.h"
#include "publisher.h"
#include "ssesubscribers.h"
#include "stormtally.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <csignal>

#include <algorithm>

namespace {

using namespace std::chrono_literals;

struct Options
{
    SubscribeTarget target;
    std::string room;
    int subscribers = 1000;
    int threads = 1;
    int seedMessages = 200; // plain history, posted before anyone subscribes
    int before = 5; // marked messages posted and delivered before the restart
    int during = 20; // marked messages posted once the server answers again
    double rate = 10; // posts per second, before and during
    pid_t restartPid = 0;
    std::chrono::seconds deadline { 120 };
};

double msBetween(BenchClock::time_point from, BenchClock::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

template<typename Condition> bool waitFor(Condition done, std::chrono::milliseconds timeout)
{
    const auto deadline = BenchClock::now() + timeout;
    while (!done()) {
        if (BenchClock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

// Gone, or a zombie its parent (script/bench) has not reaped yet: either way it serves no more.
bool processGone(pid_t pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close < 0 || text.mid(close + 2, 1) == "Z";
}

// The kernel's count of connections dropped because a listen queue was full (system-wide: the
// machine is shared, but on loopback during a storm nearly all of them are the server's). A
// dropped SYN is sent again after 1 s, then 3 s, 7 s: it shows as a long catch-up tail.
long long listenOverflows()
{
    QFile netstat(QStringLiteral("/proc/net/netstat"));
    if (!netstat.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = netstat.readAll().split('\n');
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        if (!lines[i].startsWith("TcpExt:") || !lines[i + 1].startsWith("TcpExt:"))
            continue;
        const QList<QByteArray> names = lines[i].split(' '), values = lines[i + 1].split(' ');
        const qsizetype at = names.indexOf("ListenOverflows");
        return at >= 0 && at < values.size() ? values[at].toLongLong() : -1;
    }
    return -1;
}

// Posts the marked messages: number k carries "bench~<k>~".
void postMarked(Publisher &publisher, const std::string &room, int from, int to, double rate,
                PostTimes &times, int &errors)
{
    const auto start = BenchClock::now();
    for (int k = from; k <= to; ++k) {
        std::this_thread::sleep_until(start
                                      + std::chrono::duration<double>(double(k - from) / rate));
        times.sent[size_t(k)] = BenchClock::now();
        const int status
            = publisher.post("/rooms/" + room + "/messages/", "application/x-www-form-urlencoded",
                             "from=storm&text=bench~" + std::to_string(k) + "~");
        times.answered[size_t(k)] = BenchClock::now();
        if (status < 200 || status > 299)
            ++errors;
    }
}

int run(const Options &options)
{
    const std::string messagesPath = "/rooms/" + options.room + "/messages/";
    int seedErrors = 0;
    {
        Publisher seeder(options.target.host, options.target.port);
        for (int i = 1; i <= options.seedMessages; ++i) {
            const int status = seeder.post(messagesPath, "application/x-www-form-urlencoded",
                                           "from=seed&text=recent+" + std::to_string(i));
            seedErrors += status < 200 || status > 299;
        }
    }
    const int total = options.before + options.during;
    PostTimes posts(total);
    int publishErrors = 0;
    SseSubscribers pool(options.target, options.subscribers, options.threads);
    const long long overflowsAtStart = listenOverflows();
    const auto connectStart = BenchClock::now();
    pool.start();
    waitFor([&] { return pool.opened() + pool.failed() >= options.subscribers; }, options.deadline);
    const double connectMs = msBetween(connectStart, BenchClock::now());
    const long long openOverflows = listenOverflows() - overflowsAtStart;
    const int open = pool.opened();
    const double cpuBefore = chatbench::cpuMs();
    {
        Publisher publisher(options.target.host, options.target.port);
        postMarked(publisher, options.room, 1, options.before, options.rate, posts, publishErrors);
    }
    const bool deliveredBefore
        = waitFor([&] { return pool.deliveries() >= (long long)open * options.before; }, 30s);

    const long long overflowsBefore = listenOverflows();
    const auto restart = BenchClock::now();
    kill(options.restartPid, SIGTERM);
    waitFor([&] { return processGone(options.restartPid); }, options.deadline);
    const auto gone = BenchClock::now();
    waitFor(
        [&] { return Publisher(options.target.host, options.target.port).get("/healthz") == 200; },
        options.deadline);
    const auto back = BenchClock::now();
    {
        Publisher publisher(options.target.host, options.target.port);
        postMarked(publisher, options.room, options.before + 1, total, options.rate, posts,
                   publishErrors);
    }
    const bool settled
        = waitFor([&] { return pool.deliveries() >= (long long)open * total && pool.down() == 0; },
                  options.deadline);
    const long long overflows = listenOverflows() - overflowsBefore;
    const std::vector<SubscriberResult> results = pool.stop();
    const double generatorCpuMs = chatbench::cpuMs() - cpuBefore;

    StormTally tally(posts, options.before, restart);
    for (const SubscriberResult &result : results)
        tally.add(result);
    const double catchUpMs = tally.catchUpMs();

    QJsonObject report = tally.figures();
    const QJsonObject run {
        { QStringLiteral("subscribers"), options.subscribers },
        { QStringLiteral("opened"), open },
        { QStringLiteral("openFailures"), options.subscribers - open },
        { QStringLiteral("connectMs"), connectMs },
        { QStringLiteral("seedMessages"), options.seedMessages },
        { QStringLiteral("seedErrors"), seedErrors },
        { QStringLiteral("messagesBefore"), options.before },
        { QStringLiteral("messagesDuring"), options.during },
        { QStringLiteral("rate"), options.rate },
        { QStringLiteral("publishErrors"), publishErrors },
        { QStringLiteral("deliveredBeforeRestart"), deliveredBefore },
        { QStringLiteral("settled"), settled },
        { QStringLiteral("serverGoneMs"), msBetween(restart, gone) },
        { QStringLiteral("serverBackMs"), msBetween(restart, back) },
        { QStringLiteral("listenOverflows"), double(overflows) },
        { QStringLiteral("openListenOverflows"), double(openOverflows) },
        { QStringLiteral("catchUpPerConnect"), catchUpMs < 0 ? -1 : catchUpMs / connectMs },
        { QStringLiteral("expected"), double((long long)open * total) },
        { QStringLiteral("generatorCpuMs"), generatorCpuMs },
    };
    for (auto it = run.begin(); it != run.end(); ++it)
        report.insert(it.key(), it.value());
    QTextStream(stdout) << QJsonDocument(report).toJson(QJsonDocument::Compact) << Qt::endl;
    return !tally.exactlyOnceInOrder() || publishErrors || seedErrors || !settled ? 1 : 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("SSE reconnect storm across a server restart"));
    parser.addHelpOption();
    parser.addOptions({
        { QStringLiteral("port"), QStringLiteral("Port of the origin or the proxy."),
          QStringLiteral("port") },
        { QStringLiteral("room"), QStringLiteral("Room to use."), QStringLiteral("room"),
          QStringLiteral("storm") },
        { QStringLiteral("subscribers"), QStringLiteral("SSE subscribers."), QStringLiteral("n"),
          QStringLiteral("1000") },
        { QStringLiteral("threads"), QStringLiteral("Subscriber threads."), QStringLiteral("n"),
          QStringLiteral("1") },
        { QStringLiteral("connect-batch"),
          QStringLiteral("First opens in flight per thread (a ramp, not a burst)."),
          QStringLiteral("n"), QStringLiteral("200") },
        { QStringLiteral("seed-messages"),
          QStringLiteral("Messages posted before anyone subscribes (the recent history)."),
          QStringLiteral("n"), QStringLiteral("200") },
        { QStringLiteral("messages-before"),
          QStringLiteral("Messages posted and delivered before the restart."), QStringLiteral("n"),
          QStringLiteral("5") },
        { QStringLiteral("messages-during"),
          QStringLiteral("Messages posted from when the server answers again."),
          QStringLiteral("n"), QStringLiteral("20") },
        { QStringLiteral("rate"), QStringLiteral("Posts per second."), QStringLiteral("n"),
          QStringLiteral("10") },
        { QStringLiteral("restart-pid"),
          QStringLiteral("The server process to send SIGTERM (its parent starts it again)."),
          QStringLiteral("pid") },
        { QStringLiteral("no-history"),
          QStringLiteral("Reconnect without reading the history first.") },
    });
    parser.process(app);
    chatbench::raiseFileLimit();

    Options options;
    options.room = parser.value(QStringLiteral("room")).toStdString();
    options.target.port = uint16_t(parser.value(QStringLiteral("port")).toUInt());
    options.target.path = "/rooms/" + options.room + "/events/";
    options.target.connectBatch = parser.value(QStringLiteral("connect-batch")).toInt();
    options.target.reconnect = true;
    if (!parser.isSet(QStringLiteral("no-history")))
        options.target.historyPath = "/rooms/" + options.room + "/messages/";
    options.subscribers = parser.value(QStringLiteral("subscribers")).toInt();
    options.threads = parser.value(QStringLiteral("threads")).toInt();
    options.seedMessages = parser.value(QStringLiteral("seed-messages")).toInt();
    options.before = parser.value(QStringLiteral("messages-before")).toInt();
    options.during = parser.value(QStringLiteral("messages-during")).toInt();
    options.rate = parser.value(QStringLiteral("rate")).toDouble();
    options.restartPid = pid_t(parser.value(QStringLiteral("restart-pid")).toInt());
    if (options.target.port == 0 || options.subscribers < 1 || options.rate <= 0
        || options.restartPid <= 0) {
        QTextStream(stderr) << "chat-storm-bench: --port, --restart-pid, --subscribers >= 1 and "
                               "--rate > 0\n";
        return 2;
    }
    return run(options);
}
