// chat-server's command line as a person or systemd uses it: --check (exit 0, or 2 with the
// reason, and nothing listening; on PostgreSQL too, and never showing a database password),
// --version, --help naming every setting's option, and --log-format json (every line an object,
// with the request's fields where there is one).
#include "tests/support/httptestclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCommandLine : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void checkPassesAGoodConfiguration();
    void checkNamesWhatIsWrong_data();
    void checkNamesWhatIsWrong();
    void checkPassesOnPostgres();
    void databasePasswordsAreNeverShown();
    void versionAndHelp();
    void jsonLog();

private:
    // A port on 127.0.0.1 where nothing listens: connecting is refused at once.
    static quint16 closedPort()
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost);
        return server.serverPort();
    }
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run run(const QStringList &arguments) const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCommandLine::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir(m_dir->path()).mkdir(u"web"_s));
    QFile page(m_dir->filePath(u"web/index.html"_s));
    QVERIFY(page.open(QIODevice::WriteOnly));
    page.write("<!doctype html>");
}

TestCommandLine::Run TestCommandLine::run(const QStringList &arguments) const
{
    QProcess process;
    process.setWorkingDirectory(m_dir->path()); // no stray .env
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : environment.keys())
        if (name.startsWith(u"CHAT_"_s) || name.startsWith(u"GRIP_"_s))
            environment.remove(name);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(CHAT_SERVER_EXE), arguments);
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
             process.readAllStandardOutput(), process.readAllStandardError() };
}

void TestCommandLine::checkPassesAGoodConfiguration()
{
    const QString database = m_dir->filePath(u"state/chat.sqlite3"_s);
    // Port 1 would need root to listen on: --check does not listen, so it passes anyway.
    const Run checked = run({ u"--check"_s, u"--database"_s, database, u"--web-root"_s,
                              m_dir->filePath(u"web"_s), u"--port"_s, u"1"_s });
    QVERIFY2(checked.exitCode == 0, checked.err.constData());
    QVERIFY2(checked.out.contains("the configuration is valid"), checked.out.constData());
    QVERIFY(checked.out.contains("schema version"));
    QVERIFY(QFile::exists(database)); // created and migrated, as start-up would
}

void TestCommandLine::checkNamesWhatIsWrong_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("reason");
    QTest::newRow("bad port") << QStringList { u"--port"_s, u"http"_s } << QByteArray("--port");
    QTest::newRow("no web UI") << QStringList { u"--web-root"_s, u"nowhere"_s }
                               << QByteArray("--web-root");
    QTest::newRow("database is a directory")
        << QStringList { u"--database"_s, u"web"_s } << QByteArray("web");
    QTest::newRow("unreadable token file")
        << QStringList { u"--admin-token-file"_s, u"missing-token"_s }
        << QByteArray("admin-token-file");
    QTest::newRow("bad GRIP_URL") << QStringList { u"--grip-url"_s, u"ftp://x"_s }
                                  << QByteArray("grip");
    QTest::newRow("malformed PostgreSQL URL")
        << QStringList { u"--database"_s, u"postgresql://chat@db:99999/chat"_s }
        << QByteArray("the port must be");
    QTest::newRow("PostgreSQL URL without a database")
        << QStringList { u"--database"_s, u"postgres://chat@db"_s }
        << QByteArray("database name is missing");
    QTest::newRow("unreachable PostgreSQL")
        << QStringList { u"--database"_s,
                         u"postgresql://chat@127.0.0.1:%1/chat"_s.arg(closedPort()) }
        << QByteArray("cannot connect to postgresql://chat@127.0.0.1");
}

void TestCommandLine::checkNamesWhatIsWrong()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, reason);
    QStringList all { u"--check"_s, u"--web-root"_s, m_dir->filePath(u"web"_s) };
    all += arguments;
    const Run checked = run(all);
    QCOMPARE(checked.exitCode, 2);
    QVERIFY2(checked.err.toLower().contains(reason.toLower()), checked.err.constData());
    QVERIFY(checked.out.isEmpty());
}

void TestCommandLine::checkPassesOnPostgres()
{
    chat::test::TestDatabase database(m_dir->filePath(u"chat.sqlite3"_s));
    if (!database.isPostgres())
        QSKIP("PostgreSQL: tst_commandline_pg");
    const QStringList settings { u"--database"_s,           database.url(), u"--web-root"_s,
                                 m_dir->filePath(u"web"_s), u"--port"_s,    u"1"_s };
    const Run checked = run(QStringList { u"--check"_s } + settings);
    QVERIFY2(checked.exitCode == 0, checked.err.constData());
    QVERIFY2(checked.out.contains("database " + database.url().toUtf8() + " (schema version"),
             checked.out.constData());
}

