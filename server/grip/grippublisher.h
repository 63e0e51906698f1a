#pragma once

#include "shared/grip/gripconfig.h"
#include "shared/grip/gripprotocol.h"
#include "shared/retry/backoff.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <deque>

class QNetworkReply;

namespace chat::server {

// Publishes messages to the GRIP proxy's EPCP endpoint (POST <GRIP_URL>/publish/) without ever
// holding up a POST: items are queued, sent in order in batches with one request in flight
// (so each room's items arrive in order), and retried with exponential backoff while the proxy
// is unreachable or answers 5xx. A full queue or a 4xx answer loses items, which are counted
// and logged; subscribers still recover them from the database through prev-id gaps, next
// links or reconnecting.
class GripPublisher : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int maxQueued = 10'000;
        int maxBatch = 50;
        int firstRetryMs = 250;
        int maxRetryMs = 10'000;
        int timeoutMs = 10'000;
    };

    struct Stats
    {
        qint64 published = 0; // items the proxy accepted
        qint64 failedAttempts = 0; // requests that failed and were retried
        qint64 undeliverable = 0; // items dropped: queue full or refused with 4xx
        qint64 queued = 0; // items waiting now
    };

    GripPublisher(grip::GripConfig config, Options options, QObject *parent = nullptr);

    void publish(grip::PublishItem item);
    Stats stats() const;

signals:
    void published(int items); // after each accepted request, for tests and metrics

private:
    void sendNext();
    void onFinished(QNetworkReply *reply, int count);
    void retryLater();

    grip::GripConfig m_config;
    Options m_options;
    QNetworkAccessManager m_network;
    std::deque<grip::PublishItem> m_queue;
    bool m_inFlight = false;
    Backoff m_backoff;
    QTimer m_retryTimer;
    Stats m_stats;
    QByteArray m_authorization;
    qint64 m_authorizationExpiresAt = 0;
};

} // namespace chat::server
