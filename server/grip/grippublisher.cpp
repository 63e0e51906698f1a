#include "server/grip/grippublisher.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QRandomGenerator>

Q_LOGGING_CATEGORY(lcPublish, "chat.grip.publish")

namespace chat::server {

GripPublisher::GripPublisher(grip::GripConfig config, Options options, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_options(options)
    , m_backoff(options.firstRetryMs, options.maxRetryMs)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &GripPublisher::sendNext);
}

GripPublisher::Stats GripPublisher::stats() const
{
    Stats stats = m_stats;
    stats.queued = qint64(m_queue.size());
    return stats;
}

void GripPublisher::publish(grip::PublishItem item)
{
    if (qsizetype(m_queue.size()) >= m_options.maxQueued) {
        ++m_stats.undeliverable;
        qCWarning(lcPublish) << "publish queue full: dropping item" << item.id.value_or(-1) << "of"
                             << item.channel << "(subscribers recover it from the store)";
        return;
    }
    m_queue.push_back(std::move(item));
    if (!m_inFlight && !m_retryTimer.isActive())
        sendNext();
}

void GripPublisher::sendNext()
{
    if (m_inFlight || m_queue.empty())
        return;
    const int count = std::min<int>(m_options.maxBatch, int(m_queue.size()));
    const QList<grip::PublishItem> batch(m_queue.begin(), m_queue.begin() + count);

    QNetworkRequest request(m_config.publishUrl());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(m_options.timeoutMs);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now >= m_authorizationExpiresAt) { // a JWT is signed at most every ten minutes
        m_authorization = m_config.authorization(now);
        m_authorizationExpiresAt = now + 600;
    }
    if (!m_authorization.isEmpty())
        request.setRawHeader("Authorization", m_authorization);
    m_inFlight = true;
    QNetworkReply *reply = m_network.post(request, grip::publishBody(batch));
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, count] { onFinished(reply, count); });
}

void GripPublisher::onFinished(QNetworkReply *reply, int count)
{
    reply->deleteLater();
    m_inFlight = false;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const auto dropBatch = [this, count] {
        m_queue.erase(m_queue.begin(),
                      m_queue.begin() + std::min<qsizetype>(count, m_queue.size()));
    };
    if (status >= 200 && status < 300) {
        dropBatch();
        m_stats.published += count;
        m_backoff.reset();
        emit published(count);
        sendNext();
        return;
    }
    if (status >= 400 && status < 500) {
        // The proxy refuses these items as they are: retrying cannot help.
        qCCritical(lcPublish).noquote()
            << "publish refused with" << status << reply->readAll().trimmed() << "- dropping"
            << count << "items";
        dropBatch();
        m_stats.undeliverable += count;
        sendNext();
        return;
    }
    ++m_stats.failedAttempts;
    qCWarning(lcPublish).noquote()
        << "publish to" << m_config.publishUrl().toString(QUrl::RemoveUserInfo)
        << "failed:" << (status ? QString::number(status) : reply->errorString()) << "-"
        << m_queue.size() << "items queued, retrying";
    retryLater();
}

void GripPublisher::retryLater()
{
    // Jitter keeps several origins from retrying against a recovering proxy in lockstep.
    m_retryTimer.start(int(m_backoff.nextDelayMs(QRandomGenerator::global()->generateDouble())));
}

} // namespace chat::server
