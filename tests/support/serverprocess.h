#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace chat::test {

// A real chat-server process on a free port, for tests that need to kill or restart it.
class ServerProcess
{
public:
    // `executable`: path of chat-server; `arguments` are added after --port 0 --bind 127.0.0.1.
    ServerProcess(QString executable, QStringList arguments);
    ~ServerProcess(); // kills the process if it is still running

    // Starts it and waits until it prints the URL it listens on. False on failure or timeout.
    bool start(int timeoutMs = 10000);
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }

    void kill(); // SIGKILL, then waits for it to end
    // SIGTERM and waits; returns the exit code (-1 if it did not exit normally in time).
    int terminate(int timeoutMs = 10000);

    QByteArray output() const { return m_output; } // stdout and stderr so far

private:
    QString m_executable;
    QStringList m_arguments;
    QProcess m_process;
    QByteArray m_output;
    quint16 m_port = 0;
};

} // namespace chat::test
