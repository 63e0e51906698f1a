// Who a request comes from: the peer, or what a trusted proxy says in X-Forwarded-For.
#include "server/api/request/clientaddress.h"

#include <QTest>

using namespace chat::server;
using namespace Qt::StringLiterals;

class TestClientAddress : public QObject
{
    Q_OBJECT
private slots:
    void address_data();
    void address();
    void trustedProxies();
    void badProxyLists_data();
    void badProxyLists();
};

void TestClientAddress::address_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QByteArray>("forwardedFor");
    QTest::addColumn<bool>("trusted");
    QTest::addColumn<QString>("client");
    QTest::newRow("peer") << u"192.0.2.1"_s << QByteArray() << false << u"192.0.2.1"_s;
    QTest::newRow("forged, untrusted")
        << u"192.0.2.1"_s << QByteArray("10.0.0.5") << false << u"192.0.2.1"_s;
    QTest::newRow("trusted") << u"127.0.0.1"_s << QByteArray("203.0.113.9") << true
                             << u"203.0.113.9"_s;
    QTest::newRow("the last is the proxy's")
        << u"127.0.0.1"_s << QByteArray("10.0.0.5, 203.0.113.9") << true << u"203.0.113.9"_s;
    QTest::newRow("garbage from a trusted proxy")
        << u"127.0.0.1"_s << QByteArray("unknown") << true << u"127.0.0.1"_s;
    QTest::newRow("mapped ipv4 peer")
        << u"::ffff:192.0.2.1"_s << QByteArray() << false << u"192.0.2.1"_s;
    QTest::newRow("ipv6") << u"2001:db8::1"_s << QByteArray() << false << u"2001:db8::1"_s;
    QTest::newRow("forwarded ipv6")
        << u"127.0.0.1"_s << QByteArray(" 2001:db8::2 ") << true << u"2001:db8::2"_s;
}

void TestClientAddress::address()
{
    QFETCH(QString, peer);
    QFETCH(QByteArray, forwardedFor);
    QFETCH(bool, trusted);
    QFETCH(QString, client);
    QCOMPARE(clientAddress(QHostAddress(peer), forwardedFor, trusted), client);
}

void TestClientAddress::trustedProxies()
{
    const auto proxies = TrustedProxies::parse(u"10.0.0.0/8, 127.0.0.1 ,2001:db8::/32,"_s);
    QVERIFY2(proxies, qPrintable(proxies.error().message));
    QVERIFY(proxies->contains(QHostAddress(u"10.200.0.1"_s)));
    QVERIFY(proxies->contains(QHostAddress(u"127.0.0.1"_s)));
    QVERIFY(proxies->contains(QHostAddress(u"::ffff:127.0.0.1"_s)));
    QVERIFY(proxies->contains(QHostAddress(u"2001:db8:1::7"_s)));
    QVERIFY(!proxies->contains(QHostAddress(u"127.0.0.2"_s)));
    QVERIFY(!proxies->contains(QHostAddress(u"11.0.0.1"_s)));
    QVERIFY(TrustedProxies::parse(QString())->isEmpty());
}

void TestClientAddress::badProxyLists_data()
{
    QTest::addColumn<QString>("list");
    QTest::newRow("host name") << u"proxy.example"_s;
    QTest::newRow("bad prefix") << u"10.0.0.0/33"_s;
    QTest::newRow("junk after") << u"10.0.0.1, 10.0.0.1x"_s;
}

void TestClientAddress::badProxyLists()
{
    QFETCH(QString, list);
    const auto proxies = TrustedProxies::parse(list);
    QVERIFY(!proxies);
    QVERIFY(proxies.error().message.contains(u"is not an IP address"_s));
}

QTEST_APPLESS_MAIN(TestClientAddress)
#include "tst_clientaddress.moc"
