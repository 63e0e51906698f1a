#include "server/http/screenedlistener.h"

#include "server/http/deadlinequeue.h"
#include "server/http/httpreply.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcScreen, "chat.server.http.screen")

using namespace Qt::StringLiterals;

namespace chat::server {

// Per-connection state, a child of its socket: the screen, and the one deadline that applies
// now (the head's, the body's, or the idle one's).
class ConnectionScreen : public QObject
{
public:
    enum class Waiting { Head, Body, Idle };

    ConnectionScreen(ScreenedListener &listener, QTcpSocket *socket)
        : QObject(socket)
        , screen(listener.options().limits)
        , m_listener(listener)
        , m_socket(socket)
        , m_deadlines(listener.m_deadlines)
    {
        setObjectName(u"chat-screen"_s);
        wait(Waiting::Head); // the first request's head is due from the accept
    }
    ~ConnectionScreen() override { stopWaiting(); }

    static ConnectionScreen *of(const QTcpSocket *socket)
    {
        return socket->findChild<ConnectionScreen *>(u"chat-screen"_s, Qt::FindDirectChildrenOnly);
    }

    void onReadyRead()
    {
        if (rejected) {
            m_socket->read(m_socket->bytesAvailable());
            return;
        }
        const QByteArray unread = m_socket->peek(m_socket->bytesAvailable());
        const qint64 skip = std::min<qint64>(alreadySeen, unread.size());
        alreadySeen = 0;
        if (const auto screened = screen.feed(QByteArrayView(unread).sliced(skip)); !screened) {
            ++m_listener.m_refusals.badRequests;
            reject(screened.error(), "rejected request from");
            return;
        }
        switch (screen.phase()) {
        case RequestScreen::Phase::InHead:
            wait(Waiting::Head);
            break;
        case RequestScreen::Phase::InBody:
            wait(Waiting::Body);
            break;
        case RequestScreen::Phase::BetweenRequests:
            wait(Waiting::Idle);
            break;
        }
    }

    // The request being answered: when it was handed on, and its tag (-1: reported already).
    void requestStarted()
    {
        m_requestClock.start();
        m_requestTag = 0;
    }
    void tagRequest(int tag) { m_requestTag = tag; }
    void responseStarted(int status)
    {
        if (m_requestTag < 0)
            return;
        if (m_listener.m_responseObserver)
            m_listener.m_responseObserver(m_requestTag, status, m_requestClock.nsecsElapsed());
        m_requestTag = -1;
    }

    RequestScreen screen;
    qint64 alreadySeen = 0; // bytes at the head of the read buffer the screen has examined
    bool rejected = false;
    bool closeAfterResponse = false;

private:
    // Starts the deadline for `what`, unless it is already running: a head's deadline is not
    // reset by each byte that arrives.
    void wait(Waiting what)
    {
        if (m_deadline != 0 && m_waiting == what)
            return;
        stopWaiting();
        m_waiting = what;
        const ScreenedListener::Options &options = m_listener.options();
        m_deadline = m_deadlines->start(what == Waiting::Head       ? options.headerTimeoutMs
                                            : what == Waiting::Body ? options.bodyTimeoutMs
                                                                    : options.idleTimeoutMs,
                                        [this] {
                                            m_deadline = 0;
                                            expired();
                                        });
    }
    void stopWaiting()
    {
        if (m_deadline != 0 && m_deadlines) // the queue may go first, as the listener ends
            m_deadlines->cancel(m_deadline);
        m_deadline = 0;
    }

    void expired()
    {
        if (rejected || m_socket->state() != QAbstractSocket::ConnectedState)
            return;
        ScreenedListener::Refusals &refusals = m_listener.m_refusals;
        const ScreenedListener::Options &options = m_listener.options();
        switch (m_waiting) {
        case Waiting::Head:
            ++refusals.headTimeouts;
            reject(Error { u"the request head did not arrive within %1 ms"_s.arg(
                               options.headerTimeoutMs),
                           408 },
                   "timed out the head of");
            break;
        case Waiting::Body:
            ++refusals.bodyTimeouts;
            reject(Error { u"the request body did not arrive within %1 ms"_s.arg(
                               options.bodyTimeoutMs),
                           408 },
                   "timed out the body of");
            break;
        case Waiting::Idle:
            ++refusals.idleClosed;
            qCDebug(lcScreen).noquote()
                << "closing a connection idle for" << options.idleTimeoutMs << "ms";
            m_socket->disconnectFromHost();
            break;
        }
    }

    void reject(const Error &rejection, const char *what)
    {
        qCInfo(lcScreen).noquote()
            << what << m_socket->peerAddress().toString() << rejection.status << rejection.message;
        rejected = true;
        stopWaiting();
        m_socket->write(HttpReply::error(rejection).withHeader("Connection", "close").toBytes());
        m_socket->read(m_socket->bytesAvailable()); // QtHttpServer, next in line, sees nothing
        m_socket->disconnectFromHost();
    }

