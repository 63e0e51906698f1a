// Settings precedence (command line > environment > .env > defaults) and the .env format.
#include "server/app/serverconfig.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <QTest>

using namespace chat;
using namespace chat::server;
using namespace Qt::StringLiterals;

class TestServerConfig : public QObject
{
    Q_OBJECT
private slots:
    void dotEnv();
    void dotEnvErrors_data();
    void dotEnvErrors();
    void precedence();
    void gripFromEnvironment();
    void defaults();
    void limits();
    void badValues_data();
    void badValues();
};

namespace {

Result<ServerSettings> resolve(const QStringList &arguments,
                               const QList<std::pair<QString, QString>> &environment,
                               const dotenv::Values &dotEnv)
{
    QCommandLineParser parser;
    serverconfig::addOptions(parser);
    if (!parser.parse(QStringList { u"chat-server"_s } + arguments))
        return Error { parser.errorText() };
    QProcessEnvironment env;
    for (const auto &[name, value] : environment)
        env.insert(name, value);
    return serverconfig::resolve(parser, env, dotEnv);
}

} // namespace

void TestServerConfig::dotEnv()
{
    const auto values = dotenv::parse("# settings\n"
                                      "CHAT_PORT=4000\n"
                                      "export CHAT_BIND = 0.0.0.0 \n"
                                      "\n"
                                      "QUOTED=\"a \\\"b\\\"\\nc\"\n"
                                      "SINGLE='x \\n y'\n"
                                      "COMMENTED=value # note\n"
                                      "EMPTY=\r\n");
    QVERIFY2(values, qPrintable(values.error().message));
    QCOMPARE(values->value(u"CHAT_PORT"_s), u"4000"_s);
    QCOMPARE(values->value(u"CHAT_BIND"_s), u"0.0.0.0"_s);
    QCOMPARE(values->value(u"QUOTED"_s), u"a \"b\"\nc"_s);
    QCOMPARE(values->value(u"SINGLE"_s), u"x \\n y"_s);
    QCOMPARE(values->value(u"COMMENTED"_s), u"value"_s);
    QVERIFY(values->contains(u"EMPTY"_s));
    QCOMPARE(values->value(u"EMPTY"_s), QString());
}

void TestServerConfig::dotEnvErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("no equals") << QByteArray("A=1\nJUSTTEXT\n");
    QTest::newRow("bad name") << QByteArray("1A=1\n");
    QTest::newRow("unterminated") << QByteArray("A=\"open\n");
    QTest::newRow("invalid utf-8") << QByteArray("A=\xff\n");
}

void TestServerConfig::dotEnvErrors()
{
    QFETCH(QByteArray, text);
    const auto values = dotenv::parse(text);
    QVERIFY(!values);
    QVERIFY(!values.error().message.isEmpty());
}

void TestServerConfig::precedence()
{
    const dotenv::Values dotEnv { { u"CHAT_PORT"_s, u"1111"_s },
                                  { u"CHAT_DATABASE"_s, u"from-dotenv.db"_s },
                                  { u"CHAT_WEB_ROOT"_s, u"dotenv-web"_s } };
    const QList<std::pair<QString, QString>> env { { u"CHAT_PORT"_s, u"2222"_s },
                                                   { u"CHAT_DATABASE"_s, u"from-env.db"_s } };
    auto settings = resolve({ u"--port"_s, u"3333"_s }, env, dotEnv);
    QVERIFY2(settings, qPrintable(settings.error().message));
    QCOMPARE(settings->port, 3333); // command line wins
    QCOMPARE(settings->database.path, u"from-env.db"_s); // then the environment
    QCOMPARE(settings->webRoot, u"dotenv-web"_s); // then .env

    settings = resolve({}, env, dotEnv);
    QCOMPARE(settings->port, 2222);
    settings = resolve({}, {}, dotEnv);
    QCOMPARE(settings->port, 1111);
}

void TestServerConfig::gripFromEnvironment()
{
    const auto settings
        = resolve({}, { { u"GRIP_URL"_s, u"http://127.0.0.1:5561/?verify-iss=pushpin"_s } },
                  { { u"GRIP_VERIFY_KEY"_s, u"base64:c2VjcmV0"_s } });
    QVERIFY2(settings, qPrintable(settings.error().message));
    QVERIFY(settings->grip);
    QCOMPARE(settings->grip->verifyKey, "secret");
    QCOMPARE(settings->grip->publishUrl(), QUrl(u"http://127.0.0.1:5561/publish/"_s));
    QVERIFY(!resolve({}, { { u"GRIP_URL"_s, u""_s } }, {})->grip); // empty: no proxy
}

