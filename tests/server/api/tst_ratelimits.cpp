// Posting limits over real HTTP: a burst, then 429 with Retry-After and a JSON error until a
// token is due; per client address and per nickname; X-Forwarded-For believed only from a
// trusted proxy or with a valid Grip-Sig; the limits and the refusals in /healthz.
#include "shared/grip/jwt.h"
#include "tests/support/httptestclient.h"
#include "tests/support/pushpinprocess.h"
#include "tests/support/serverprocess.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace chat;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 10000;

HttpResponse postAs(quint16 port, const QByteArray &room, const QByteArray &from,
                    const QList<std::pair<QByteArray, QByteArray>> &headers = {})
{
    QByteArray request = "POST /rooms/" + room
        + "/messages/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n";
    for (const auto &[name, value] : headers)
        request += name + ": " + value + "\r\n";
    const QByteArray body = "from=" + from + "&text=hello";
    return rawRequest(port,
                      request + "Content-Length: " + QByteArray::number(body.size())
                          + "\r\nConnection: close\r\n\r\n" + body);
}

int storedIn(quint16 port, const QByteArray &room)
{
    return int(QJsonDocument::fromJson(get(port, "/rooms/" + room + "/messages/?limit=200").body)
                   .object()
                   .value(u"messages"_s)
                   .toArray()
                   .size());
}

} // namespace

class TestRateLimits : public QObject
{
    Q_OBJECT
private slots:
    void burstThenTooManyRequests();
    void perAddressAndPerNickname();
    void forwardedAddressesFromATrustedProxy();
    void forwardedAddressesWithAValidGripSig();
};

void TestRateLimits::burstThenTooManyRequests()
{
    ServerProcess server({ u"--post-rate"_s, u"1"_s, u"--post-burst"_s, u"3"_s });
    QVERIFY2(server.start(), server.output().constData());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(postAs(server.port(), "burst", "alice").status, 200);
    const HttpResponse refused = postAs(server.port(), "burst", "alice");
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.header("retry-after"), "1");
    QCOMPARE(refused.errorMessage(), u"too many messages: try again in 1 s"_s);
    QCOMPARE(storedIn(server.port(), "burst"), 3); // nothing stored for the refused one
    // A token is due within the second Retry-After named (QTRY_* would post once more to
    // report, so the loop is written out).
    int status = 0;
    QVERIFY(QTest::qWaitFor(
        [&] { return (status = postAs(server.port(), "burst", "alice").status) == 200; }, kWait));
    QCOMPARE(storedIn(server.port(), "burst"), 4);

    const QJsonObject health
        = QJsonDocument::fromJson(get(server.port(), "/healthz").body).object();
    QCOMPARE(health.value(u"limits"_s).toObject().value(u"postRate"_s).toDouble(), 1.0);
    QCOMPARE(health.value(u"limits"_s).toObject().value(u"postBurst"_s).toInt(), 3);
    QVERIFY(health.value(u"refused"_s).toObject().value(u"rateLimited"_s).toInt() >= 1);
    QCOMPARE(server.terminate(), 0);
}

void TestRateLimits::perAddressAndPerNickname()
{
    ServerProcess server({ u"--post-rate"_s, u"1"_s, u"--post-burst"_s, u"2"_s });
    QVERIFY2(server.start(), server.output().constData());
    // A new nickname does not get around the address's bucket...
    QCOMPARE(postAs(server.port(), "both", "a").status, 200);
    QCOMPARE(postAs(server.port(), "both", "b").status, 200);
    QCOMPARE(postAs(server.port(), "both", "c").status, 429);
    QCOMPARE(storedIn(server.port(), "both"), 2);
    QCOMPARE(server.terminate(), 0);

    // ...and a trusted proxy's clients do not get around a nickname's.
    ServerProcess proxied({ u"--post-rate"_s, u"1"_s, u"--post-burst"_s, u"2"_s,
                            u"--trusted-proxies"_s, u"127.0.0.1"_s });
    QVERIFY2(proxied.start(), proxied.output().constData());
    for (const QByteArray client : { "10.0.0.1", "10.0.0.2" })
        QCOMPARE(
            postAs(proxied.port(), "nick", "mallory", { { "X-Forwarded-For", client } }).status,
            200);
    QCOMPARE(
        postAs(proxied.port(), "nick", "mallory", { { "X-Forwarded-For", "10.0.0.3" } }).status,
        429);
    QCOMPARE(proxied.terminate(), 0);
}

void TestRateLimits::forwardedAddressesFromATrustedProxy()
{
    // Untrusted: every X-Forwarded-For is the same client, 127.0.0.1.
    ServerProcess server({ u"--post-rate"_s, u"1"_s, u"--post-burst"_s, u"1"_s });
    QVERIFY2(server.start(), server.output().constData());
    QCOMPARE(postAs(server.port(), "xff", "p1", { { "X-Forwarded-For", "10.0.0.1" } }).status, 200);
    QCOMPARE(postAs(server.port(), "xff", "p2", { { "X-Forwarded-For", "10.0.0.2" } }).status, 429);
    QCOMPARE(server.terminate(), 0);

    // Trusted: each address its own bucket.
    ServerProcess proxied({ u"--post-rate"_s, u"1"_s, u"--post-burst"_s, u"1"_s,
                            u"--trusted-proxies"_s, u"127.0.0.0/8"_s });
    QVERIFY2(proxied.start(), proxied.output().constData());
    for (int i = 1; i <= 5; ++i) {
        const QByteArray client = "10.0.0." + QByteArray::number(i);
        QCOMPARE(postAs(proxied.port(), "xff", "p" + QByteArray::number(i),
                        { { "X-Forwarded-For", client } })
                     .status,
                 200);
    }
    QCOMPARE(proxied.terminate(), 0);
}

void TestRateLimits::forwardedAddressesWithAValidGripSig()
{
    // Without --trusted-proxies, a request signed by the GRIP proxy may name its client.
    PushpinProcess pushpin; // not started: only its key and publish URL are used
    ServerProcess server({ u"--post-rate"_s, u"1"_s, u"--post-burst"_s, u"1"_s, u"--grip-url"_s,
                           pushpin.gripUrl() });
    QVERIFY2(server.start(), server.output().constData());
    const auto key = jwt::Key::fromBytes(pushpin.signingKey());
    const QByteArray sig
        = jwt::sign(QJsonObject { { u"iss"_s, u"pushpin"_s },
                                  { u"exp"_s, QDateTime::currentSecsSinceEpoch() + 3600 } },
                    *key);
    for (int i = 1; i <= 3; ++i) {
        const QByteArray client = "203.0.113." + QByteArray::number(i);
        QCOMPARE(postAs(server.port(), "signed", "s" + QByteArray::number(i),
                        { { "Grip-Sig", sig }, { "X-Forwarded-For", client } })
                     .status,
                 200);
    }
    // A forged signature is a direct client like any other: 127.0.0.1, whose token is gone.
    QCOMPARE(postAs(server.port(), "signed", "f1",
                    { { "Grip-Sig", "forged" }, { "X-Forwarded-For", "203.0.113.50" } })
                 .status,
             200);
    QCOMPARE(postAs(server.port(), "signed", "f2",
                    { { "Grip-Sig", "forged" }, { "X-Forwarded-For", "203.0.113.51" } })
                 .status,
             429);
    QCOMPARE(server.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestRateLimits)
#include "tst_ratelimits.moc"
