#include "server/admincli/adminclient.h"

#include <QBuffer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace chat::admin {

QString AdminClient::Reply::errorMessage() const
{
    const QJsonValue error = QJsonDocument::fromJson(body).object().value(u"error"_s);
    return error.isString() ? error.toString() : QString::fromUtf8(body).trimmed();
}

AdminClient::AdminClient(QUrl server, QByteArray token, int timeoutMs)
    : m_server(std::move(server))
    , m_token(std::move(token))
    , m_timeoutMs(timeoutMs)
{ }

Result<AdminClient::Reply> AdminClient::send(const QByteArray &method, const QByteArray &path,
                                             const QByteArray &json)
{
    QUrl url = m_server;
    url.setPath(QString::fromLatin1(path), QUrl::TolerantMode);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setTransferTimeout(m_timeoutMs);
    if (!json.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    QBuffer body;
    body.setData(json);
    body.open(QIODevice::ReadOnly);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, &body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return Error { u"cannot reach %1: %2"_s.arg(m_server.toString(), reply->errorString()) };
    return Reply { status.toInt(), reply->readAll() };
}

} // namespace chat::admin
