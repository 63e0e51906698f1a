#include "tests/support/serverprocess.h"

#include "tests/support/testdatabase.h"

#include <QDeadlineTimer>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace chat::test {

ServerProcess::ServerProcess(QStringList arguments)
    : m_arguments(std::move(arguments))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_database = std::make_unique<TestDatabase>(m_dir.filePath(u"chat.sqlite3"_s));
    m_databaseUrl = m_database->url();
}

ServerProcess::ServerProcess(QStringList arguments, QString database)
    : m_databaseUrl(std::move(database))
    , m_arguments(std::move(arguments))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning)
        kill();
}

QString ServerProcess::databasePath() const
{
    return m_databaseUrl;
}

bool ServerProcess::start(int timeoutMs)
{
    m_output.clear();
    m_port = 0;
    // Settings come from the arguments only: no .env of the developer's leaks in.
    m_process.setProgram(QStringLiteral(CHAT_SERVER_EXE));
    m_process.setArguments(QStringList { u"--bind"_s, u"127.0.0.1"_s, u"--port"_s,
                                         QString::number(m_fixedPort), u"--env-file"_s,
                                         u"/nonexistent"_s, u"--database"_s, databasePath(),
                                         u"--web-root"_s, QStringLiteral(CHAT_WEB_ROOT) }
                           + m_arguments);
    m_process.start();
    if (!m_process.waitForStarted(timeoutMs))
        return false;
    static const QRegularExpression listening(u"listening on http://[^:]+:(\\d+)/"_s);
    const auto match = waitForOutput(listening, timeoutMs);
    if (!match)
        return false;
    m_port = quint16(match->captured(1).toUInt());
    return true;
}

std::optional<QRegularExpressionMatch>
ServerProcess::waitForOutput(const QRegularExpression &pattern, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        m_output += m_process.readAll();
        const auto match = pattern.match(QString::fromUtf8(m_output));
        if (match.hasMatch())
            return match;
        if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
            return std::nullopt;
        m_process.waitForReadyRead(
            int(std::max<qint64>(1, std::min<qint64>(100, deadline.remainingTime()))));
    }
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
