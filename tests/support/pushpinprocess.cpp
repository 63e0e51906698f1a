#include "tests/support/pushpinprocess.h"

#include "tests/support/httptestclient.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <csignal>
#include <unistd.h>

namespace chat::test {

namespace {

// True once a stream request through the proxy is held: the proxy, its handler and the origin
// all answer. (Plain requests pass before the handler is connected, and a stream request made
// then fails with 500.)
bool streamsAreHeld(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(1000))
        return false;
    socket.write("GET /rooms/pushpin-ready/events/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray received;
    const QDeadlineTimer deadline(2000);
    while (!deadline.hasExpired() && !received.contains("stream-open")) {
        if (!socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            break;
        received += socket.readAll();
    }
    return received.startsWith("HTTP/1.1 200") && received.contains("stream-open");
}

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

QByteArray randomKey()
{
    QByteArray key(24, '\0');
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(key.data()), key.size() / 4);
    return key.toHex();
}

} // namespace

PushpinProcess::PushpinProcess(int messageRate)
    : m_signingKey(randomKey())
    , m_messageRate(messageRate)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    if (!choosePorts())
        qWarning("PushpinProcess: no free ports");
}

PushpinProcess::~PushpinProcess()
{
    stop();
}

bool PushpinProcess::choosePorts()
{
    m_httpPort = freePort();
    m_publishPort = freePort();
    return m_httpPort && m_publishPort && m_httpPort != m_publishPort;
}

QString PushpinProcess::gripUrl(quint16 publishPort) const
{
    return QStringLiteral("http://127.0.0.1:%1/?verify-iss=pushpin&verify-key=%2")
        .arg(publishPort ? publishPort : m_publishPort)
        .arg(QString::fromLatin1(m_signingKey));
}

bool PushpinProcess::start(quint16 originPort, int timeoutMs)
{
    return start(QList<quint16> { originPort }, timeoutMs);
}

bool PushpinProcess::start(const QList<quint16> &originPorts, int timeoutMs)
{
    // The client port was free when chosen, but another test may take it before Pushpin binds
    // it: then again on another one (the publish port is in the origin's GRIP_URL already).
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (startOnce(originPorts, timeoutMs))
            return true;
        const QByteArray taken = "failed to bind 127.0.0.1:" + QByteArray::number(m_httpPort);
        if (!log().contains(taken))
            return false;
        stop();
        m_httpPort = freePort();
    }
    return false;
}

bool PushpinProcess::startOnce(const QList<quint16> &originPorts, int timeoutMs)
{
    if (!m_httpPort)
        return false;
    QFile templateFile(QStringLiteral(CHAT_PUSHPIN_TEMPLATE));
    if (!templateFile.open(QIODevice::ReadOnly))
        return false;
    // A fresh directory per start: no stale sockets or pid files from an earlier run.
    const QString dir = m_dir.filePath(QStringLiteral("run-%1").arg(++m_starts));
    QDir().mkpath(dir);
    m_currentDir = dir;
    QByteArray config = templateFile.readAll();
    config.replace("@DIR@", dir.toUtf8())
        .replace("@HTTP_PORT@", QByteArray::number(m_httpPort))
        .replace("@PUBLISH_PORT@", QByteArray::number(m_publishPort))
        .replace("@SIG_KEY@", m_signingKey)
        .replace("@MESSAGE_RATE@", QByteArray::number(m_messageRate));
    QFile configFile(dir + QStringLiteral("/pushpin.conf"));
    QFile routes(dir + QStringLiteral("/routes"));
    if (!configFile.open(QIODevice::WriteOnly) || !routes.open(QIODevice::WriteOnly))
        return false;
    configFile.write(config);
    QByteArray route = "*";
    for (const quint16 port : originPorts)
        route += " 127.0.0.1:" + QByteArray::number(port);
    routes.write(route + '\n');
    configFile.close();
    routes.close();

    m_process.setWorkingDirectory(dir);
    // Its own process group, so that stop() reaches the services the runner starts, too.
    m_process.setChildProcessModifier([] { ::setpgid(0, 0); });
    m_process.start(QStringLiteral("pushpin"),
                    { QStringLiteral("--config"), configFile.fileName() });
    if (!m_process.waitForStarted(timeoutMs))
        return false;
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
        if (get(m_publishPort, "/").status == 200 && streamsAreHeld(m_httpPort))
            return true;
        if (log().contains("failed to bind"))
            return false;
        QThread::msleep(50); // polling a process we do not control: nothing to wait on
    }
    return false;
}

void PushpinProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    const pid_t group = pid_t(m_process.processId());
    ::kill(-group, SIGTERM); // the runner and every service it started
    if (!m_process.waitForFinished(10000)) {
        ::kill(-group, SIGKILL);
        m_process.waitForFinished(5000);
    }
    ::kill(-group, SIGKILL); // anything left behind by a runner that exited early
}

QByteArray PushpinProcess::log() const
{
    QByteArray all;
    const QDir logs(m_currentDir + QStringLiteral("/log"));
    for (const QString &name : logs.entryList(QDir::Files)) {
        QFile file(logs.filePath(name));
        if (file.open(QIODevice::ReadOnly))
            all += "== " + name.toUtf8() + " ==\n" + file.readAll().right(4000);
    }
    return all;
}

} // namespace chat::test
