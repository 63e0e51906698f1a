// Grip-Sig checks: literal HS256 tokens (made with Python's hmac), ES256 and RS256 with keys
// generated here, and every way a token must be refused.
#include "shared/grip/jwt.h"

#include <QJsonObject>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

using namespace chat;
using namespace Qt::StringLiterals;

namespace {

// {"typ":"JWT","alg":"HS256"} {"exp":4102444800,"iss":"pushpin"} signed with "changeme".
const QByteArray kValidHs256 = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."
                               "eyJleHAiOjQxMDI0NDQ4MDAsImlzcyI6InB1c2hwaW4ifQ."
                               "GNQVheSZ98Kg4YCU-918Zc1QMoetIRy5D7xbGpLWKzE";
// The same with "exp": 1000000000 (2001).
const QByteArray kExpiredHs256 = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."
                                 "eyJleHAiOjEwMDAwMDAwMDAsImlzcyI6InB1c2hwaW4ifQ."
                                 "LZbWlcCOngm3npiNS2QlorKyC4TiHd_TwJaWeOgQMOg";
// {"typ":"JWT","alg":"none"} with the valid claims and no signature.
const QByteArray kAlgNone = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0."
                            "eyJleHAiOjQxMDI0NDQ4MDAsImlzcyI6InB1c2hwaW4ifQ.";

constexpr qint64 kNow = 1'800'000'000;

struct KeyPair
{
    QByteArray privatePem;
    QByteArray publicPem;
};

KeyPair generate(EVP_PKEY *pkey)
{
    KeyPair pair;
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, pkey, nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    long length = BIO_get_mem_data(bio, &data);
    pair.privatePem = QByteArray(data, length);
    BIO_free(bio);
    bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, pkey);
    length = BIO_get_mem_data(bio, &data);
    pair.publicPem = QByteArray(data, length);
    BIO_free(bio);
    EVP_PKEY_free(pkey);
    return pair;
}

jwt::Key key(const QByteArray &bytes)
{
    auto parsed = jwt::Key::fromBytes(bytes);
    if (!parsed)
        qFatal("key: %s", qPrintable(parsed.error().message));
    return *parsed;
}

QJsonObject claims(qint64 exp = kNow + 3600, const QString &iss = u"pushpin"_s)
{
    return QJsonObject { { u"iss"_s, iss }, { u"exp"_s, exp } };
}

} // namespace

class TestJwt : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void hs256Vectors_data();
    void hs256Vectors();
    void es256();
    void rs256();
    void algorithmComesFromTheKey();
    void tamperedTokens_data();
    void tamperedTokens();
    void oneSpellingOnly();
    void fastlyKeyIsEs256();
    void keyErrors();

private:
    KeyPair m_ec;
    KeyPair m_otherEc;
    KeyPair m_rsa;
};

void TestJwt::initTestCase()
{
    m_ec = generate(EVP_EC_gen("P-256"));
    m_otherEc = generate(EVP_EC_gen("P-256"));
    m_rsa = generate(EVP_RSA_gen(2048));
    QVERIFY(m_ec.publicPem.startsWith("-----BEGIN PUBLIC KEY-----"));
}

void TestJwt::hs256Vectors_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<bool>("valid");
    QTest::newRow("valid") << kValidHs256 << QByteArray("changeme") << u"pushpin"_s << true;
    QTest::newRow("valid, issuer not checked")
        << kValidHs256 << QByteArray("changeme") << QString() << true;
    QTest::newRow("wrong key") << kValidHs256 << QByteArray("changeme2") << u"pushpin"_s << false;
    QTest::newRow("wrong issuer") << kValidHs256 << QByteArray("changeme") << u"fastly:abc"_s
                                  << false;
    QTest::newRow("expired") << kExpiredHs256 << QByteArray("changeme") << u"pushpin"_s << false;
    QTest::newRow("alg none") << kAlgNone << QByteArray("changeme") << u"pushpin"_s << false;
    QTest::newRow("garbage") << QByteArray("garbage") << QByteArray("changeme") << QString()
                             << false;
    QTest::newRow("empty") << QByteArray() << QByteArray("changeme") << QString() << false;
    QTest::newRow("four parts") << kValidHs256 + ".x" << QByteArray("changeme") << QString()
                                << false;
    QTest::newRow("bad base64") << QByteArray("e$J0.e$J0.abc") << QByteArray("changeme")
                                << QString() << false;
    QTest::newRow("json garbage") << QByteArray("bm90IGpzb24.bm90IGpzb24.")
                                  << QByteArray("changeme") << QString() << false;
}

void TestJwt::hs256Vectors()
{
    QFETCH(QByteArray, token);
    QFETCH(QByteArray, secret);
    QFETCH(QString, issuer);
    QFETCH(bool, valid);
    const auto result = jwt::verify(token, key(secret), kNow, issuer);
    QCOMPARE(result.ok(), valid);
    if (valid)
        QCOMPARE(result->value(u"iss"_s).toString(), u"pushpin"_s);
    else
        QVERIFY(!result.error().message.isEmpty());
}

