#include "shared/grip/jwt.h"

#include <QJsonDocument>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace Qt::StringLiterals;

namespace chat::jwt {

namespace {

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
constexpr int kEs256Half = 32; // bytes of r and of s in a JOSE ES256 signature

// Only the one spelling RFC 7515 allows: no padding, no stray bits in the last character (Qt
// accepts both; found by fuzzing, one signature then verified under several spellings).
std::optional<QByteArray> decodeBase64Url(QByteArrayView text)
{
    const auto result = QByteArray::fromBase64Encoding(
        text.toByteArray(),
        QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!result || result.decoded.toBase64(kBase64Url) != text)
        return std::nullopt;
    return *result;
}

std::shared_ptr<EVP_PKEY> wrap(EVP_PKEY *pkey)
{
    return std::shared_ptr<EVP_PKEY>(pkey, EVP_PKEY_free);
}

QByteArray hmacSha256(const QByteArray &secret, QByteArrayView data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t length = 0;
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.constData(),
                   size_t(secret.size()), reinterpret_cast<const unsigned char *>(data.data()),
                   size_t(data.size()), out, sizeof out, &length))
        return {};
    return QByteArray(reinterpret_cast<const char *>(out), qsizetype(length));
}

// JOSE ES256 signatures are r || s (32 bytes each); OpenSSL speaks DER.
QByteArray rawToDer(QByteArrayView raw)
{
    if (raw.size() != 2 * kEs256Half)
        return {};
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(reinterpret_cast<const unsigned char *>(raw.data()), kEs256Half, nullptr);
    BIGNUM *s = BN_bin2bn(reinterpret_cast<const unsigned char *>(raw.data()) + kEs256Half,
                          kEs256Half, nullptr);
    ECDSA_SIG_set0(sig, r, s);
    unsigned char *der = nullptr;
    const int length = i2d_ECDSA_SIG(sig, &der);
    QByteArray result
        = length > 0 ? QByteArray(reinterpret_cast<const char *>(der), length) : QByteArray();
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
    return result;
}

QByteArray derToRaw(const QByteArray &der)
{
    const auto *cursor = reinterpret_cast<const unsigned char *>(der.constData());
    ECDSA_SIG *sig = d2i_ECDSA_SIG(nullptr, &cursor, long(der.size()));
    if (!sig)
        return {};
    QByteArray raw(2 * kEs256Half, '\0');
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    const bool ok = BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, kEs256Half) == kEs256Half
        && BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + kEs256Half, kEs256Half) == kEs256Half;
    ECDSA_SIG_free(sig);
    return ok ? raw : QByteArray();
}

} // namespace

QByteArray algorithmName(Algorithm algorithm)
{
    switch (algorithm) {
    case Algorithm::HS256:
        return "HS256";
    case Algorithm::ES256:
        return "ES256";
    case Algorithm::RS256:
        return "RS256";
    }
    return {};
}

Result<Key> Key::fromBytes(const QByteArray &bytes)
{
    Key key;
    if (!bytes.trimmed().startsWith("-----BEGIN")) {
        if (bytes.isEmpty()) {
            return Error { u"the key is empty"_s };
        }
        key.m_secret = bytes;
        return key;
    }
    BIO *bio = BIO_new_mem_buf(bytes.constData(), int(bytes.size()));
    EVP_PKEY *pkey = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    if (!pkey) {
        BIO_reset(bio);
        pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
        key.m_private = pkey != nullptr;
    }
    BIO_free(bio);
    if (!pkey) {
        return Error { u"the PEM key cannot be read"_s };
    }
    key.m_pkey = wrap(pkey);
    if (EVP_PKEY_is_a(pkey, "RSA")) {
        key.m_algorithm = Algorithm::RS256;
    } else if (EVP_PKEY_is_a(pkey, "EC")) {
        char group[64] = {};
        size_t length = 0;
        if (!EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                            &length)
            || qstrcmp(group, "prime256v1") != 0) {
            return Error { u"only P-256 EC keys are supported (ES256)"_s };
        }
        key.m_algorithm = Algorithm::ES256;
    } else {
        return Error { u"the PEM key is neither RSA nor EC"_s };
    }
    return key;
}

bool Key::canSign() const
{
    return m_algorithm == Algorithm::HS256 || m_private;
}

