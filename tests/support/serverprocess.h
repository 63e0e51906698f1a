#pragma once

#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace chat::test {

// For a test that posts faster than a person would, all from 127.0.0.1: turns the post rate
// limit off (tst_ratelimits tests it on).
inline const QStringList kUnlimitedPosting { QStringLiteral("--post-rate"), QStringLiteral("0") };

class TestDatabase;

// The one way tests start a chat-server: the build's executable, the project's web root, a
// database of its own (a SQLite file in a temporary directory, or with CHAT_TEST_POSTGRES a
// fresh PostgreSQL database, see TestDatabase; kept across restarts, so that start() after
// kill() or terminate() is a restart on the same data), a free port, and no .env of the
// developer's. Killed, if still running, when destroyed.
class ServerProcess
{
public:
    // `arguments` come after the defaults, so they override them (later options win).
    explicit ServerProcess(QStringList arguments = {});
    // On a database given by its --database value (another origin's, for instance).
    ServerProcess(QStringList arguments, QString database);
    ~ServerProcess();

    // Starts it and waits until it prints the URL it listens on. False on failure or timeout.
    bool start(int timeoutMs = 10000);
    // The port to listen on at the next start() (0, the default: a free one).
    void setPort(quint16 port) { m_fixedPort = port; }
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }
    QString databasePath() const; // the --database value: a file path or a URL
    QString directory() const { return m_dir.path(); } // for the test's own files

    void kill(); // SIGKILL, then waits for it to end
    // SIGTERM and waits; returns the exit code (-1 if it did not exit normally in time).
    int terminate(int timeoutMs = 10000);

    QByteArray output() const { return m_output; } // stdout and stderr so far
    // Reads the output until `pattern` matches it (the first match), or the process ends, or
    // the time is up.
    std::optional<QRegularExpressionMatch> waitForOutput(const QRegularExpression &pattern,
                                                         int timeoutMs = 10000);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<TestDatabase> m_database; // null when given one
    QString m_databaseUrl;
    QStringList m_arguments;
    QProcess m_process;
    QByteArray m_output;
    quint16 m_fixedPort = 0;
    quint16 m_port = 0;
};

} // namespace chat::test
