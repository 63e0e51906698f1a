// chat-fanout-bench: S SSE subscribers on one room, a publisher posting at a steady rate; for
// every delivery the time from the POST to the event's arrival, and a check that every
// subscriber got every message exactly once, in order. Prints one JSON object.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTextStream>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace {

// One subscriber: removes HTTP/1.1 chunk framing (or none) and picks the "text": "b<k>" out of
// each message event. Deliberately lean: the load generator must not be the bottleneck.
struct Subscriber
{
    std::unique_ptr<QTcpSocket> socket;
    QByteArray buffer; // undecoded bytes
    bool headDone = false;
    bool chunked = false;
    qint64 chunkLeft = 0;
    QByteArray text; // decoded, not yet scanned
    bool open = false;
    bool failed = false; // refused or dropped before stream-open: left out of the checks
    std::vector<int> received;
};

class FanoutBench : public QObject
{
public:
    quint16 port = 0;
    QByteArray room;
    int subscribers = 100;
    int messages = 20;
    double rate = 10;
    int batch = 200;
    qint64 serverPid
        = 0; // when set, the server's resident memory is sampled once all are connected
    int idleMs = 2000; // with no messages: how long the streams stay open and idle

    void run()
    {
        m_clock.start();
        m_sent.assign(size_t(messages) + 1, -1);
        connectBatch();
        // Subscribers a proxy never answers must not stall the run: after 60 s they count as
        // failed to open and the run goes on with the others.
        QTimer::singleShot(60000, this, [this] {
            if (m_connectMs > 0)
                return;
            for (const auto &sub : m_subs) {
                if (!sub->open) {
                    sub->open = sub->failed = true;
                    ++m_openFailures;
                }
            }
            m_open = m_waitingFor = subscribers;
            if (int(m_subs.size()) < subscribers)
                subscribers = int(m_subs.size());
            m_connectMs = m_clock.elapsed();
            startPublishing();
        });
    }

private:
    void connectBatch()
    {
        const int start = int(m_subs.size());
        const int end = std::min(subscribers, start + batch);
        for (int i = start; i < end; ++i) {
            auto sub = std::make_unique<Subscriber>();
            sub->socket = std::make_unique<QTcpSocket>();
            Subscriber *raw = sub.get();
            QObject::connect(raw->socket.get(), &QTcpSocket::readyRead, this,
                             [this, raw] { onRead(*raw); });
            QObject::connect(raw->socket.get(), &QTcpSocket::disconnected, this,
                             [this] { ++m_disconnects; });
            raw->socket->connectToHost(QHostAddress::LocalHost, port);
            raw->socket->write(
                "GET /rooms/" + room
                + "/events/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
            m_subs.push_back(std::move(sub));
        }
        m_waitingFor = end;
    }

    void onOpened()
    {
        ++m_open;
        if (m_connectMs > 0 || m_open < m_waitingFor)
            return; // already publishing (the connect deadline passed), or more to come
        if (int(m_subs.size()) < subscribers) {
            connectBatch();
            return;
        }
        m_connectMs = m_clock.elapsed();
        if (messages == 0) { // idle streams: sample memory after they settle
            QTimer::singleShot(idleMs, this, [this] {
                m_serverRssKiB = residentKiB(serverPid);
                finish();
            });
            return;
        }
        m_serverRssKiB = residentKiB(serverPid);
        startPublishing();
    }

    void startPublishing()
    {
        m_publisher.connectToHost(QHostAddress::LocalHost, port);
        QObject::connect(&m_publisher, &QTcpSocket::readyRead, this,
                         [this] { m_publisher.readAll(); });
        auto *timer = new QTimer(this);
        timer->setTimerType(Qt::PreciseTimer);
        timer->setInterval(int(1000.0 / rate));
        QObject::connect(timer, &QTimer::timeout, this, [this, timer] {
            if (++m_next > messages) {
                timer->stop();
                QTimer::singleShot(10000, this, &FanoutBench::finish); // deadline for stragglers
                return;
            }
            const QByteArray body = "from=bench&text=b" + QByteArray::number(m_next);
            m_sent[size_t(m_next)] = m_clock.nsecsElapsed();
            m_publisher.write(
                "POST /rooms/" + room
                + "/messages/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            m_publisher.flush();
        });
        timer->start();
    }

    void onRead(Subscriber &sub)
    {
        sub.buffer += sub.socket->readAll();
        if (!sub.headDone) {
            const qsizetype end = sub.buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QByteArray head = sub.buffer.first(end).toLower();
            if (!head.startsWith("http/1.1 200")) { // e.g. a proxy refusing part of a burst
                sub.socket->abort();
                return;
            }
            sub.chunked = head.contains("transfer-encoding: chunked");
            sub.buffer.remove(0, end + 4);
            sub.headDone = true;
        }
        if (!sub.chunked) {
            sub.text += sub.buffer;
            sub.buffer.clear();
        } else {
            qsizetype pos = 0;
            while (pos < sub.buffer.size()) {
                if (sub.chunkLeft > 0) {
                    const qsizetype take
                        = std::min<qsizetype>(sub.chunkLeft, sub.buffer.size() - pos);
                    sub.text.append(sub.buffer.constData() + pos, take);
                    pos += take;
                    sub.chunkLeft -= take;
                    if (sub.chunkLeft == 0)
                        sub.chunkLeft = -2; // the CRLF after the data
                    continue;
                }
                if (sub.chunkLeft < 0) {
                    const qsizetype skip
                        = std::min<qsizetype>(-sub.chunkLeft, sub.buffer.size() - pos);
                    pos += skip;
                    sub.chunkLeft += skip;
                    continue;
                }
                const qsizetype lineEnd = sub.buffer.indexOf("\r\n", pos);
                if (lineEnd < 0)
                    break;
                sub.chunkLeft = sub.buffer.sliced(pos, lineEnd - pos).toLongLong(nullptr, 16);
                pos = lineEnd + 2;
            }
            sub.buffer.remove(0, pos);
        }
        const qint64 now = m_clock.nsecsElapsed();
        if (!sub.open && sub.text.contains("stream-open")) {
            sub.open = true;
            onOpened();
        }
        // Events end with a blank line; scan only complete ones.
        const qsizetype complete = sub.text.lastIndexOf("\n\n");
        if (complete < 0)
            return;
        qsizetype pos = 0;
        while ((pos = sub.text.indexOf("\"text\": \"b", pos)) >= 0 && pos < complete) {
            pos += 10;
            int k = 0;
            while (pos < sub.text.size() && sub.text[pos] >= '0' && sub.text[pos] <= '9')
                k = k * 10 + (sub.text[pos++] - '0');
            sub.received.push_back(k);
            if (k > 0 && k <= messages && m_sent[size_t(k)] >= 0)
                m_latencies.push_back(now - m_sent[size_t(k)]);
            ++m_deliveries;
        }
        sub.text.remove(0, complete + 2);
        if (m_next > messages && m_deliveries >= (qint64(subscribers) - m_openFailures) * messages)
            finish();
    }

    void finish()
    {
        if (std::exchange(m_finished, true))
            return;
        qint64 lost = 0, duplicates = 0, outOfOrder = 0, complete = 0;
        for (const auto &sub : m_subs) {
            if (sub->failed)
                continue;
            std::vector<int> seen(size_t(messages) + 1, 0);
            int last = 0;
            bool ok = true;
            for (int k : sub->received) {
                if (k < 1 || k > messages)
                    continue;
                if (seen[size_t(k)]++)
                    ++duplicates, ok = false;
                if (k < last)
                    ++outOfOrder, ok = false;
                last = std::max(last, k);
            }
            for (int k = 1; k <= messages; ++k)
                if (!seen[size_t(k)])
                    ++lost, ok = false;
            complete += ok;
        }
        std::sort(m_latencies.begin(), m_latencies.end());
        auto percentile = [this](double p) {
            if (m_latencies.empty())
                return -1.0;
            return double(m_latencies[std::min(m_latencies.size() - 1,
                                               size_t(p * double(m_latencies.size())))])
                / 1e6;
        };
        rusage usage {};
        getrusage(RUSAGE_SELF, &usage);
        const QJsonObject result {
            { QStringLiteral("subscribers"), subscribers },
            { QStringLiteral("messages"), messages },
            { QStringLiteral("rate"), rate },
            { QStringLiteral("connectMs"), double(m_connectMs) },
            { QStringLiteral("deliveries"), double(m_deliveries) },
            { QStringLiteral("expected"), double(qint64(subscribers) * messages) },
            { QStringLiteral("lost"), double(lost) },
            { QStringLiteral("duplicates"), double(duplicates) },
            { QStringLiteral("outOfOrder"), double(outOfOrder) },
            { QStringLiteral("subscribersComplete"), double(complete) },
            { QStringLiteral("disconnects"), double(m_disconnects) },
            { QStringLiteral("openFailures"), double(m_openFailures) },
            { QStringLiteral("p50Ms"), percentile(0.50) },
            { QStringLiteral("p99Ms"), percentile(0.99) },
            { QStringLiteral("maxMs"),
              m_latencies.empty() ? -1.0 : double(m_latencies.back()) / 1e6 },
            { QStringLiteral("serverRssKiB"), double(m_serverRssKiB) },
            { QStringLiteral("generatorCpuMs"),
              double(usage.ru_utime.tv_sec * 1000 + usage.ru_utime.tv_usec / 1000
                     + usage.ru_stime.tv_sec * 1000 + usage.ru_stime.tv_usec / 1000) },
        };
        QTextStream(stdout) << QJsonDocument(result).toJson(QJsonDocument::Compact) << Qt::endl;
        QCoreApplication::exit(lost || duplicates || outOfOrder ? 1 : 0);
    }

    QElapsedTimer m_clock;
    std::vector<std::unique_ptr<Subscriber>> m_subs;
    int m_open = 0;
    int m_waitingFor = 0;
    qint64 m_connectMs = 0;
    QTcpSocket m_publisher;
    int m_next = 0;
    std::vector<qint64> m_sent;
    std::vector<qint64> m_latencies;
    qint64 m_deliveries = 0;
    qint64 m_disconnects = 0;
    qint64 m_openFailures = 0;
    bool m_finished = false;
    qint64 m_serverRssKiB = -1;

    static qint64 residentKiB(qint64 pid)
    {
        if (pid <= 0)
            return -1;
        QFile status(QStringLiteral("/proc/%1/status").arg(pid));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
        return -1;
    }
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("SSE fan-out latency benchmark for chat-server"));
    parser.addHelpOption();
    parser.addOptions({
        { QStringLiteral("port"), QStringLiteral("Port of the origin or proxy."),
          QStringLiteral("port") },
        { QStringLiteral("room"), QStringLiteral("Room to use."), QStringLiteral("room"),
          QStringLiteral("bench") },
        { QStringLiteral("subscribers"), QStringLiteral("SSE subscribers."), QStringLiteral("n"),
          QStringLiteral("100") },
        { QStringLiteral("messages"), QStringLiteral("Messages to post."), QStringLiteral("n"),
          QStringLiteral("20") },
        { QStringLiteral("rate"), QStringLiteral("Posts per second."), QStringLiteral("n"),
          QStringLiteral("10") },
        { QStringLiteral("server-pid"), QStringLiteral("Sample this process's resident memory."),
          QStringLiteral("pid") },
        { QStringLiteral("idle-ms"),
          QStringLiteral("With --messages 0: idle time before sampling."), QStringLiteral("ms"),
          QStringLiteral("2000") },
    });
    parser.process(app);
    FanoutBench bench;
    bench.port = quint16(parser.value(QStringLiteral("port")).toUInt());
    bench.room = parser.value(QStringLiteral("room")).toUtf8();
    bench.subscribers = parser.value(QStringLiteral("subscribers")).toInt();
    bench.messages = parser.value(QStringLiteral("messages")).toInt();
    bench.rate = parser.value(QStringLiteral("rate")).toDouble();
    bench.serverPid = parser.value(QStringLiteral("server-pid")).toLongLong();
    bench.idleMs = parser.value(QStringLiteral("idle-ms")).toInt();
    QTimer::singleShot(0, &bench, &FanoutBench::run);
    QTimer::singleShot(300000, &app,
                       [] { QCoreApplication::exit(2); }); // never hang a benchmark run
    return app.exec();
}