QByteArray sign(const QJsonObject &claims, const Key &key)
{
    if (!key.canSign())
        return {};
    const QByteArray header
        = QJsonDocument(
              QJsonObject { { u"alg"_s, QString::fromLatin1(algorithmName(key.m_algorithm)) },
                            { u"typ"_s, u"JWT"_s } })
              .toJson(QJsonDocument::Compact);
    const QByteArray input = header.toBase64(kBase64Url) + '.'
        + QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(kBase64Url);
    QByteArray signature;
    if (key.m_algorithm == Algorithm::HS256) {
        signature = hmacSha256(key.m_secret, input);
    } else {
        EVP_MD_CTX *context = EVP_MD_CTX_new();
        size_t length = 0;
        if (EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, key.m_pkey.get()) == 1
            && EVP_DigestSign(context, nullptr, &length,
                              reinterpret_cast<const unsigned char *>(input.constData()),
                              size_t(input.size()))
                == 1) {
            signature.resize(qsizetype(length));
            if (EVP_DigestSign(context, reinterpret_cast<unsigned char *>(signature.data()),
                               &length, reinterpret_cast<const unsigned char *>(input.constData()),
                               size_t(input.size()))
                == 1)
                signature.resize(qsizetype(length));
            else
                signature.clear();
        }
        EVP_MD_CTX_free(context);
        if (key.m_algorithm == Algorithm::ES256)
            signature = derToRaw(signature);
    }
    if (signature.isEmpty())
        return {};
    return input + '.' + signature.toBase64(kBase64Url);
}

struct Verifier
{
    static bool signatureMatches(const Key &key, QByteArrayView input, const QByteArray &signature)
    {
        if (key.m_algorithm == Algorithm::HS256) {
            const QByteArray expected = hmacSha256(key.m_secret, input);
            return !expected.isEmpty() && expected.size() == signature.size()
                && CRYPTO_memcmp(expected.constData(), signature.constData(),
                                 size_t(expected.size()))
                == 0;
        }
        const QByteArray der
            = key.m_algorithm == Algorithm::ES256 ? rawToDer(signature) : signature;
        if (der.isEmpty())
            return false;
        EVP_MD_CTX *context = EVP_MD_CTX_new();
        const bool ok
            = EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, key.m_pkey.get()) == 1
            && EVP_DigestVerify(context, reinterpret_cast<const unsigned char *>(der.constData()),
                                size_t(der.size()),
                                reinterpret_cast<const unsigned char *>(input.data()),
                                size_t(input.size()))
                == 1;
        EVP_MD_CTX_free(context);
        return ok;
    }
};

Result<QJsonObject> verify(QByteArrayView token, const Key &key, qint64 nowSecs,
                           const QString &expectedIssuer)
{
    auto fail = [](const QString &problem) {
        return Error { problem };
    };
    if (token.size() > 8192)
        return fail(u"token too long"_s);
    const qsizetype firstDot = token.indexOf('.');
    const qsizetype secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (firstDot <= 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0)
        return fail(u"not a compact JWT"_s);
    const auto header = decodeBase64Url(token.first(firstDot));
    const auto payload = decodeBase64Url(token.sliced(firstDot + 1, secondDot - firstDot - 1));
    const auto signature = decodeBase64Url(token.sliced(secondDot + 1));
    if (!header || !payload || !signature)
        return fail(u"bad base64url"_s);

    const QJsonDocument headerJson = QJsonDocument::fromJson(*header);
    if (!headerJson.isObject())
        return fail(u"header is not a JSON object"_s);
    const QString alg = headerJson.object().value(u"alg"_s).toString();
    if (alg != QString::fromLatin1(algorithmName(key.algorithm())))
        return fail(u"algorithm '%1' does not match the key (%2)"_s.arg(
            alg, QString::fromLatin1(algorithmName(key.algorithm()))));
    if (!Verifier::signatureMatches(key, token.first(secondDot), *signature))
        return fail(u"bad signature"_s);

    const QJsonDocument claimsJson = QJsonDocument::fromJson(*payload);
    if (!claimsJson.isObject())
        return fail(u"claims are not a JSON object"_s);
    const QJsonObject claims = claimsJson.object();
    const QJsonValue exp = claims.value(u"exp"_s);
    if (!exp.isDouble())
        return fail(u"no numeric exp"_s);
    if (exp.toDouble() <= double(nowSecs))
        return fail(u"expired"_s);
    if (!expectedIssuer.isEmpty() && claims.value(u"iss"_s).toString() != expectedIssuer)
        return fail(
            u"issuer '%1' is not '%2'"_s.arg(claims.value(u"iss"_s).toString(), expectedIssuer));
    return claims;
}

} // namespace chat::jwt
