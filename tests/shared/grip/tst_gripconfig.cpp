// GRIP_URL and GRIP_VERIFY_KEY in every form the original demo and js-grip document.
#include "shared/grip/gripconfig.h"

#include <QTest>

using chat::grip::GripConfig;
using namespace Qt::StringLiterals;

namespace {

const QString kFastlyPem = u"-----BEGIN PUBLIC KEY-----\n"
                           "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAECKo5A1ebyFcnmVV8SE5On+8G81Jy\n"
                           "BjSvcrx4VLetWCjuDAmppTo3xM/zz763COTCgHfp/6lPdCyYjjqc+GM7sw==\n"
                           "-----END PUBLIC KEY-----"_s;

GripConfig parse(const QString &url, const QString &verifyKey = {})
{
    const auto config = GripConfig::parse(url, verifyKey);
    if (!config)
        qFatal("parse failed: %s", qPrintable(config.error().message));
    return *config;
}

} // namespace

class TestGripConfig : public QObject
{
    Q_OBJECT
private slots:
    void pushpinPlain();
    void pushpinWithVerifyKey();
    void fanout();
    void fanoutWithExplicitVerifyKey();
    void base64Values();
    void issuerSignsPublishToken();
    void basicAuth();
    void otherQueryKept();
    void errors_data();
    void errors();
};

void TestGripConfig::pushpinPlain()
{
    const GripConfig config = parse(u"http://127.0.0.1:5561/"_s);
    QCOMPARE(config.publishUrl(), QUrl(u"http://127.0.0.1:5561/publish/"_s));
    QVERIFY(config.key.isEmpty());
    QVERIFY(!config.verifier); // nothing to check Grip-Sig with
    QVERIFY(config.authorization(0).isEmpty());
}

void TestGripConfig::pushpinWithVerifyKey()
{
    const GripConfig config
        = parse(u"http://127.0.0.1:5561/?verify-iss=pushpin&verify-key=s3cr3t"_s);
    QCOMPARE(config.publishUrl(), QUrl(u"http://127.0.0.1:5561/publish/"_s));
    QCOMPARE(config.verifyIssuer, u"pushpin"_s);
    QCOMPARE(config.verifyKey, "s3cr3t");
    QVERIFY(config.verifier);
    QCOMPARE(config.verifier->algorithm(), chat::jwt::Algorithm::HS256);
    QVERIFY(config.authorization(0).isEmpty()); // Pushpin's publish endpoint has no auth
}

void TestGripConfig::fanout()
{
    const GripConfig config
        = parse(u"https://api.fastly.com/service/SID123?verify-iss=fastly:SID123&key=API_TOKEN"_s,
                u"base64:"_s + QString::fromLatin1(kFastlyPem.toUtf8().toBase64()));
    QCOMPARE(config.publishUrl(), QUrl(u"https://api.fastly.com/service/SID123/publish/"_s));
    QCOMPARE(config.verifyIssuer, u"fastly:SID123"_s);
    QCOMPARE(config.key, "API_TOKEN");
    QCOMPARE(config.authorization(0), "Bearer API_TOKEN");
    QCOMPARE(config.verifier->algorithm(), chat::jwt::Algorithm::ES256);

    // Without GRIP_VERIFY_KEY, Fastly's published key (never the API token) checks Grip-Sig.
    const GripConfig implicit
        = parse(u"https://api.fastly.com/service/SID123?verify-iss=fastly:SID123&key=T"_s);
    QCOMPARE(implicit.verifier->algorithm(), chat::jwt::Algorithm::ES256);
}

void TestGripConfig::fanoutWithExplicitVerifyKey()
{
    // verify-key in the URL wins over GRIP_VERIFY_KEY.
    const GripConfig config
        = parse(u"https://api.fastly.com/service/S?key=T&verify-key=hmac"_s,
                u"base64:"_s + QString::fromLatin1(kFastlyPem.toUtf8().toBase64()));
    QCOMPARE(config.verifyKey, "hmac");
}

void TestGripConfig::base64Values()
{
    // "a+b/c==" is the base64 of bytes 0x6b 0xe6 0xff 0x73; '+' must survive query decoding.
    const GripConfig config
        = parse(u"http://localhost:5561/?key=base64:a+b/cw==&verify-key=base64:c2VjcmV0"_s);
    QCOMPARE(config.key, QByteArray::fromBase64("a+b/cw=="));
    QCOMPARE(config.verifyKey, "secret");
}

