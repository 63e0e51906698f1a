// ChatServer in-process, through QNetworkAccessManager: start-up failures, and /healthz and
// the API answering 503 with a JSON body once the database is unusable.
#include "server/app/chatserver.h"
#include "server/store/messagestore.h"
#include "tests/support/testdatabase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace chat::server;
using namespace Qt::StringLiterals;

class TestChatServer : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void healthTurns503WhenTheDatabaseGoes();
    void refusesAnUnusableDatabase();
    void refusesAPortInUse();

private:
    ServerSettings settings() const;
    std::unique_ptr<QNetworkReply> request(const QString &method, const QUrl &url,
                                           const QByteArray &body = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<chat::test::TestDatabase> m_database;
    QNetworkAccessManager m_network;
};

void TestChatServer::init()
{
    m_database.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    m_database = std::make_unique<chat::test::TestDatabase>(m_dir->filePath(u"db/chat.sqlite3"_s));
}

ServerSettings TestChatServer::settings() const
{
    ServerSettings settings;
    settings.port = 0;
    settings.database = *DatabaseUrl::parse(m_database->url()); // a SQLite file's dir is created
    settings.webRoot = m_dir->path();
    return settings;
}

std::unique_ptr<QNetworkReply> TestChatServer::request(const QString &method, const QUrl &url,
                                                       const QByteArray &body)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    std::unique_ptr<QNetworkReply> reply(
        m_network.sendCustomRequest(request, method.toLatin1(), body));
    if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10000))
        qWarning("request timed out");
    return reply;
}

void TestChatServer::healthTurns503WhenTheDatabaseGoes()
{
    ChatServer server(settings());
    const auto started = server.start();
    QVERIFY2(started, qPrintable(started.error().message));
    const QUrl base(server.url());

    auto health = request(u"GET"_s, base.resolved(QUrl(u"healthz"_s)));
    QCOMPARE(health->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    auto posted = request(u"POST"_s, base.resolved(QUrl(u"rooms/a/messages/"_s)), "from=a&text=b");
    QCOMPARE(posted->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);

    server.store().close(); // as if the disk went away
    health = request(u"GET"_s, base.resolved(QUrl(u"healthz"_s)));
    QCOMPARE(health->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 503);
    QCOMPARE(QJsonDocument::fromJson(health->readAll()).object().value(u"status"_s).toString(),
             u"unavailable"_s);
    for (const auto &[method, path] : { std::pair { u"POST"_s, u"rooms/a/messages/"_s },
                                        std::pair { u"GET"_s, u"rooms/a/messages/"_s },
                                        std::pair { u"GET"_s, u"rooms/a/events/"_s } }) {
        auto reply = request(method, base.resolved(QUrl(path)), "from=a&text=b");
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 503);
        QVERIFY(QJsonDocument::fromJson(reply->readAll()).object().contains(u"error"_s));
    }
}

void TestChatServer::refusesAnUnusableDatabase()
{
    ServerSettings unusable = settings();
    unusable.database = DatabaseUrl::sqlite(m_dir->path()); // a directory
    if (m_database->isPostgres()) { // a port nobody listens on
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        unusable.database = settings().database;
        unusable.database.port = closed.serverPort();
        closed.close();
    }
    ChatServer server(unusable);
    const auto started = server.start();
    QVERIFY(!started);
    QVERIFY(server.databaseFailed());
    QVERIFY2(started.error().message.contains(unusable.database.display()),
             qPrintable(started.error().message));
}

void TestChatServer::refusesAPortInUse()
{
    ChatServer first(settings());
    QVERIFY(first.start());
    ServerSettings same = settings(); // PostgreSQL: the same database, as a second origin
    if (!m_database->isPostgres())
        same.database = DatabaseUrl::sqlite(m_dir->filePath(u"other.sqlite3"_s));
    same.port = first.port();
    ChatServer second(same);
    const auto started = second.start();
    QVERIFY(!started);
    QVERIFY2(started.error().message.contains(QString::number(first.port())),
             qPrintable(started.error().message));
}

QTEST_GUILESS_MAIN(TestChatServer)
#include "tst_chatserver.moc"