    ScreenedListener &m_listener;
    QTcpSocket *m_socket;
    QPointer<DeadlineQueue> m_deadlines;
    quint64 m_deadline = 0; // its ticket; 0 while none runs
    Waiting m_waiting = Waiting::Head;
    QElapsedTimer m_requestClock;
    int m_requestTag = -1;
};

namespace {

// Sent with a send(2) of its own to a connection beyond the limit, which never gets a
// QTcpSocket: the bytes must be ready without any work per refused connection.
const QByteArray &overCapacityAnswer()
{
    static const QByteArray bytes
        = HttpReply::error(503, u"the server is at its connection limit: try again shortly"_s)
              .withHeader("Retry-After", "5")
              .withHeader("Connection", "close")
              .toBytes();
    return bytes;
}

} // namespace

ScreenedListener::ScreenedListener(Options options, QObject *parent)
    : QTcpServer(parent)
    , m_options(options)
    , m_deadlines(new DeadlineQueue(this))
{
    // Qt stops accepting for good after an accept() error that is not temporary, such as
    // running out of descriptors (EMFILE): accept again shortly, once some have been freed.
    connect(this, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        qCWarning(lcScreen) << "accept failed:" << error << errorString() << "- retrying in 100 ms";
        QTimer::singleShot(100, this, [this] {
            if (isListening())
                resumeAccepting();
        });
    });
}

ScreenedListener::~ScreenedListener()
{
    for (const qintptr descriptor : std::as_const(m_arrived))
        ::close(int(descriptor));
}

int ScreenedListener::openConnections() const
{
    return m_open + int(m_arrived.size()) + (m_otherConnections ? m_otherConnections() : 0);
}

void ScreenedListener::incomingConnection(qintptr descriptor)
{
    if (m_options.maxConnections > 0 && openConnections() >= m_options.maxConnections) {
        ++m_refusals.overCapacity;
        const QByteArray &answer = overCapacityAnswer();
        const int fd = int(descriptor);
        [[maybe_unused]] const auto sent
            = ::send(fd, answer.constData(), size_t(answer.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
        ::shutdown(fd, SHUT_WR);
        ::close(fd);
        if (m_refusals.overCapacity % 1000 == 1)
            qCWarning(lcScreen) << "at the connection limit of" << m_options.maxConnections
                                << "- refused" << m_refusals.overCapacity << "so far";
        return;
    }
    // Not QTcpServer::incomingConnection(), which hands each socket over with a signal of its
    // own: QtHttpServer's slot for it calls QObject::sender(), which walks a list of every
    // connection QtHttpServer holds, so each accept cost time linear in the open connections.
    // In a reconnect storm (10,000 at once) that walk was a quarter of the server's time
    // (perf). The sockets of one accept round are handed over together instead.
    m_arrived.append(descriptor);
    if (m_arrived.size() == 1)
        QMetaObject::invokeMethod(this, &ScreenedListener::handOver, Qt::QueuedConnection);
}

void ScreenedListener::handOver()
{
    // QtHttpServer's slot takes the rest from nextPendingConnection() until there are none.
    if (QTcpSocket *socket = takeArrived())
        addPendingConnection(socket);
}

QTcpSocket *ScreenedListener::takeArrived()
{
    while (!m_arrived.isEmpty()) {
        const qintptr descriptor = m_arrived.takeFirst();
        auto *socket = new QTcpSocket(this);
        if (socket->setSocketDescriptor(descriptor))
            return socket;
        qCWarning(lcScreen) << "cannot take an accepted connection:" << socket->errorString();
        ::close(int(descriptor));
        delete socket;
    }
    return nullptr;
}

bool ScreenedListener::hasPendingConnections() const
{
    return QTcpServer::hasPendingConnections() || !m_arrived.isEmpty();
}

QTcpSocket *ScreenedListener::nextPendingConnection()
{
    QTcpSocket *socket = QTcpServer::nextPendingConnection();
    if (!socket)
        socket = takeArrived();
    if (!socket)
        return nullptr;
    ++m_open;
    connect(socket, &QObject::destroyed, this, [this] { --m_open; });
    auto *state = new ConnectionScreen(*this, socket);
    // Connected before QtHttpServer connects its own handler, so it runs first.
    connect(socket, &QTcpSocket::readyRead, state, &ConnectionScreen::onReadyRead);
    return socket;
}

RequestScreen::Head ScreenedListener::requestHandled(QTcpSocket *socket)
{
    auto *state = ConnectionScreen::of(socket);
    if (!state)
        return {};
    state->alreadySeen = socket->bytesAvailable();
    state->requestStarted();
    RequestScreen::Head head = state->screen.takeHead();
    state->closeAfterResponse = head.wantsClose;
    return head;
}

bool ScreenedListener::isRejected(const QTcpSocket *socket)
{
    const auto *state = ConnectionScreen::of(socket);
    return state && state->rejected;
}

bool ScreenedListener::closesAfterResponse(const QTcpSocket *socket)
{
    const auto *state = ConnectionScreen::of(socket);
    return state && state->closeAfterResponse;
}

void ScreenedListener::tagRequest(QTcpSocket *socket, int tag)
{
    if (auto *state = ConnectionScreen::of(socket))
        state->tagRequest(tag);
}

void ScreenedListener::responseStarted(QTcpSocket *socket, int status)
{
    if (auto *state = ConnectionScreen::of(socket))
        state->responseStarted(status);
}

void ScreenedListener::responseSent(QTcpSocket *socket, int status)
{
    responseStarted(socket, status);
    if (closesAfterResponse(socket))
        socket->disconnectFromHost(); // after what is queued has been written
}

} // namespace chat::server
