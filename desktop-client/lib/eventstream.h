#pragma once

#include "shared/retry/backoff.h"
#include "shared/sse/sseevent.h"
#include "shared/sse/sseparser.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace chat::desktop {

// One Server-Sent Events subscription that stays open: it reconnects after every disconnect
// (a finished or failed reply, a non-SSE answer, or a stall with no bytes) with backoff and
// jitter, sending the last event id seen as Last-Event-ID, honouring "retry:" and Retry-After.
// Events without an id of their own (the room's ephemeral presence and typing events) pass
// through without moving it; what an event type means is for the receiver to know.
class EventStream : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Idle, // not started, or stopped
        Connecting, // request sent, no answer yet
        Connected, // an event stream is open
        Waiting, // disconnected; the next attempt is scheduled
    };
    Q_ENUM(State)

    EventStream(QNetworkAccessManager *network, QUrl url, QObject *parent = nullptr);
    ~EventStream() override;

    void setLastEventId(const QByteArray &id) { m_lastEventId = id; }
    QByteArray lastEventId() const { return m_lastEventId; }
    // No bytes for this long (keep-alives come every 20 s) counts as a disconnect.
    void setStallTimeoutMs(int ms) { m_stallTimer.setInterval(ms); }
    Backoff &backoff() { return m_backoff; }
    // For tests: the jitter source, returning values in [0, 1).
    void setRandomSource(std::function<double()> random) { m_random = std::move(random); }

    void start(); // connects now (from Idle or Waiting)
    void stop();
    void reconnectNow() { start(); }

    State state() const { return m_state; }
    QString lastError() const { return m_lastError; }
    qint64 msUntilRetry() const; // while Waiting
    int connectionCount() const { return m_connections; } // requests made so far

signals:
    void stateChanged(chat::desktop::EventStream::State state);
    void eventReceived(const chat::SseEvent &event);

private:
    void onReadyRead();
    void onFinished();
    void disconnected(const QString &reason);
    void setState(State state);
    void dropReply();

    QNetworkAccessManager *m_network;
    QUrl m_url;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    QByteArray m_lastEventId;
    QByteArray m_connectionEventId; // the last id line seen on the current connection
    Backoff m_backoff;
    std::function<double()> m_random;
    QTimer m_retryTimer;
    QTimer m_stallTimer;
    QDeadlineTimer m_retryDeadline;
    State m_state = State::Idle;
    QString m_lastError;
    bool m_headChecked = false;
    QString m_headProblem; // the answer is not an event stream
    int m_connections = 0;
};

} // namespace chat::desktop