void TestJwt::es256()
{
    const jwt::Key signing = key(m_ec.privatePem);
    QCOMPARE(signing.algorithm(), jwt::Algorithm::ES256);
    const QByteArray token = jwt::sign(claims(kNow + 60, u"fastly:SID"_s), signing);
    QVERIFY(!token.isEmpty());
    QCOMPARE(QByteArray::fromBase64(token.split('.').at(2), QByteArray::Base64UrlEncoding).size(),
             64);

    const jwt::Key verifying = key(m_ec.publicPem);
    QVERIFY(!verifying.canSign());
    QVERIFY(jwt::verify(token, verifying, kNow, u"fastly:SID"_s).ok());
    QVERIFY(!jwt::verify(token, verifying, kNow, u"fastly:OTHER"_s).ok());
    QVERIFY(!jwt::verify(token, verifying, kNow + 61).ok()); // expired by then
    QVERIFY(!jwt::verify(token, key(m_otherEc.publicPem), kNow).ok()); // wrong key
}

void TestJwt::rs256()
{
    const QByteArray token = jwt::sign(claims(), key(m_rsa.privatePem));
    QVERIFY(jwt::verify(token, key(m_rsa.publicPem), kNow, u"pushpin"_s).ok());
    QVERIFY(!jwt::verify(token, key(m_ec.publicPem), kNow).ok());
}

void TestJwt::algorithmComesFromTheKey()
{
    // HMAC "signed" with the public key's PEM text: the classic alg-confusion attack.
    const QByteArray confused = jwt::sign(claims(), key("not a pem: " + m_ec.publicPem));
    QVERIFY(!confused.isEmpty());
    QByteArray forged = confused;
    const auto result = jwt::verify(forged, key(m_ec.publicPem), kNow);
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message.contains(u"algorithm"_s), qPrintable(result.error().message));

    // An ES256 token presented to an HS256 key, and an RS256 one to an EC key.
    QVERIFY(!jwt::verify(jwt::sign(claims(), key(m_ec.privatePem)), key("changeme"), kNow).ok());
    QVERIFY(
        !jwt::verify(jwt::sign(claims(), key(m_rsa.privatePem)), key(m_ec.publicPem), kNow).ok());
    QVERIFY(!jwt::verify(kAlgNone, key(m_ec.publicPem), kNow).ok());
}

void TestJwt::tamperedTokens_data()
{
    QTest::addColumn<int>("part"); // which dot-separated part to change
    QTest::newRow("header") << 0;
    QTest::newRow("claims") << 1;
    QTest::newRow("signature") << 2;
}

void TestJwt::tamperedTokens()
{
    QFETCH(int, part);
    for (const KeyPair *pair : { &m_ec, &m_rsa }) {
        QList<QByteArray> parts = jwt::sign(claims(), key(pair->privatePem)).split('.');
        QByteArray decoded = QByteArray::fromBase64(parts[part], QByteArray::Base64UrlEncoding);
        decoded[decoded.size() / 2] = char(decoded[decoded.size() / 2] ^ 0x01);
        parts[part]
            = decoded.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        QVERIFY(!jwt::verify(parts.join('.'), key(pair->publicPem), kNow).ok());
    }
}

void TestJwt::oneSpellingOnly()
{
    // Found by fuzzing: padding, or other values of the unused bits of the last character,
    // spelt the same signature several ways, and each verified.
    QVERIFY(jwt::verify(kValidHs256, key("changeme"), kNow).ok());
    static const QByteArray alphabet
        = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    QByteArray otherBits = kValidHs256;
    const qsizetype last = otherBits.size() - 1;
    otherBits[last] = alphabet.at(alphabet.indexOf(otherBits.at(last)) ^ 1); // an unused bit
    QCOMPARE(QByteArray::fromBase64(otherBits.split('.').at(2), QByteArray::Base64UrlEncoding),
             QByteArray::fromBase64(kValidHs256.split('.').at(2), QByteArray::Base64UrlEncoding));
    for (const QByteArray &spelling : { kValidHs256 + "=", otherBits }) {
        const auto result = jwt::verify(spelling, key("changeme"), kNow);
        QVERIFY2(!result.ok(), spelling.constData());
        QCOMPARE(result.error().message, u"bad base64url"_s);
    }
}

void TestJwt::fastlyKeyIsEs256()
{
    const QByteArray pem = "-----BEGIN PUBLIC KEY-----\n"
                           "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAECKo5A1ebyFcnmVV8SE5On+8G81Jy\n"
                           "BjSvcrx4VLetWCjuDAmppTo3xM/zz763COTCgHfp/6lPdCyYjjqc+GM7sw==\n"
                           "-----END PUBLIC KEY-----\n";
    QCOMPARE(key(pem).algorithm(), jwt::Algorithm::ES256);
}

void TestJwt::keyErrors()
{
    QCOMPARE(jwt::Key::fromBytes({}).error().message, u"the key is empty"_s);
    QCOMPARE(jwt::Key::fromBytes("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
                 .error()
                 .message,
             u"the PEM key cannot be read"_s);
    const KeyPair p384 = generate(EVP_EC_gen("P-384"));
    const auto refused = jwt::Key::fromBytes(p384.publicPem);
    QVERIFY(!refused);
    QVERIFY2(refused.error().message.contains(u"P-256"_s), qPrintable(refused.error().message));
}

QTEST_APPLESS_MAIN(TestJwt)
#include "tst_jwt.moc"
