// Fuzzes chat::grip::GripConfig::parse (shared/grip/gripconfig.h), which reads GRIP_URL and
// GRIP_VERIFY_KEY at start.
// Input: GRIP_URL up to the first '\n', then GRIP_VERIFY_KEY (both UTF-8).
// Checks: no crash; a refusal names GRIP_URL or GRIP_VERIFY_KEY; an accepted config publishes
// to an http or https URL with a host whose path is the given one (one trailing '/' dropped)
// plus "/publish/", keeps the other query items as given and none of the consumed ones, has a
// verifier exactly when it has a verify key, and an Authorization that matches its parameters:
// a JWT with `iss` (which the key verifies), the key as Bearer token, or Basic credentials.
#include "shared/grip/gripconfig.h"
#include "tests/fuzz/fuzzsupport.h"

#include <QUrlQuery>

using namespace Qt::StringLiterals;
using chat::fuzz::escaped;
using chat::grip::GripConfig;

namespace {

constexpr qint64 kNow = 1'800'000'000;

const QStringList kConsumed { u"iss"_s, u"key"_s, u"verify-iss"_s, u"verify-key"_s };

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chat::fuzz::FuzzInput input(data, size);
    const QString gripUrl = QString::fromUtf8(input.line());
    const QString verifyKey = QString::fromUtf8(input.rest());

    const auto config = GripConfig::parse(gripUrl, verifyKey);
    QByteArray context = "GRIP_URL " + escaped(gripUrl) + ", GRIP_VERIFY_KEY " + escaped(verifyKey);
    if (!config) {
        const QString &message = config.error().message;
        CHAT_FUZZ_CHECK(message.startsWith(u"GRIP_URL: "_s)
                            || message.contains(u"GRIP_VERIFY_KEY"_s),
                        context + ": " + message.toUtf8());
        return 0;
    }
    const GripConfig &c = *config;
    const QUrl publish = c.publishUrl();
    context += ": publish URL " + publish.toEncoded();
    CHAT_FUZZ_CHECK(publish.isValid() && !publish.host().isEmpty(), context);
    CHAT_FUZZ_CHECK(publish.scheme() == u"http"_s || publish.scheme() == u"https"_s, context);
    CHAT_FUZZ_CHECK(publish.path().endsWith(u"/publish/"_s), context);

    // The URL as given, to compare with: the same path, decoded, since parse may write an escape
    // such as "%40" as the character it stands for (the same resource to any server). An escaped
    // '/' is no such escape: it must stay inside its segment.
    const QUrl given(gripUrl.trimmed(), QUrl::StrictMode);
    // (A trailing '/' is dropped only when it is one, not an escaped "%2F": decode after.)
    QString encodedPath = given.path(QUrl::FullyEncoded);
    if (encodedPath.endsWith(u'/'))
        encodedPath.chop(1);
    const QString path = QUrl::fromPercentEncoding(encodedPath.toUtf8());
    CHAT_FUZZ_CHECK(publish.path(QUrl::FullyDecoded) == path + u"/publish/"_s,
                    context + ", given path " + given.path(QUrl::FullyEncoded).toUtf8());
    QString givenEncoded = given.path(QUrl::FullyEncoded);
    if (givenEncoded.endsWith(u'/'))
        givenEncoded.chop(1);
    CHAT_FUZZ_CHECK(publish.path(QUrl::FullyEncoded).count(u'/') == givenEncoded.count(u'/') + 2,
                    context + ": an escaped '/' became a path separator");
    // The other query items, in order (an empty one, as "&&" makes, means nothing).
    const auto itemsOf = [](const QUrl &url) {
        QList<std::pair<QString, QString>> items;
        for (const auto &item : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
            if (!kConsumed.contains(item.first) && !(item.first.isEmpty() && item.second.isEmpty()))
                items.append(item);
        }
        return items;
    };
    const auto kept = itemsOf(given);
    const auto items = itemsOf(c.controlUrl);
    CHAT_FUZZ_CHECK(items == kept, context + ": other query items changed");
    for (const auto &[name, value] : QUrlQuery(c.controlUrl).queryItems(QUrl::FullyDecoded))
        CHAT_FUZZ_CHECK(!kConsumed.contains(name), context + ": kept " + name.toUtf8());

    CHAT_FUZZ_CHECK(c.verifier.has_value() == !c.verifyKey.isEmpty(), context);
    const QByteArray authorization = c.authorization(kNow);
    context += ", Authorization " + escaped(authorization);
    if (!c.issuer.isEmpty()) {
        const auto key = chat::jwt::Key::fromBytes(c.key);
        const bool canSign = key && key->canSign();
        CHAT_FUZZ_CHECK(canSign && authorization.startsWith("Bearer "), context);
        const auto claims = chat::jwt::verify(authorization.sliced(7), *key, kNow, c.issuer);
        CHAT_FUZZ_CHECK(claims, context + ": " + claims.error().message.toUtf8());
    } else if (!c.key.isEmpty()) {
        CHAT_FUZZ_CHECK(authorization == "Bearer " + c.key, context);
    } else if (!c.controlUrl.userName().isEmpty()) {
        CHAT_FUZZ_CHECK(authorization.startsWith("Basic "), context);
    } else {
        CHAT_FUZZ_CHECK(authorization.isEmpty(), context);
    }
    return 0;
}
