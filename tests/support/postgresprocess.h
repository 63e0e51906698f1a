#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace chat::test {

// A private PostgreSQL cluster for tests, from Debian's postgresql package: initdb into a
// directory of its own (a temporary one unless given), a free port on 127.0.0.1 and a Unix
// socket in that directory, trust authentication for the user postgres. As root it runs as the
// postgres user (PostgreSQL refuses root), the directory handed to it. Stopped by its pid, never
// through the system's service, whose cluster it never touches.
class PostgresProcess
{
public:
    struct Options
    {
        QString directory; // empty: a temporary directory, removed with this object
        bool fsync = true; // off: faster commits for suites that never lose the machine
        bool keepRunning = false; // true: left running when this object goes (a CTest fixture)
    };

    PostgresProcess();
    explicit PostgresProcess(Options options);
    ~PostgresProcess(); // stops it, unless keepRunning

    // Creates the cluster on the first start; later starts reuse it and its port.
    bool start(int timeoutMs = 60000);
    // A fast shutdown (SIGINT to the postmaster): open connections are cut, as in a restart.
    bool stop(int timeoutMs = 30000);
    bool isRunning() const;

    quint16 port() const { return m_port; }
    QString directory() const;
    qint64 pid() const; // the postmaster's, 0 when not running
    // postgresql://postgres@127.0.0.1:<port>/<database>
    QString url(const QString &database = QStringLiteral("postgres")) const;
    // A new empty database: its URL, or empty on failure. Names are unique in the process.
    QString createDatabase();
    bool dropDatabase(const QString &url);
    QString log() const; // the server's log, for failure messages
    QString lastError() const { return m_error; }

    // The running cluster a fixture started in `directory` (its URL file), or empty.
    static QString fixtureUrl(const QString &directory);
    // On the cluster whose maintenance database is `adminUrl`: a new empty database (its URL,
    // empty on failure; names unique in the process), and dropping one.
    static QString createDatabaseOn(const QString &adminUrl, QString *error = nullptr);
    static bool dropDatabaseOn(const QString &adminUrl, const QString &databaseUrl,
                               QString *error = nullptr);

private:
    bool run(const QString &program, const QStringList &arguments, int timeoutMs);
    QString binary(const QString &name) const;

    Options m_options;
    QTemporaryDir m_temporary;
    quint16 m_port = 0;
    bool m_initialized = false;
    QString m_error;
};

} // namespace chat::test
