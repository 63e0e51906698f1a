#include "tests/support/postgresprocess.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QThread>
#include <QUrl>

#include <csignal>
#include <pwd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace chat::test {

namespace {

const QString kBinaries = u"/usr/lib/postgresql/15/bin"_s;

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

bool isRoot()
{
    return ::geteuid() == 0;
}

// Runs `sql` on the cluster's maintenance database.
bool adminExec(const QString &url, const QString &sql, QString *error)
{
    static QAtomicInteger<int> counter;
    const QString name = u"postgres-admin-%1"_s.arg(counter.fetchAndAddRelaxed(1));
    bool ok = false;
    {
        const QUrl parsed(url);
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(parsed.host());
        db.setPort(parsed.port());
        db.setUserName(parsed.userName());
        db.setDatabaseName(parsed.path().mid(1));
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(sql);
            if (!ok && error)
                *error = query.lastError().text();
        } else if (error) {
            *error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

PostgresProcess::PostgresProcess()
    : PostgresProcess(Options {})
{ }

PostgresProcess::PostgresProcess(Options options)
    : m_options(std::move(options))
{ }

PostgresProcess::~PostgresProcess()
{
    if (!m_options.keepRunning)
        stop();
}

QString PostgresProcess::directory() const
{
    return m_options.directory.isEmpty() ? m_temporary.path() : m_options.directory;
}

QString PostgresProcess::binary(const QString &name) const
{
    return kBinaries + u'/' + name;
}

bool PostgresProcess::run(const QString &program, const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(directory());
    if (isRoot())
        process.start(u"runuser"_s,
                      QStringList { u"-u"_s, u"postgres"_s, u"--"_s, program } + arguments);
    else
        process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        m_error = u"%1 did not finish: %2"_s.arg(program, process.errorString());
        process.kill();
        process.waitForFinished(5000);
        return false;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_error = u"%1 failed: %2"_s.arg(program, QString::fromLocal8Bit(process.readAll()));
        return false;
    }
    return true;
}

bool PostgresProcess::start(int timeoutMs)
{
    const QString dir = directory();
    if (dir.isEmpty() || !QDir().mkpath(dir)) {
        m_error = u"no directory for the cluster"_s;
        return false;
    }
    if (isRoot()) {
        // The cluster's files belong to postgres, which must also reach the directory.
        const passwd *user = ::getpwnam("postgres");
        if (!user || ::chown(QFile::encodeName(dir).constData(), user->pw_uid, user->pw_gid) != 0) {
            m_error = u"cannot hand %1 to the postgres user"_s.arg(dir);
            return false;
        }
    }
    const QString data = dir + u"/data"_s;
    if (!m_initialized && !QFile::exists(data + u"/PG_VERSION"_s)) {
        if (!run(binary(u"initdb"_s),
                 { u"-D"_s, data, u"--auth=trust"_s, u"-U"_s, u"postgres"_s, u"-E"_s, u"UTF8"_s,
                   u"--no-sync"_s },
                 timeoutMs))
            return false;
    }
    m_initialized = true;
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (m_port == 0 || attempt > 0)
            m_port = freePort();
        QString options
            = u"-p %1 -k %2 -c listen_addresses=127.0.0.1 -c max_connections=200"_s.arg(m_port).arg(
                dir);
        if (!m_options.fsync)
            options += u" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"_s;
        if (run(binary(u"pg_ctl"_s),
                { u"-D"_s, data, u"-o"_s, options, u"-l"_s, dir + u"/server.log"_s, u"-w"_s,
                  u"-t"_s, QString::number(std::max(1, timeoutMs / 1000)), u"start"_s },
                timeoutMs + 5000)) {
            QFile file(dir + u"/url"_s);
            if (file.open(QIODevice::WriteOnly))
                file.write(url().toUtf8());
            return true;
        }
        if (!m_error.contains(u"in use"_s) && !m_error.contains(u"could not bind"_s)
            && !log().contains(u"could not bind"_s))
            return false;
    }
    return false;
}

qint64 PostgresProcess::pid() const
{
    QFile file(directory() + u"/data/postmaster.pid"_s);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const qint64 pid = file.readLine().trimmed().toLongLong();
    // A pid file left behind may name a process that is not ours any more.
    QFile command(u"/proc/%1/comm"_s.arg(pid));
    const bool postgres
        = command.open(QIODevice::ReadOnly) && command.readAll().trimmed() == "postgres";
    return pid > 0 && postgres ? pid : 0;
}

bool PostgresProcess::isRunning() const
{
    return pid() != 0;
}

bool PostgresProcess::stop(int timeoutMs)
{
    const qint64 postmaster = pid();
    if (postmaster == 0)
        return true;
    ::kill(pid_t(postmaster), SIGINT); // fast shutdown
    const QDeadlineTimer deadline(timeoutMs);
    // Not our child (pg_ctl started it): nothing to wait on but its pid.
    while (::kill(pid_t(postmaster), 0) == 0 && !deadline.hasExpired())
        QThread::msleep(20);
    if (::kill(pid_t(postmaster), 0) == 0) {
        ::kill(pid_t(postmaster), SIGQUIT); // immediate shutdown
        QThread::msleep(500);
    }
    return ::kill(pid_t(postmaster), 0) != 0;
}

QString PostgresProcess::url(const QString &database) const
{
    return u"postgresql://postgres@127.0.0.1:%1/%2"_s.arg(m_port).arg(database);
}

QString PostgresProcess::createDatabaseOn(const QString &adminUrl, QString *error)
{
    static QAtomicInteger<int> counter;
    const QString name = u"chat_%1_%2"_s.arg(QCoreApplication::applicationPid())
                             .arg(counter.fetchAndAddRelaxed(1));
    if (!adminExec(adminUrl, u"CREATE DATABASE %1"_s.arg(name), error))
        return QString();
    QUrl database(adminUrl);
    database.setPath(u'/' + name);
    return database.toString();
}

bool PostgresProcess::dropDatabaseOn(const QString &adminUrl, const QString &databaseUrl,
                                     QString *error)
{
    const QString name = QUrl(databaseUrl).path().mid(1);
    return adminExec(adminUrl, u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(name), error);
}

QString PostgresProcess::createDatabase()
{
    return createDatabaseOn(url(), &m_error);
}

bool PostgresProcess::dropDatabase(const QString &databaseUrl)
{
    return dropDatabaseOn(url(), databaseUrl, &m_error);
}

QString PostgresProcess::log() const
{
    QFile file(directory() + u"/server.log"_s);
    return file.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(file.readAll().right(4000))
                                          : QString();
}

QString PostgresProcess::fixtureUrl(const QString &directory)
{
    QFile file(directory + u"/url"_s);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed() : QString();
}

} // namespace chat::test
