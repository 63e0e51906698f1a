// Crash safety of a real chat-server process: every acknowledged message survives SIGKILL, and
// SIGTERM ends streams cleanly and exits 0.
#include "shared/model/message.h"
#include "tests/support/httptestclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/ssetestclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace chat;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

// Posts numbered messages one after another until a post fails, recording what was acknowledged.
class Poster : public QThread
{
public:
    explicit Poster(quint16 port)
        : m_port(port)
    { }

    QStringList acknowledged() const
    {
        QMutexLocker lock(&m_mutex);
        return m_acknowledged;
    }

protected:
    void run() override
    {
        for (int i = 1; i <= 100000; ++i) {
            const QString text = u"durable %1"_s.arg(i);
            const HttpResponse response = postForm(m_port, u"durable"_s, u"poster"_s, text);
            if (response.status != 200)
                return; // the server is gone
            QMutexLocker lock(&m_mutex);
            m_acknowledged.append(text);
        }
    }

private:
    quint16 m_port;
    mutable QMutex m_mutex;
    QStringList m_acknowledged;
};

} // namespace

class TestDurability : public QObject
{
    Q_OBJECT
private slots:
    void acknowledgedMessagesSurviveSigkill();
    void sigtermStopsCleanly();
};

void TestDurability::acknowledgedMessagesSurviveSigkill()
{
    ServerProcess server(kUnlimitedPosting);
    QVERIFY(server.start());

    Poster poster(server.port());
    poster.start();
    // Kill it mid-run, while posts are in flight.
    QVERIFY(QTest::qWaitFor([&] { return poster.acknowledged().size() >= 300; }, 60000));
    server.kill();
    QVERIFY(poster.wait(30000));
    const QStringList acknowledged = poster.acknowledged();
    QVERIFY(acknowledged.size() >= 300);

    QVERIFY2(server.start(), server.output().constData()); // on the same database
    const QStringList stored = wholeHistoryTexts(server.port(), "durable");
    // Every acknowledged message is there, in order; at most the one in flight besides.
    QVERIFY2(
        stored.size() >= acknowledged.size(),
        qPrintable(u"%1 stored, %2 acknowledged"_s.arg(stored.size()).arg(acknowledged.size())));
    QVERIFY(stored.size() <= acknowledged.size() + 1);
    QCOMPARE(stored.mid(0, acknowledged.size()), acknowledged);

    // Event ids go on counting after the crash.
    const HttpResponse next = postForm(server.port(), u"durable"_s, u"p"_s, u"after crash"_s);
    QCOMPARE(next.status, 200);
    const HttpResponse history = get(server.port(), "/rooms/durable/messages/?limit=1");
    QVERIFY(history.body.endsWith(
        "\"last-event-id\": \"room-durable:" + QByteArray::number(stored.size() + 1) + "\"}\n"));
    QCOMPARE(server.terminate(), 0);
}

void TestDurability::sigtermStopsCleanly()
{
    ServerProcess server(kUnlimitedPosting);
    QVERIFY(server.start());
    SseTestClient client;
    client.open(server.port(), "/rooms/term/events/");
    QTRY_COMPARE_WITH_TIMEOUT(client.eventsOfType("stream-open").size(), 1, 10000);

    QCOMPARE(server.terminate(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(client.ended(), 10000);
    QVERIFY(server.output().contains("stopping (signal 15)"));
}

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