void TestServerConfig::defaults()
{
    const auto settings = resolve({}, {}, {});
    QVERIFY(settings);
    QCOMPARE(settings->port, 3000);
    QCOMPARE(settings->bind, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(settings->database.path, u"var/chat.sqlite3"_s);
    QCOMPARE(settings->streams.keepAliveMs, 20000);
    QCOMPARE(settings->streams.threads, 0); // one per core
    QVERIFY(!settings->grip);
    QCOMPARE(resolve({}, { { u"CHAT_STREAM_THREADS"_s, u"3"_s } }, {})->streams.threads, 3);
    // The protective limits are on by default.
    QCOMPARE(settings->connections.headerTimeoutMs, 10000);
    QCOMPARE(settings->connections.bodyTimeoutMs, 10000);
    QCOMPARE(settings->connections.idleTimeoutMs, 60000);
    QCOMPARE(settings->connections.maxConnections, 0); // derived from RLIMIT_NOFILE at start
    QCOMPARE(settings->events.maxStreamsPerClient, 500);
    QCOMPARE(settings->postRate.perSecond, 5.0);
    QCOMPARE(settings->postRate.burst, 20);
    QVERIFY(settings->trustedProxies.isEmpty());
}

void TestServerConfig::limits()
{
    const auto settings = resolve({ u"--header-timeout-ms"_s, u"500"_s, u"--body-timeout-ms"_s,
                                    u"600"_s, u"--idle-timeout-ms"_s, u"700"_s,
                                    u"--max-connections"_s, u"50"_s, u"--max-streams-per-client"_s,
                                    u"0"_s, u"--post-rate"_s, u"0"_s, u"--post-burst"_s, u"3"_s,
                                    u"--trusted-proxies"_s, u"10.0.0.0/8, 127.0.0.1,::1"_s },
                                  {}, {});
    QVERIFY2(settings, qPrintable(settings.error().message));
    QCOMPARE(settings->connections.headerTimeoutMs, 500);
    QCOMPARE(settings->connections.bodyTimeoutMs, 600);
    QCOMPARE(settings->connections.idleTimeoutMs, 700);
    QCOMPARE(settings->connections.maxConnections, 50);
    QCOMPARE(settings->events.maxStreamsPerClient, 0);
    QCOMPARE(settings->postRate.perSecond, 0.0);
    QCOMPARE(settings->postRate.burst, 3);
    QVERIFY(settings->trustedProxies.contains(QHostAddress(u"10.1.2.3"_s)));
    QVERIFY(settings->trustedProxies.contains(QHostAddress(u"::ffff:127.0.0.1"_s)));
    QVERIFY(settings->trustedProxies.contains(QHostAddress(u"::1"_s)));
    QVERIFY(!settings->trustedProxies.contains(QHostAddress(u"11.0.0.1"_s)));
}

void TestServerConfig::badValues_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentioned");
    QTest::newRow("port text") << QStringList { u"--port"_s, u"http"_s } << u"port"_s;
    QTest::newRow("port range") << QStringList { u"--port"_s, u"70000"_s } << u"port"_s;
    QTest::newRow("bind") << QStringList { u"--bind"_s, u"example.org"_s } << u"bind"_s;
    QTest::newRow("database") << QStringList { u"--database"_s, u" "_s } << u"database"_s;
    QTest::newRow("grip url scheme")
        << QStringList { u"--grip-url"_s, u"ftp://h/"_s } << u"GRIP_URL"_s;
    QTest::newRow("grip url base64")
        << QStringList { u"--grip-url"_s, u"http://h/?key=base64:***"_s } << u"GRIP_URL"_s;
    QTest::newRow("grip verify key")
        << QStringList { u"--grip-url"_s, u"http://h/"_s, u"--grip-verify-key"_s, u"base64:!"_s }
        << u"GRIP_VERIFY_KEY"_s;
    QTest::newRow("synchronous") << QStringList { u"--synchronous"_s, u"off"_s }
                                 << u"synchronous"_s;
    QTest::newRow("keep-alive") << QStringList { u"--keep-alive-ms"_s, u"0"_s } << u"keep-alive"_s;
    QTest::newRow("stream threads")
        << QStringList { u"--stream-threads"_s, u"0"_s } << u"stream-threads"_s;
    QTest::newRow("stream threads text")
        << QStringList { u"--stream-threads"_s, u"many"_s } << u"stream-threads"_s;
    QTest::newRow("header timeout")
        << QStringList { u"--header-timeout-ms"_s, u"-1"_s } << u"header-timeout-ms"_s;
    QTest::newRow("post rate sign") << QStringList { u"--post-rate"_s, u"+5"_s } << u"post-rate"_s;
    QTest::newRow("post burst zero")
        << QStringList { u"--post-burst"_s, u"0"_s } << u"post-burst"_s;
    QTest::newRow("trusted proxies")
        << QStringList { u"--trusted-proxies"_s, u"10.0.0.0/8,proxy.example"_s }
        << u"proxy.example"_s;
}

void TestServerConfig::badValues()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentioned);
    const auto settings = resolve(arguments, {}, {});
    QVERIFY(!settings);
    QVERIFY2(settings.error().message.contains(mentioned), qPrintable(settings.error().message));
}

QTEST_APPLESS_MAIN(TestServerConfig)
#include "tst_serverconfig.moc"
