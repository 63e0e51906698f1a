#include "desktop-client/lib/api/healthcheck.h"

#include "desktop-client/lib/api/chatapi.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace chat::desktop {

HealthCheck::HealthCheck(ChatApi *api, QObject *parent)
    : ApiRequest(api, parent)
{ }

QNetworkReply *HealthCheck::send()
{
    QNetworkRequest request(api()->healthUrl());
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(10000);
    return api()->network()->get(request);
}

Result<void> HealthCheck::parse(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    if (!object.value(QStringLiteral("status")).isString())
        return Error {
            tr("%1 answers, but it is not a chat server").arg(api()->baseUrl().toDisplayString())
        };
    m_status = object.value(QStringLiteral("status")).toString();
    return {};
}

QString HealthCheck::describeFailure(int status, const QByteArray &body) const
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    if (status == 503 && object.value(QStringLiteral("status")).isString())
        return tr("the chat server at %1 is unwell (its database does not answer)")
            .arg(api()->baseUrl().toDisplayString());
    return tr("%1 is not a chat server (HTTP %2 for /healthz)")
        .arg(api()->baseUrl().toDisplayString())
        .arg(status);
}

QString HealthCheck::describeNetworkError(const QString &networkError) const
{
    return tr("cannot reach %1 (%2)").arg(api()->baseUrl().toDisplayString(), networkError);
}

} // namespace chat::desktop
