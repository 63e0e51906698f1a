#pragma once

#include "shared/model/result.h"
#include "shared/retry/backoff.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <functional>

namespace chat::desktop {

class ChatApi;

// One HTTP request to the chat server as an object with a state: created → running →
// succeeded or failed (with a sentence for the user: the server's {"error": ...} or the
// network's reason). A request may carry its own retry schedule (as libQuotient's jobs do):
// after a failure that can pass (no answer, 5xx, 429) it waits, honouring Retry-After, and
// tries again by itself. Subclasses build the request and read the answer.
class ApiRequest : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Created,
        Running,
        Waiting, // failed for now; the next attempt is scheduled
        Succeeded,
        Failed,
    };
    Q_ENUM(State)

    ~ApiRequest() override; // aborts an attempt in flight

    // Which failures are tried again: any that can pass (no answer, any 5xx, 429), or only
    // the answers that say the request was not carried out and may be repeated (429, 503),
    // for a request that must not be done twice.
    enum class Retry { TransientFailures, RefusalsOnly };

    // How often, and after how long, a failed attempt is tried again.
    struct RetryPolicy
    {
        int maxAttempts = 1; // in all, the first included; 0: until it succeeds or is stopped
        qint64 initialDelayMs = 1000;
        qint64 maxDelayMs = 30000;
        Retry retry = Retry::TransientFailures;
    };

    State state() const { return m_state; }
    QString errorString() const { return m_error; } // of the last failed attempt
    int httpStatus() const { return m_httpStatus; } // of the last answer; 0: none came
    // A header of the last answer (empty when it had none, or no answer came).
    QByteArray replyHeader(QByteArrayView name) const;
    int attempts() const { return m_attempts; }
    qint64 msUntilRetry() const; // while Waiting

    void setRetryPolicy(RetryPolicy policy);
    // For tests: the jitter source, returning values in [0, 1).
    void setRandomSource(std::function<double()> random) { m_random = std::move(random); }

    // Starts (again, after a failure; at once, while waiting for a retry).
    void start();
    // Stops the attempt in flight and any retry; the state stays as it is.
    void stop();

signals:
    void stateChanged(chat::desktop::ApiRequest::State state);
    void finished(); // succeeded, or failed for good
    void attemptFailed(); // an attempt failed and another is scheduled (see errorString())

protected:
    ApiRequest(ChatApi *api, QObject *parent);

    virtual QNetworkReply *send() = 0;
    // Reads a 2xx body; fails when it is not what the server sends.
    virtual Result<void> parse(const QByteArray &body) = 0;
    // What a non-2xx answer means; by default the server's "error" text.
    virtual QString describeFailure(int status, const QByteArray &body) const;
    // What a failure without an HTTP answer means; by default the network's own words.
    virtual QString describeNetworkError(const QString &networkError) const { return networkError; }

    ChatApi *api() const { return m_api; }

private:
    void onFinished();
    void fail(bool retriable, QNetworkReply *reply);
    void setState(State state);

    ChatApi *m_api;
    QPointer<QNetworkReply> m_reply;
    State m_state = State::Created;
    QString m_error;
    int m_httpStatus = 0;
    QString m_reasonPhrase;
    QList<QNetworkReply::RawHeaderPair> m_replyHeaders;
    RetryPolicy m_policy;
    Backoff m_backoff { m_policy.initialDelayMs, m_policy.maxDelayMs };
    int m_attempts = 0;
    QTimer m_retryTimer;
    QDeadlineTimer m_retryDeadline;
    std::function<double()> m_random;
};

} // namespace chat::desktop
