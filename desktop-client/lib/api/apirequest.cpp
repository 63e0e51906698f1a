#include "desktop-client/apirequest.h"

#include "desktop-client/chatapi.h"
#include "desktop-client/logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

namespace chat::desktop {

ApiRequest::ApiRequest(ChatApi *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{ }

void ApiRequest::start()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    m_error.clear();
    m_httpStatus = 0;
    m_reply = send();
    connect(m_reply, &QNetworkReply::finished, this, &ApiRequest::onFinished);
    setState(State::Running);
}

QString ApiRequest::describeFailure(int status, const QByteArray &body) const
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QString error = object.value(QStringLiteral("error")).toString();
    if (!error.isEmpty())
        return error;
    return tr("the server answered HTTP %1 %2").arg(status).arg(m_reasonPhrase).trimmed();
}

void ApiRequest::onFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    m_httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_reasonPhrase = QString::fromLatin1(
        reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray());
    const QByteArray body = reply->readAll();
    if (m_httpStatus == 0) {
        m_error = describeNetworkError(reply->errorString());
    } else if (m_httpStatus < 200 || m_httpStatus > 299) {
        m_error = describeFailure(m_httpStatus, body);
    } else if (!parse(body, &m_error)) {
        if (m_error.isEmpty())
            m_error = tr("unexpected answer from the server");
    } else {
        setState(State::Succeeded);
        emit finished();
        return;
    }
    qCInfo(lcClientApi) << reply->request().url() << "failed:" << m_error;
    setState(State::Failed);
    emit finished();
}

void ApiRequest::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace chat::desktop
