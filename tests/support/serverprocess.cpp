#include "tests/support/serverprocess.h"

#include <QDeadlineTimer>
#include <QRegularExpression>

namespace chat::test {

ServerProcess::ServerProcess(QString executable, QStringList arguments)
    : m_executable(std::move(executable))
    , m_arguments(std::move(arguments))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning)
        kill();
}

bool ServerProcess::start(int timeoutMs)
{
    m_output.clear();
    m_port = 0;
    // Settings come from the arguments only: no .env of the developer's leaks in.
    m_process.setProgram(m_executable);
    m_process.setArguments(QStringList { QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                                         QStringLiteral("--port"), QStringLiteral("0"),
                                         QStringLiteral("--env-file"),
                                         QStringLiteral("/nonexistent") }
                           + m_arguments);
    m_process.start();
    if (!m_process.waitForStarted(timeoutMs))
        return false;
    static const QRegularExpression listening(QStringLiteral("listening on http://[^:]+:(\\d+)/"));
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        m_process.waitForReadyRead(
            int(std::max<qint64>(1, std::min<qint64>(100, deadline.remainingTime()))));
        m_output += m_process.readAll();
        const auto match = listening.match(QString::fromUtf8(m_output));
        if (match.hasMatch()) {
            m_port = quint16(match.captured(1).toUInt());
            return true;
        }
        if (m_process.state() == QProcess::NotRunning)
            return false;
    }
    return false;
}

void ServerProcess::kill()
{
    m_process.kill();
    m_process.waitForFinished(10000);
    m_output += m_process.readAll();
}

int ServerProcess::terminate(int timeoutMs)
{
    m_process.terminate();
    const bool finished = m_process.waitForFinished(timeoutMs);
    m_output += m_process.readAll();
    if (!finished || m_process.exitStatus() != QProcess::NormalExit)
        return -1;
    return m_process.exitCode();
}

} // namespace chat::test
