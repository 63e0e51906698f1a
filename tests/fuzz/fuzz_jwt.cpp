// Fuzzes chat::jwt (shared/grip/jwt.h), which decides whether a Grip-Sig comes from the proxy.
// Input: one byte choosing what the rest is:
//   0: a token, verified with a fixed HS256 secret and with Fastly's ES256 public key;
//   1: key bytes for Key::fromBytes (any bytes: an HMAC secret; PEM text: an EC or RSA key);
//   2: an issuer, then (last byte pair) where to flip a bit of the token signed for it.
// Checks: no token is accepted that the secret's holder did not make (the two known tokens only,
// byte for byte; never one for Fastly's key, whose private half nobody here has); a key that
// parses signs tokens it verifies, with the claims intact, and refuses to sign when it cannot;
// a signed token with any one bit flipped is refused; an expired or foreign-issuer one too.
#include "shared/grip/jwt.h"
#include "tests/fuzz/fuzzsupport.h"

#include <QJsonObject>

#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace Qt::StringLiterals;
using namespace chat;
using chat::fuzz::escaped;

namespace {

constexpr qint64 kNow = 1'800'000'000;

struct Fixture
{
    jwt::Key secret = *jwt::Key::fromBytes("changeme");
    jwt::Key fastly
        = *jwt::Key::fromBytes("-----BEGIN PUBLIC KEY-----\n"
                               "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAECKo5A1ebyFcnmVV8SE5On+8G81Jy\n"
                               "BjSvcrx4VLetWCjuDAmppTo3xM/zz763COTCgHfp/6lPdCyYjjqc+GM7sw==\n"
                               "-----END PUBLIC KEY-----\n");
    QJsonObject claims { { u"iss"_s, u"pushpin"_s }, { u"exp"_s, qint64(4102444800) } };
    // The tokens the secret made: ours, and tst_jwt's from Python (its header in another order).
    QByteArray token = jwt::sign(claims, secret);
    QByteArray python = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."
                        "eyJleHAiOjQxMDI0NDQ4MDAsImlzcyI6InB1c2hwaW4ifQ."
                        "GNQVheSZ98Kg4YCU-918Zc1QMoetIRy5D7xbGpLWKzE";
};

const Fixture &fixture()
{
    static const Fixture f;
    return f;
}

// Whether OpenSSL reads `pem` as a private key whose public half belongs to it.
bool isConsistentPrivateKey(const QByteArray &pem)
{
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY *pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!pkey)
        return false;
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr);
    const bool consistent = context && EVP_PKEY_pairwise_check(context) == 1;
    EVP_PKEY_CTX_free(context);
    EVP_PKEY_free(pkey);
    return consistent;
}

void anyToken(QByteArrayView token)
{
    const Fixture &f = fixture();
    const QByteArray context = "token " + escaped(token);
    const bool genuine = token == f.token || token == f.python;
    for (const QString &issuer : { QString(), u"pushpin"_s }) {
        const auto verified = jwt::verify(token, f.secret, kNow, issuer);
        CHAT_FUZZ_CHECK(!verified || genuine, context + " accepted for the secret");
        CHAT_FUZZ_CHECK(!verified || *verified == f.claims, context + ": claims changed");
        CHAT_FUZZ_CHECK(verified || !verified.error().message.isEmpty(), context);
    }
    const auto forged = jwt::verify(token, f.fastly, kNow);
    CHAT_FUZZ_CHECK(!forged, context + " accepted for Fastly's key");
}

void anyKey(const QByteArray &bytes)
{
    const auto key = jwt::Key::fromBytes(bytes);
    const QByteArray context = "key " + escaped(bytes);
    if (!key) {
        CHAT_FUZZ_CHECK(!key.error().message.isEmpty(), context);
        return;
    }
    const bool pem = bytes.trimmed().startsWith("-----BEGIN");
    CHAT_FUZZ_CHECK(pem || (key->algorithm() == jwt::Algorithm::HS256 && key->canSign()), context);
    const QJsonObject claims { { u"iss"_s, u"me"_s }, { u"exp"_s, kNow + 60 } };
    const QByteArray token = jwt::sign(claims, *key);
    // A private key whose halves do not match (a mutated PEM) may sign nothing, or what it
    // cannot verify: only a secret or a consistent pair owes a token and the round trip.
    const bool owesToken = key->canSign() && (!pem || isConsistentPrivateKey(bytes));
    CHAT_FUZZ_CHECK(key->canSign() || token.isEmpty(), context + ": signed " + escaped(token));
    CHAT_FUZZ_CHECK(!owesToken || !token.isEmpty(), context + ": signed nothing");
    if (owesToken) {
        const auto verified = jwt::verify(token, *key, kNow, u"me"_s);
        CHAT_FUZZ_CHECK(verified && *verified == claims,
                        context + ": own token " + escaped(token) + " refused: "
                            + (verified ? QByteArray() : verified.error().message.toUtf8()));
        CHAT_FUZZ_CHECK(!jwt::verify(token, *key, kNow + 60, u"me"_s), context + ": expired kept");
    }
    // Only the very secret verifies the fixed tokens (HMAC pads a key shorter than its 64-byte
    // block with NULs, so "changeme\0" is the same key).
    QByteArray padded = bytes;
    while (padded.endsWith('\0'))
        padded.chop(1);
    const bool same = bytes.size() <= 64 && padded == "changeme";
    CHAT_FUZZ_CHECK(jwt::verify(fixture().token, *key, kNow).ok() == same, context);
    CHAT_FUZZ_CHECK(jwt::verify(fixture().python, *key, kNow).ok() == same, context);
}

void flippedBit(chat::fuzz::FuzzInput &input)
{
    const Fixture &f = fixture();
    const QByteArrayView rest = input.rest();
    const QByteArrayView issuerBytes = rest.first(std::max<qsizetype>(0, rest.size() - 2));
    const QString issuer = QString::fromUtf8(issuerBytes);
    const QJsonObject claims { { u"iss"_s, issuer }, { u"exp"_s, kNow + 1 } };
    const QByteArray token = jwt::sign(claims, f.secret);
    const QByteArray context = "issuer " + escaped(issuer) + ", token " + escaped(token);
    const auto verified = jwt::verify(token, f.secret, kNow, issuer);
    CHAT_FUZZ_CHECK(verified && *verified == claims, context + " refused");
    CHAT_FUZZ_CHECK(!jwt::verify(token, f.secret, kNow + 1, issuer), context + ": expired kept");
    CHAT_FUZZ_CHECK(!jwt::verify(token, f.secret, kNow, issuer + u'x'), context + ": issuer");

    const QByteArrayView where = rest.sliced(issuerBytes.size());
    const qsizetype position = where.size() == 2
        ? (static_cast<unsigned char>(where[0]) * 256 + static_cast<unsigned char>(where[1]))
            % token.size()
        : 0;
    for (int bit = 0; bit < 8; ++bit) {
        QByteArray mutated = token;
        mutated[position] = char(mutated[position] ^ (1 << bit));
        const auto result = jwt::verify(mutated, f.secret, kNow);
        CHAT_FUZZ_CHECK(!result, context + ": mutated to " + escaped(mutated) + " and accepted");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chat::fuzz::FuzzInput input(data, size);
    switch (input.byte() % 3) {
    case 0:
        anyToken(input.rest());
        break;
    case 1:
        anyKey(input.rest().toByteArray());
        break;
    default:
        flippedBit(input);
        break;
    }
    return 0;
}
