// chat-admin against a real chat-server: each command's effect on the server and what it
// prints, the server's refusals passed on (exit 1), usage errors (exit 2), and a server that
// cannot be reached.
#include "tests/support/httptestclient.h"
#include "tests/support/serverprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kToken = "admin-cli-operator-token";

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestAdminCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void banListUnban();
    void removeAMessage();
    void refusalsAndUsage_data();
    void refusalsAndUsage();
    void unreachableServer();

private:
    Run admin(const QStringList &arguments, const QString &url = {}) const;
    QString tokenFile() const { return m_secrets.filePath(u"admin-token"_s); }

    QTemporaryDir m_secrets; // before the server, whose arguments name its file
    ServerProcess m_origin { kUnlimitedPosting
                             + QStringList { u"--admin-token-file"_s, tokenFile() } };
};

void TestAdminCli::initTestCase()
{
    QFile token(tokenFile());
    QVERIFY(token.open(QIODevice::WriteOnly));
    token.write(kToken + '\n');
    token.close();
    QVERIFY2(m_origin.start(), m_origin.output().constData());
}

void TestAdminCli::cleanupTestCase()
{
    QCOMPARE(m_origin.terminate(), 0);
}

Run TestAdminCli::admin(const QStringList &arguments, const QString &url) const
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"CHAT_ADMIN_URL"_s,
                       url.isEmpty() ? u"http://127.0.0.1:%1/"_s.arg(m_origin.port()) : url);
    environment.insert(u"CHAT_ADMIN_TOKEN_FILE"_s, tokenFile());
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(CHAT_ADMIN_EXE), arguments);
    if (!process.waitForFinished(20000))
        return {};
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
             QString::fromUtf8(process.readAllStandardOutput()).trimmed(),
             QString::fromUtf8(process.readAllStandardError()).trimmed() };
}

void TestAdminCli::banListUnban()
{
    QCOMPARE(admin({ u"bans"_s }).out, u"no bans in force"_s);
    const Run banned = admin({ u"ban"_s, u"--nickname"_s, u"troll"_s, u"--for"_s, u"2h"_s,
                               u"--reason"_s, u"spam, again"_s });
    QVERIFY2(banned.exitCode == 0, qPrintable(banned.err));
    QVERIFY2(banned.out.startsWith(u"banned: "_s), qPrintable(banned.out));
    QVERIFY(banned.out.contains(u"nickname troll"_s));
    QVERIFY(banned.out.endsWith(u"spam, again"_s));
    const HttpResponse refused = postForm(m_origin.port(), u"r"_s, u"troll"_s, u"hi"_s);
    QCOMPARE(refused.status, 403);
    QVERIFY(refused.errorMessage().endsWith(u"spam, again"_s));

    const Run address
        = admin({ u"ban"_s, u"--address"_s, u"192.0.2.9"_s, u"--for"_s, u"90"_s, u"--json"_s });
    QCOMPARE(address.exitCode, 0);
    const QJsonObject ban = QJsonDocument::fromJson(address.out.toUtf8()).object();
    QCOMPARE(ban.value(u"address"_s).toString(), u"192.0.2.9"_s);
    const qint64 addressBan = ban.value(u"id"_s).toInteger();

    const Run listed = admin({ u"bans"_s });
    QCOMPARE(listed.exitCode, 0);
    QCOMPARE(listed.out.split(u'\n').size(), 2);
    QVERIFY(listed.out.contains(u"address 192.0.2.9"_s));
    const Run listedJson = admin({ u"bans"_s, u"--json"_s });
    QCOMPARE(
        QJsonDocument::fromJson(listedJson.out.toUtf8()).object().value(u"bans"_s).toArray().size(),
        2);

    const Run lifted = admin({ u"unban"_s, QString::number(addressBan) });
    QCOMPARE(lifted.exitCode, 0);
    QCOMPARE(lifted.out, u"lifted ban %1"_s.arg(addressBan));
    QCOMPARE(admin({ u"bans"_s }).out.split(u'\n').size(), 1);
    const Run again = admin({ u"unban"_s, QString::number(addressBan) });
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(u"404"_s), qPrintable(again.err));
}

void TestAdminCli::removeAMessage()
{
    const HttpResponse posted = postForm(m_origin.port(), u"caf\u00e9 room"_s, u"ann"_s, u"oops"_s);
    QCOMPARE(posted.status, 200);
    const QString id
        = QString::number(QJsonDocument::fromJson(posted.body).object().value(u"id"_s).toInteger());
    const Run removed = admin({ u"remove"_s, u"caf\u00e9 room"_s, id });
    QVERIFY2(removed.exitCode == 0, qPrintable(removed.err));
    QCOMPARE(removed.out, u"removed message %1 of room caf\u00e9 room"_s.arg(id));
    QVERIFY(!get(m_origin.port(), "/rooms/caf%C3%A9%20room/messages/").body.contains("oops"));
    const Run twice = admin({ u"remove"_s, u"caf\u00e9 room"_s, id });
    QCOMPARE(twice.exitCode, 1);
    QVERIFY2(twice.err.contains(u"404"_s), qPrintable(twice.err));
}

void TestAdminCli::refusalsAndUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("says");
    QTest::newRow("no command") << QStringList() << 2 << u"name a command"_s;
    QTest::newRow("unknown command") << QStringList { u"purge"_s } << 2 << u"purge"_s;
    QTest::newRow("remove without an id")
        << QStringList { u"remove"_s, u"r"_s } << 2 << u"room and a message id"_s;
    QTest::newRow("ban without a target")
        << QStringList { u"ban"_s, u"--for"_s, u"1h"_s } << 2 << u"--nickname or --address"_s;
    QTest::newRow("ban without --for")
        << QStringList { u"ban"_s, u"--nickname"_s, u"x"_s } << 2 << u"--for"_s;
    QTest::newRow("bad duration") << QStringList { u"ban"_s, u"--nickname"_s, u"x"_s, u"--for"_s,
                                                   u"5y"_s }
                                  << 2 << u"duration"_s;
    QTest::newRow("server refuses the address")
        << QStringList { u"ban"_s, u"--address"_s, u"nowhere"_s, u"--for"_s, u"1h"_s } << 1
        << u"400"_s;
    QTest::newRow("bad message id") << QStringList { u"remove"_s, u"r"_s, u"0"_s } << 1 << u"400"_s;
}

void TestAdminCli::refusalsAndUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, says);
    const Run run = admin(arguments);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(says), qPrintable(run.err));
}

void TestAdminCli::unreachableServer()
{
    QTcpServer closed; // a port nobody listens on once this is closed
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    const Run run = admin({ u"bans"_s }, u"http://127.0.0.1:%1/"_s.arg(port));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(u"cannot reach"_s), qPrintable(run.err));

    // A wrong token is the server's refusal.
    QFile token(tokenFile());
    QVERIFY(token.open(QIODevice::WriteOnly));
    token.write("not-the-operator-token\n");
    token.close();
    const Run wrong = admin({ u"bans"_s });
    QCOMPARE(wrong.exitCode, 1);
    QVERIFY2(wrong.err.contains(u"401"_s), qPrintable(wrong.err));
}

QTEST_GUILESS_MAIN(TestAdminCli)
#include "tst_admincli.moc"
