#include "shared/grip/gripconfig.h"

#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace chat::grip {

namespace {

// Fastly Fanout signs Grip-Sig with this published P-256 key (the value the original demo's
// README puts in GRIP_VERIFY_KEY); it is the default for an api.fastly.com GRIP_URL.
constexpr char kFastlyFanoutPublicKey[]
    = "-----BEGIN PUBLIC KEY-----\n"
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAECKo5A1ebyFcnmVV8SE5On+8G81Jy\n"
      "BjSvcrx4VLetWCjuDAmppTo3xM/zz763COTCgHfp/6lPdCyYjjqc+GM7sw==\n"
      "-----END PUBLIC KEY-----\n";

// "base64:<data>" is decoded; anything else is taken as it is.
Result<QByteArray> keyValue(const QString &value, const QString &name)
{
    if (!value.startsWith(u"base64:"))
        return value.toUtf8();
    const auto decoded = QByteArray::fromBase64Encoding(value.sliced(7).toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || value.sliced(7).isEmpty())
        return Error { u"%1 is not valid base64"_s.arg(name) };
    return *decoded;
}

} // namespace

QUrl GripConfig::publishUrl() const
{
    // Encoded in, encoded out: an escaped '/' in the path stays one (found by fuzzing).
    QUrl url = controlUrl;
    url.setPath(url.path(QUrl::FullyEncoded) + u"/publish/"_s, QUrl::StrictMode);
    return url;
}

QByteArray GripConfig::authorization(qint64 nowSecs) const
{
    if (!issuer.isEmpty() && !key.isEmpty()) {
        const auto signingKey = jwt::Key::fromBytes(key);
        if (!signingKey)
            return {};
        return "Bearer "
            + jwt::sign(QJsonObject { { u"iss"_s, issuer }, { u"exp"_s, nowSecs + 3600 } },
                        *signingKey);
    }
    if (!key.isEmpty())
        return "Bearer " + key;
    if (!controlUrl.userName().isEmpty())
        return "Basic "
            + (controlUrl.userName(QUrl::FullyDecoded) + u':'
               + controlUrl.password(QUrl::FullyDecoded))
                  .toUtf8()
                  .toBase64();
    return {};
}

Result<GripConfig> GripConfig::parse(const QString &gripUrl, const QString &gripVerifyKey)
{
    auto fail = [](const QString &problem) {
        return Error { u"GRIP_URL: %1"_s.arg(problem) };
    };
    // Raw base64 in the query may hold '+', which form decoding would turn into a space.
    QString text = gripUrl.trimmed();
    text.replace(u'+', u"%2B"_s);
    // Qt 6.4's QUrl writes such a code point (U+3FFFF, say) as half a surrogate pair: the URL
    // published to would not be the one given (found by fuzzing). No real URL holds one.
    for (const char32_t c : text.toUcs4()) {
        if (QChar::isNonCharacter(c))
            return fail(u"holds the Unicode noncharacter U+%1"_s.arg(
                QString::number(uint(c), 16).toUpper().rightJustified(4, u'0')));
    }
    if (!text.contains(u"://"))
        return fail(u"the scheme must be http or https (e.g. http://127.0.0.1:5561/)"_s);
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return fail(u"not a valid URL (%1)"_s.arg(url.errorString()));
    if (url.scheme() != u"http" && url.scheme() != u"https")
        return fail(u"the scheme must be http or https, not '%1'"_s.arg(url.scheme()));
    if (url.host().isEmpty())
        return fail(u"the URL has no host"_s);

    GripConfig config;
    QUrlQuery query(url);
    QUrlQuery rest;
    // Our parameters are read decoded; the others are passed on as they were written, since
    // addQueryItem() reads '%' escapes again (found by fuzzing: %2541 became A).
    const auto decodedItems = query.queryItems(QUrl::FullyDecoded);
    const auto writtenItems = query.queryItems(QUrl::PrettyDecoded);
    for (qsizetype i = 0; i < decodedItems.size(); ++i) {
        const auto &[name, value] = decodedItems.at(i);
        if (name == u"iss") {
            config.issuer = value;
        } else if (name == u"key") {
            const auto key = keyValue(value, u"key"_s);
            if (!key)
                return fail(key.error().message);
            config.key = *key;
        } else if (name == u"verify-iss") {
            config.verifyIssuer = value;
        } else if (name == u"verify-key") {
            const auto key = keyValue(value, u"verify-key"_s);
            if (!key)
                return fail(key.error().message);
            config.verifyKey = *key;
        } else {
            rest.addQueryItem(writtenItems.at(i).first, writtenItems.at(i).second);
        }
    }
    config.controlUrl = url;
    config.controlUrl.setQuery(rest.isEmpty() ? QString() : rest.toString(QUrl::FullyEncoded));
    QString path = config.controlUrl.path(QUrl::FullyEncoded);
    if (path.endsWith(u'/'))
        path.chop(1);
    config.controlUrl.setPath(path, QUrl::StrictMode);
    if (!config.issuer.isEmpty() && config.key.isEmpty())
        return fail(u"iss needs a key to sign the publish token with"_s);
    if (!config.issuer.isEmpty()) {
        // Else every publish would go out without credentials (found by fuzzing).
        const auto signing = jwt::Key::fromBytes(config.key);
        if (!signing || !signing->canSign())
            return fail(u"iss needs a key that can sign: an HMAC secret or a private key"_s);
    }

    if (config.verifyKey.isEmpty() && !gripVerifyKey.trimmed().isEmpty()) {
        const auto key = keyValue(gripVerifyKey.trimmed(), u"GRIP_VERIFY_KEY"_s);
        if (!key)
            return key.error();
        config.verifyKey = *key;
    }
    if (config.verifyKey.isEmpty() && config.controlUrl.host() == u"api.fastly.com")
        config.verifyKey = kFastlyFanoutPublicKey; // the API token is no verify key
    if (config.verifyKey.isEmpty())
        config.verifyKey = config.key;
    if (!config.verifyKey.isEmpty()) {
        auto verifier = jwt::Key::fromBytes(config.verifyKey);
        if (!verifier)
            return fail(u"the verify key: %1"_s.arg(verifier.error().message));
        config.verifier = std::move(verifier).value();
    }
    return config;
}

} // namespace chat::grip