void TestGripConfig::issuerSignsPublishToken()
{
    const GripConfig config = parse(u"http://localhost:5561/?iss=me&key=secret"_s);
    const QByteArray authorization = config.authorization(1'800'000'000);
    QVERIFY(authorization.startsWith("Bearer ey"));
    const auto key = chat::jwt::Key::fromBytes("secret");
    const auto claims = chat::jwt::verify(authorization.sliced(7), *key, 1'800'000'000, u"me"_s);
    QVERIFY2(claims.ok(), qPrintable(claims.error().message));
    QCOMPARE(claims->value(u"exp"_s).toInteger(), 1'800'003'600);
    // The key doubles as the Grip-Sig key when nothing else is given.
    QCOMPARE(config.verifyKey, "secret");
}

void TestGripConfig::basicAuth()
{
    const GripConfig config = parse(u"https://user:p%40ss@grip.example.com/prefix/"_s);
    QCOMPARE(config.publishUrl().path(), u"/prefix/publish/"_s);
    QCOMPARE(config.authorization(0), "Basic " + QByteArray("user:p@ss").toBase64());
}

void TestGripConfig::otherQueryKept()
{
    const GripConfig config = parse(u"http://localhost:5561/?verify-key=k&realm=x"_s);
    QCOMPARE(config.controlUrl.query(), u"realm=x"_s);
    QCOMPARE(config.publishUrl().path(), u"/publish/"_s);
    // Found by fuzzing: kept values were decoded twice, and an escaped '/' became a separator.
    const GripConfig escaped = parse(u"http://h/a%2Fb/?realm=%2541&verify-key=k"_s);
    QCOMPARE(escaped.controlUrl.query(QUrl::FullyEncoded), u"realm=%2541"_s);
    QCOMPARE(escaped.publishUrl().path(QUrl::FullyEncoded), u"/a%2Fb/publish/"_s);
    QCOMPARE(escaped.publishUrl().toString(QUrl::FullyEncoded),
             u"http://h/a%2Fb/publish/?realm=%2541"_s);
}

void TestGripConfig::errors_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("verifyKey");
    QTest::addColumn<QString>("mentioned");
    QTest::newRow("no scheme") << u"127.0.0.1:5561"_s << QString() << u"scheme"_s;
    QTest::newRow("ftp") << u"ftp://host/"_s << QString() << u"scheme"_s;
    QTest::newRow("no host") << u"http:///publish"_s << QString() << u"host"_s;
    QTest::newRow("bad base64 key") << u"http://h/?key=base64:%%%"_s << QString() << u"key"_s;
    QTest::newRow("empty base64") << u"http://h/?verify-key=base64:"_s << QString()
                                  << u"verify-key"_s;
    QTest::newRow("iss without key") << u"http://h/?iss=me"_s << QString() << u"iss"_s;
    // Found by fuzzing: publishes then went out without credentials.
    QTest::newRow("iss with a key that cannot sign")
        << u"http://h/?iss=me&key=-----BEGIN%20junk&verify-key=x"_s << QString() << u"iss"_s;
    QTest::newRow("iss with a public key") << u"http://h/?iss=me&key=base64:%1&verify-key=x"_s.arg(
        QString::fromLatin1(kFastlyPem.toLatin1().toBase64()).replace(u'+', u"%2B"_s))
                                           << QString() << u"iss"_s;
    QTest::newRow("noncharacter in the query")
        << u"http://h/?a=x"_s + QString::fromUcs4(U"\U0003FFFF") << QString() << u"U+3FFFF"_s;
    QTest::newRow("noncharacter in the path")
        << u"http://h/p"_s + QChar(0xFDD0) << QString() << u"U+FDD0"_s;
    QTest::newRow("bad verify env") << u"http://h/"_s << u"base64:!!!"_s << u"GRIP_VERIFY_KEY"_s;
    QTest::newRow("broken pem") << u"http://h/"_s
                                << u"-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----"_s
                                << u"verify key"_s;
}

void TestGripConfig::errors()
{
    QFETCH(QString, url);
    QFETCH(QString, verifyKey);
    QFETCH(QString, mentioned);
    const auto config = GripConfig::parse(url, verifyKey);
    QVERIFY(!config);
    QVERIFY2(config.error().message.contains(mentioned), qPrintable(config.error().message));
}

QTEST_APPLESS_MAIN(TestGripConfig)
#include "tst_gripconfig.moc"