void TestCommandLine::databasePasswordsAreNeverShown()
{
    // Neither when the URL is malformed, nor when the server refuses, nor when starting fails.
    const QString unreachable = u"postgresql://chat:hunter2@127.0.0.1:%1/chat"_s.arg(closedPort());
    for (const QStringList &arguments :
         { QStringList { u"--check"_s, u"--database"_s, u"postgresql://chat:hunter2@db:0/chat"_s },
           QStringList { u"--check"_s, u"--database"_s, unreachable },
           QStringList { u"--port"_s, u"0"_s, u"--database"_s, unreachable } }) {
        const Run ran = run(arguments + QStringList { u"--web-root"_s, m_dir->filePath(u"web"_s) });
        QCOMPARE(ran.exitCode, 2); // also when starting: the database could not be opened
        QVERIFY2(!ran.err.isEmpty(), ran.out.constData());
        QVERIFY2(!ran.err.contains("hunter2") && !ran.out.contains("hunter2"), ran.err.constData());
    }
}

void TestCommandLine::versionAndHelp()
{
    const Run version = run({ u"--version"_s });
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(version.out.startsWith("chat-server " CHAT_VERSION), version.out.constData());
    const Run help = run({ u"--help"_s });
    QCOMPARE(help.exitCode, 0);
    for (const char *option : { "--check", "--database", "--admin-token-file", "--post-rate",
                                "--grip-url", "--env-file" })
        QVERIFY2(help.out.contains(option), option);
}

void TestCommandLine::jsonLog()
{
    const QString tokenFile = m_dir->filePath(u"token"_s);
    QFile token(tokenFile);
    QVERIFY(token.open(QIODevice::WriteOnly));
    token.write("json-log-operator-token\n");
    token.close();
    chat::test::ServerProcess origin({ u"--log-format"_s, u"json"_s, u"--admin-token-file"_s,
                                       tokenFile, u"--metrics-port"_s, u"0"_s });
    QVERIFY2(origin.start(), origin.output().constData());
    QVERIFY(origin.waitForOutput(QRegularExpression(u"metrics on http://"_s)));
    const QByteArray ban = R"({"nickname": "troll", "seconds": "60"})";
    QCOMPARE(chat::test::rawRequest(
                 origin.port(),
                 "POST /admin/bans/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                 "json-log-operator-token\r\nContent-Type: application/json\r\nContent-Length: "
                     + QByteArray::number(ban.size()) + "\r\nConnection: close\r\n\r\n" + ban)
                 .status,
             201);
    QCOMPARE(origin.terminate(), 0);

    QList<QJsonObject> lines;
    for (const QByteArray &line : origin.output().split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        QVERIFY2(document.isObject(), line.constData());
        lines.append(document.object());
    }
    QVERIFY(lines.size() >= 4);
    for (const QJsonObject &line : std::as_const(lines)) {
        for (const QString &key : { u"time"_s, u"level"_s, u"category"_s, u"message"_s })
            QVERIFY2(line.value(key).isString(), qPrintable(key));
        QVERIFY(
            QDateTime::fromString(line.value(u"time"_s).toString(), Qt::ISODateWithMs).isValid());
    }
    const auto find = [&](const QString &start) {
        for (const QJsonObject &line : std::as_const(lines))
            if (line.value(u"message"_s).toString().startsWith(start))
                return line;
        return QJsonObject();
    };
    const QJsonObject listening = find(u"listening on http://127.0.0.1:"_s);
    QCOMPARE(listening.value(u"category"_s).toString(), u"chat.server"_s);
    QCOMPARE(listening.value(u"level"_s).toString(), u"info"_s);
    QVERIFY(!listening.contains(u"path"_s)); // not during a request
    const QJsonObject banned = find(u"banned troll"_s);
    QCOMPARE(banned.value(u"category"_s).toString(), u"chat.server.moderation"_s);
    QCOMPARE(banned.value(u"method"_s).toString(), u"POST"_s);
    QCOMPARE(banned.value(u"path"_s).toString(), u"/admin/bans/"_s);
    QCOMPARE(banned.value(u"client"_s).toString(), u"127.0.0.1"_s);
    QVERIFY(!find(u"stopped"_s).isEmpty());
    QVERIFY(!origin.output().contains("json-log-operator-token")); // never logged
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
