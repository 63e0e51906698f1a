// chat-server's command line as a person or systemd uses it: --check (exit 0, or 2 with the
// reason, and nothing listening), --version, and --help naming every setting's option.
#include <QDir>
#include <QFile>
#include <QProcess>
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
    void versionAndHelp();

private:
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

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
