#pragma once

#include "shared/model/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>
#include <memory>
#include <optional>

typedef struct evp_pkey_st EVP_PKEY;

namespace chat::jwt {

// Compact JSON Web Tokens (RFC 7519) with the three algorithms GRIP uses, over OpenSSL's EVP:
// HS256 (a shared secret: Pushpin), ES256 (an EC P-256 key: Fastly Fanout) and RS256 (RSA).
// The algorithm always comes from the key, never from the token.
enum class Algorithm { HS256, ES256, RS256 };

QByteArray algorithmName(Algorithm algorithm); // "HS256"...

// A key for signing or verifying. PEM text ("-----BEGIN ...") is a public or private EC P-256 or
// RSA key; any other bytes are an HMAC secret.
class Key
{
public:
    static Result<Key> fromBytes(const QByteArray &bytes);

    Algorithm algorithm() const { return m_algorithm; }
    bool canSign() const; // a secret, or a private key

private:
    Algorithm m_algorithm = Algorithm::HS256;
    QByteArray m_secret;
    std::shared_ptr<EVP_PKEY> m_pkey;
    bool m_private = false;

    friend QByteArray sign(const QJsonObject &, const Key &);
    friend struct Verifier;
};

// header.payload.signature for these claims, with the key's algorithm. Empty if the key cannot
// sign.
QByteArray sign(const QJsonObject &claims, const Key &key);

// Checks a token: well-formed, the header's "alg" equal to the key's algorithm, the signature,
// a numeric "exp" later than nowSecs, and "iss" equal to expectedIssuer when that is not empty.
// The claims, or why not (for logs).
Result<QJsonObject> verify(QByteArrayView token, const Key &key, qint64 nowSecs,
                           const QString &expectedIssuer = {});

} // namespace chat::jwt
