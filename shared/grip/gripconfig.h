#pragma once

#include "shared/grip/jwt.h"

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <optional>

namespace chat::grip {

// Where and how to publish, and how to recognise the proxy, from GRIP_URL (as js-grip and
// pygripcontrol read it) and GRIP_VERIFY_KEY:
//   http://127.0.0.1:5561/?verify-iss=pushpin&verify-key=<secret>           (Pushpin)
//   https://api.fastly.com/service/<id>?verify-iss=fastly:<id>&key=<token>  (Fastly Fanout)
// Query parameters iss, key, verify-iss and verify-key are taken out of the URL; key and
// verify-key may be "base64:<...>"; user:pass@ means Basic authentication.
struct GripConfig
{
    QUrl controlUrl; // without the consumed parameters and the trailing slash
    QString issuer; // iss: publish with a Bearer JWT signed with `key`
    QByteArray key; // key: the JWT secret, or (without iss) a Bearer token
    QString verifyIssuer; // verify-iss: required "iss" of Grip-Sig
    QByteArray verifyKey; // verify-key, else GRIP_VERIFY_KEY, else Fastly's key for
                          // api.fastly.com, else key
    std::optional<jwt::Key> verifier; // verifyKey parsed; nothing when there is no key

    // controlUrl + "/publish/"
    QUrl publishUrl() const;
    // The Authorization header value for a publish request (empty: none).
    QByteArray authorization(qint64 nowSecs) const;

    // Fails naming the problem for a malformed value.
    static Result<GripConfig> parse(const QString &gripUrl, const QString &gripVerifyKey);
};

} // namespace chat::grip
