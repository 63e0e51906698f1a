#include "desktop-client/lib/eventstream.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>

Q_LOGGING_CATEGORY(lcClientSse, "chat.client.sse", QtInfoMsg)

namespace chat::desktop {

namespace {
constexpr qsizetype kMaxLineBytes = 1 << 20; // an untrusted server cannot grow us without end
}

EventStream::EventStream(QNetworkAccessManager *network, QUrl url, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_url(std::move(url))
    , m_random([] { return QRandomGenerator::global()->generateDouble(); })
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &EventStream::start);
    m_stallTimer.setSingleShot(true);
    m_stallTimer.setInterval(45000);
    connect(&m_stallTimer, &QTimer::timeout, this,
            [this] { disconnected(tr("no data for %1 ms").arg(m_stallTimer.interval())); });
}

EventStream::~EventStream()
{
    dropReply();
}

void EventStream::start()
{
    m_retryTimer.stop();
    dropReply();
    QNetworkRequest request(m_url);
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    if (!m_lastEventId.isEmpty())
        request.setRawHeader("Last-Event-ID", m_lastEventId);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(0); // a stream has no end; the stall timer watches it instead
    m_parser = SseParser();
    m_connectionEventId.clear();
    m_headChecked = false;
    m_headProblem.clear();
    ++m_connections;
    qCDebug(lcClientSse) << "connecting" << m_url << "Last-Event-ID" << m_lastEventId;
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, &EventStream::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &EventStream::onFinished);
    m_stallTimer.start();
    setState(State::Connecting);
}

void EventStream::stop()
{
    m_retryTimer.stop();
    m_stallTimer.stop();
    dropReply();
    setState(State::Idle);
}

qint64 EventStream::msUntilRetry() const
{
    return m_state == State::Waiting ? m_retryDeadline.remainingTime() : 0;
}

void EventStream::onReadyRead()
{
    if (!m_reply)
        return;
    m_stallTimer.start();
    if (!m_headProblem.isEmpty()) {
        m_reply->readAll();
        return;
    }
    if (!m_headChecked) {
        m_headChecked = true;
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray type = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        if (status != 200 || !type.startsWith("text/event-stream")) {
            // Not a stream (an error page, a captive portal): drop it, outside this signal.
            m_headProblem = tr("the server answered %1 instead of an event stream").arg(status);
            const auto retryAfter = Backoff::parseRetryAfter(m_reply->rawHeader("Retry-After"),
                                                             QDateTime::currentDateTimeUtc());
            if (retryAfter)
                m_backoff.setRetryAfterMs(*retryAfter);
            m_reply->readAll();
            QMetaObject::invokeMethod(
                this,
                [this, reply = m_reply] {
                    if (m_reply && m_reply == reply)
                        disconnected(m_headProblem);
                },
                Qt::QueuedConnection);
            return;
        }
        m_backoff.reset();
        m_lastError.clear();
        setState(State::Connected);
    }
    const QList<SseEvent> events = m_parser.feed(m_reply->readAll());
    if (m_parser.retryMs())
        m_backoff.setServerRetryMs(*m_parser.retryMs());
    QPointer<EventStream> alive(this);
    for (const SseEvent &event : events) {
        // An event without an "id:" line (presence, typing) is dispatched with the id of the
        // one before it on this connection, or none: only an id line of its own moves ours.
        if (!event.id.isEmpty() && event.id != m_connectionEventId) {
            m_connectionEventId = event.id;
            m_lastEventId = event.id;
        }
        emit eventReceived(event);
        if (!alive || m_state != State::Connected)
            return; // a receiver stopped or restarted us
    }
    if (m_parser.pendingLineSize() > kMaxLineBytes)
        disconnected(tr("a line longer than 1 MiB"));
}

void EventStream::onFinished()
{
    if (!m_reply || sender() != m_reply)
        return;
    if (!m_headChecked) {
        const auto retryAfter = Backoff::parseRetryAfter(m_reply->rawHeader("Retry-After"),
                                                         QDateTime::currentDateTimeUtc());
        if (retryAfter)
            m_backoff.setRetryAfterMs(*retryAfter);
    }
    QString reason = m_headProblem;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reason.isEmpty() && !m_headChecked && status != 0 && status != 200)
        reason = tr("the server answered %1 instead of an event stream").arg(status);
    if (reason.isEmpty()) {
        reason = m_reply->error() != QNetworkReply::NoError ? m_reply->errorString()
                                                            : tr("the server ended the stream");
    }
    disconnected(reason);
}

void EventStream::disconnected(const QString &reason)
{
    dropReply();
    m_stallTimer.stop();
    m_lastError = reason;
    const qint64 delay = m_backoff.nextDelayMs(m_random());
    qCInfo(lcClientSse) << "disconnected from" << m_url << ":" << reason << "- retrying in" << delay
                        << "ms";
    m_retryDeadline = QDeadlineTimer(delay);
    m_retryTimer.start(int(delay));
    setState(State::Waiting);
}

void EventStream::setState(State state)
{
    // Waiting → Waiting still tells listeners (a new countdown).
    if (m_state == state && state != State::Waiting)
        return;
    m_state = state;
    emit stateChanged(state);
}

void EventStream::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    if (!reply->isFinished())
        reply->abort();
    reply->deleteLater();
}

} // namespace chat::desktop
