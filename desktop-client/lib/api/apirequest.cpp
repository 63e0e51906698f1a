#include "desktop-client/lib/api/apirequest.h"

#include "desktop-client/lib/api/chatapi.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QRandomGenerator>

Q_LOGGING_CATEGORY(lcClientApi, "chat.client.api", QtInfoMsg)

namespace chat::desktop {

ApiRequest::ApiRequest(ChatApi *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_random([] { return QRandomGenerator::global()->generateDouble(); })
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ApiRequest::start);
}

ApiRequest::~ApiRequest()
{
    stop();
}

void ApiRequest::setRetryPolicy(RetryPolicy policy)
{
    m_policy = policy;
    m_backoff = Backoff(policy.initialDelayMs, policy.maxDelayMs);
}

qint64 ApiRequest::msUntilRetry() const
{
    return m_state == State::Waiting ? m_retryDeadline.remainingTime() : 0;
}

void ApiRequest::start()
{
    m_retryTimer.stop();
    if (m_state == State::Failed || m_state == State::Succeeded) {
        m_attempts = 0; // started again by hand: a fresh schedule
        m_backoff.reset();
    }
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    m_httpStatus = 0;
    m_replyHeaders.clear();
    ++m_attempts;
    m_reply = send();
    connect(m_reply, &QNetworkReply::finished, this, &ApiRequest::onFinished);
    setState(State::Running);
}

void ApiRequest::stop()
{
    m_retryTimer.stop();
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

QByteArray ApiRequest::replyHeader(QByteArrayView name) const
{
    for (const auto &[header, value] : m_replyHeaders) {
        if (QByteArrayView(header).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
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
    m_replyHeaders = reply->rawHeaderPairs();
    const QByteArray body = reply->readAll();
    const bool refusal = m_httpStatus == 429 || m_httpStatus == 503;
    const bool transient = m_policy.retry == Retry::TransientFailures;
    if (m_httpStatus == 0) {
        m_error = describeNetworkError(reply->errorString());
        fail(transient, reply);
    } else if (m_httpStatus < 200 || m_httpStatus > 299) {
        m_error = describeFailure(m_httpStatus, body);
        fail(refusal || (transient && m_httpStatus >= 500), reply);
    } else if (const auto parsed = parse(body); !parsed) {
        m_error = parsed.error().message.isEmpty() ? tr("unexpected answer from the server")
                                                   : parsed.error().message;
        fail(false, reply);
    } else {
        m_error.clear();
        setState(State::Succeeded);
        emit finished();
    }
}

void ApiRequest::fail(bool retriable, QNetworkReply *reply)
{
    qCInfo(lcClientApi) << reply->request().url() << "failed:" << m_error;
    const bool again
        = retriable && (m_policy.maxAttempts == 0 || m_attempts < m_policy.maxAttempts);
    if (!again) {
        setState(State::Failed);
        emit finished();
        return;
    }
    if (const auto retryAfter = Backoff::parseRetryAfter(reply->rawHeader("Retry-After"),
                                                         QDateTime::currentDateTimeUtc()))
        m_backoff.setRetryAfterMs(*retryAfter);
    const qint64 delay = m_backoff.nextDelayMs(m_random());
    m_retryDeadline = QDeadlineTimer(delay);
    m_retryTimer.start(int(delay));
    setState(State::Waiting);
    emit attemptFailed();
}

void ApiRequest::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace chat::desktop
