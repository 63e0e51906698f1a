#pragma once

#include "server/http/requestscreen.h"

#include <QTcpServer>
#include <functional>

namespace chat::server {

class DeadlineQueue;

// The listening socket, with a RequestScreen and a clock in front of every connection it
// accepts. The screen's readyRead handler runs before QtHttpServer's: a rejected request is
// answered with a JSON error and the connection closed before QtHttpServer reads any of it. A
// request head must arrive within a deadline counted from its first byte (from the accept, for
// the first request), a declared body within another, and a connection idle between requests
// is closed after a third; a late head or body gets 408. Beyond the connection limit, new
// connections get a 503 at once and are closed. Connections taken over as streams leave the
// screen behind with their QTcpSocket.
class ScreenedListener : public QTcpServer
{
    Q_OBJECT
public:
    struct Options
    {
        RequestScreen::Limits limits;
        int headerTimeoutMs = 10'000;
        int bodyTimeoutMs = 10'000;
        int idleTimeoutMs = 60'000;
        int maxConnections = 0; // 0: no limit
    };

    // Requests and connections turned away, by reason (for /healthz and /metrics).
    struct Refusals
    {
        qint64 badRequests = 0; // rejected by the screen
        qint64 headTimeouts = 0;
        qint64 bodyTimeouts = 0;
        qint64 idleClosed = 0;
        qint64 overCapacity = 0; // beyond maxConnections
    };

    explicit ScreenedListener(Options options, QObject *parent = nullptr);
    ~ScreenedListener() override;

    // Connections held elsewhere that count against maxConnections (the live streams).
    void setOtherConnections(std::function<int()> count) { m_otherConnections = std::move(count); }
    int openConnections() const;
    const Options &options() const { return m_options; }
    const Refusals &refusals() const { return m_refusals; }

    QTcpSocket *nextPendingConnection() override;
    bool hasPendingConnections() const override;

    // QtHttpServer reads every complete request off the socket but leaves pipelined bytes after
    // it for a later readyRead; the screen has already seen those. Call once per handled
    // request: it returns that request's head as the screen read it.
    static RequestScreen::Head requestHandled(QTcpSocket *socket);
    // True when the screen answered this connection itself: its requests must be ignored.
    static bool isRejected(const QTcpSocket *socket);
    // Whether the request being answered asked for the connection to end (Connection: close,
    // or HTTP/1.0 without keep-alive); responseSent() then ends it, after a complete response.
    static bool closesAfterResponse(const QTcpSocket *socket);
    static void responseSent(QTcpSocket *socket, int status);

    // For request metrics: the router tags each request (with its route, say); the observer
    // hears the tag, the status and the time from requestHandled() to the response's head,
    // once per request. responseStarted() reports a response that goes on (a stream).
    using ResponseObserver = std::function<void(int tag, int status, qint64 nanoseconds)>;
    void setResponseObserver(ResponseObserver observer)
    {
        m_responseObserver = std::move(observer);
    }
    static void tagRequest(QTcpSocket *socket, int tag);
    static void responseStarted(QTcpSocket *socket, int status);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    friend class ConnectionScreen;

    // Hands the connections accepted since the last call to QtHttpServer with one signal.
    void handOver();
    // A socket for the oldest connection not yet handed over, or none.
    QTcpSocket *takeArrived();

    Options m_options;
    Refusals m_refusals;
    std::function<int()> m_otherConnections;
    ResponseObserver m_responseObserver;
    int m_open = 0; // connections with a screen, i.e. a QTcpSocket
    // Accepted, not yet handed over. Their sockets are made as they are handed over, so none
    // reads (and signals readyRead) before QtHttpServer listens to it.
    QList<qintptr> m_arrived;
    DeadlineQueue *m_deadlines; // a child: every connection's head, body or idle deadline
};

} // namespace chat::server
