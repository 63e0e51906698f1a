// GripPublisher against an in-test EPCP endpoint that answers what each test scripts: retries
// on 5xx and unreachable endpoints, order, batching, refusals, the queue bound, authorization.
#include "server/grip/grippublisher.h"
#include "shared/grip/jwt.h"

#include <QDateTime>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>

using namespace chat;
using namespace chat::server;
using namespace Qt::StringLiterals;

namespace {

// Answers POST /publish/ with the next scripted status (then 200), recording what it got.
class PublishEndpoint
{
public:
    explicit PublishEndpoint(QList<int> statuses)
        : m_statuses(std::move(statuses))
    {
        m_server.route(u"/publish/"_s, QHttpServerRequest::Method::Post,
                       [this](const QHttpServerRequest &request) {
                           const int status = m_statuses.isEmpty() ? 200 : m_statuses.takeFirst();
                           authorizations.append(request.value("authorization"));
                           if (status == 200) {
                               const auto items = QJsonDocument::fromJson(request.body())
                                                      .object()
                                                      .value(u"items"_s)
                                                      .toArray();
                               batchSizes.append(int(items.size()));
                               for (const auto item : items)
                                   ids.append(item.toObject().value(u"id"_s).toString().toInt());
                           }
                           return QHttpServerResponse("text/plain", "Published\n",
                                                      QHttpServerResponder::StatusCode(status));
                       });
        port = m_server.listen(QHostAddress::LocalHost, 0);
    }

    grip::GripConfig config(const QString &query = {}) const
    {
        return *grip::GripConfig::parse(u"http://127.0.0.1:%1/%2"_s.arg(port).arg(query), {});
    }

    quint16 port = 0;
    QList<int> ids;
    QList<int> batchSizes;
    QByteArrayList authorizations;

private:
    QList<int> m_statuses;
    QHttpServer m_server;
};

grip::PublishItem item(qint64 id)
{
    return { "events-room-a", id, id - 1,
             "event: message\nid: room-a:" + QByteArray::number(id) + "\ndata: x\n\n" };
}

GripPublisher::Options fast()
{
    GripPublisher::Options options;
    options.firstRetryMs = 20;
    options.maxRetryMs = 100;
    return options;
}

} // namespace

class TestGripPublisher : public QObject
{
    Q_OBJECT
private slots:
    void retriesServerErrorsInOrder();
    void batchesWhileARequestIsInFlight();
    void refusedItemsAreCountedNotRetried();
    void unreachableEndpointIsRetriedAndQueueIsBounded();
    void authorization();
};

void TestGripPublisher::retriesServerErrorsInOrder()
{
    PublishEndpoint endpoint({ 503, 502, 500 });
    GripPublisher publisher(endpoint.config(), fast());
    for (int id = 1; id <= 5; ++id)
        publisher.publish(item(id));
    QTRY_COMPARE(publisher.stats().published, 5);
    QCOMPARE(endpoint.ids, (QList<int> { 1, 2, 3, 4, 5 }));
    QCOMPARE(publisher.stats().failedAttempts, 3);
    QCOMPARE(publisher.stats().undeliverable, 0);
    QCOMPARE(publisher.stats().queued, 0);
}

void TestGripPublisher::batchesWhileARequestIsInFlight()
{
    PublishEndpoint endpoint({});
    GripPublisher::Options options = fast();
    options.maxBatch = 50;
    GripPublisher publisher(endpoint.config(), options);
    for (int id = 1; id <= 120; ++id)
        publisher.publish(item(id));
    QTRY_COMPARE(publisher.stats().published, 120);
    QCOMPARE(endpoint.ids.size(), 120);
    QVERIFY(std::is_sorted(endpoint.ids.cbegin(), endpoint.ids.cend()));
    QCOMPARE(endpoint.batchSizes, (QList<int> { 1, 50, 50, 19 })); // the first went out alone
}

void TestGripPublisher::refusedItemsAreCountedNotRetried()
{
    PublishEndpoint endpoint({ 400 });
    GripPublisher publisher(endpoint.config(), fast());
    publisher.publish(item(1));
    QTRY_COMPARE(publisher.stats().undeliverable, 1);
    publisher.publish(item(2));
    QTRY_COMPARE(publisher.stats().published, 1);
    QCOMPARE(endpoint.ids, QList<int> { 2 });
    QCOMPARE(publisher.stats().failedAttempts, 0);
}

void TestGripPublisher::unreachableEndpointIsRetriedAndQueueIsBounded()
{
    quint16 port = 0;
    {
        QTcpServer probe; // a port with nobody listening
        probe.listen(QHostAddress::LocalHost, 0);
        port = probe.serverPort();
    }
    GripPublisher::Options options = fast();
    options.maxQueued = 3;
    GripPublisher publisher(*grip::GripConfig::parse(u"http://127.0.0.1:%1/"_s.arg(port), {}),
                            options);
    for (int id = 1; id <= 5; ++id)
        publisher.publish(item(id));
    QCOMPARE(publisher.stats().undeliverable, 2);
    QCOMPARE(publisher.stats().queued, 3);
    QTRY_VERIFY(publisher.stats().failedAttempts >= 2);
    QCOMPARE(publisher.stats().queued, 3); // kept for the next try
}

void TestGripPublisher::authorization()
{
    PublishEndpoint endpoint({});
    GripPublisher bearer(endpoint.config(u"?key=t0ken"_s), fast());
    bearer.publish(item(1));
    QTRY_COMPARE(endpoint.authorizations.size(), 1);
    QCOMPARE(endpoint.authorizations.last(), "Bearer t0ken");

    GripPublisher signedToken(endpoint.config(u"?iss=origin&key=s3cret"_s), fast());
    signedToken.publish(item(2));
    QTRY_COMPARE(endpoint.authorizations.size(), 2);
    const QByteArray token = endpoint.authorizations.last().sliced(7);
    QVERIFY(jwt::verify(token, *jwt::Key::fromBytes("s3cret"), QDateTime::currentSecsSinceEpoch(),
                        u"origin"_s)
                .ok());

    GripPublisher none(endpoint.config(), fast());
    none.publish(item(3));
    QTRY_COMPARE(endpoint.authorizations.size(), 3);
    QVERIFY(endpoint.authorizations.last().isEmpty());
}

QTEST_GUILESS_MAIN(TestGripPublisher)
#include "tst_grippublisher.moc"
