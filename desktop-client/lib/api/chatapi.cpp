#include "desktop-client/lib/api/chatapi.h"

#include <QNetworkAccessManager>
#include <QUrlQuery>

namespace chat::desktop {

ChatApi::ChatApi(QUrl baseUrl, QObject *parent)
    : QObject(parent)
    , m_baseUrl(std::move(baseUrl))
    , m_network(new QNetworkAccessManager(this))
{
    // No cookies, no cache: every answer comes from the server.
    m_network->setCookieJar(nullptr);
}

QUrl ChatApi::endpoint(const QByteArray &encodedPath) const
{
    QByteArray base = m_baseUrl.toEncoded(QUrl::RemoveQuery | QUrl::RemoveFragment);
    while (base.endsWith('/'))
        base.chop(1);
    return QUrl::fromEncoded(base + encodedPath, QUrl::StrictMode);
}

QUrl ChatApi::healthUrl() const
{
    return endpoint("/healthz");
}

QUrl ChatApi::messagesUrl(const QString &room, qint64 before, int limit) const
{
    QUrl url = endpoint("/rooms/" + QUrl::toPercentEncoding(room) + "/messages/");
    QUrlQuery query;
    if (before > 0)
        query.addQueryItem(QStringLiteral("before"), QString::number(before));
    if (limit > 0)
        query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

QUrl ChatApi::eventsUrl(const QString &room) const
{
    return endpoint("/rooms/" + QUrl::toPercentEncoding(room) + "/events/");
}

QUrl ChatApi::presenceUrl(const QString &room) const
{
    return endpoint("/rooms/" + QUrl::toPercentEncoding(room) + "/presence/");
}

QUrl ChatApi::typingUrl(const QString &room) const
{
    return endpoint("/rooms/" + QUrl::toPercentEncoding(room) + "/typing/");
}

QUrl ChatApi::roomsUrl(int limit, const QString &before) const
{
    QUrl url = endpoint("/rooms/");
    QByteArrayList query;
    if (limit > 0)
        query.append("limit=" + QByteArray::number(limit));
    if (!before.isEmpty())
        query.append("before=" + QUrl::toPercentEncoding(before));
    if (!query.isEmpty())
        url.setQuery(QString::fromLatin1(query.join('&')), QUrl::StrictMode);
    return url;
}

QNetworkRequest ChatApi::formRequest(const QUrl &url, int timeoutMs)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(timeoutMs);
    return request;
}

QByteArray ChatApi::formBody(std::initializer_list<std::pair<QByteArray, QString>> fields)
{
    QByteArray body;
    for (const auto &[name, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body += name + '=' + QUrl::toPercentEncoding(value);
    }
    return body;
}

Result<QUrl> ChatApi::normalizeServerUrl(const QString &text)
{
    QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return Error { tr("Enter the server's address.") };
    if (!trimmed.contains(QStringLiteral("://")))
        trimmed.prepend(QStringLiteral("http://"));
    QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QStringLiteral("http") && url.scheme() != QStringLiteral("https")))
        return Error { tr("“%1” is not an http:// or https:// address.").arg(text.trimmed()) };
    return url;
}

} // namespace chat::desktop
