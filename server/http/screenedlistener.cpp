#include "server/http/screenedlistener.h"

#include "server/http/httpreply.h"

#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcScreen, "chat.server.http.screen")

namespace chat::server {

namespace {

// Per-connection state, a child of its socket.
class ConnectionScreen : public QObject
{
public:
    ConnectionScreen(RequestScreen::Limits limits, QTcpSocket *socket)
        : QObject(socket)
        , screen(limits)
    {
        setObjectName(QStringLiteral("chat-screen"));
    }

    static ConnectionScreen *of(const QTcpSocket *socket)
    {
        return socket->findChild<ConnectionScreen *>(QStringLiteral("chat-screen"),
                                                     Qt::FindDirectChildrenOnly);
    }

    RequestScreen screen;
    qint64 alreadySeen = 0; // bytes at the head of the read buffer the screen has examined
    bool rejected = false;
};

void reject(QTcpSocket *socket, ConnectionScreen *state, const Error &rejection)
{
    qCInfo(lcScreen).noquote() << "rejected request from" << socket->peerAddress().toString()
                               << rejection.status << rejection.message;
    state->rejected = true;
    socket->write(HttpReply::error(rejection).withHeader("Connection", "close").toBytes());
    socket->read(socket->bytesAvailable()); // QtHttpServer's handler, next in line, sees nothing
    socket->disconnectFromHost();
}

} // namespace

ScreenedListener::ScreenedListener(RequestScreen::Limits limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
{ }

QTcpSocket *ScreenedListener::nextPendingConnection()
{
    QTcpSocket *socket = QTcpServer::nextPendingConnection();
    if (!socket)
        return nullptr;
    auto *state = new ConnectionScreen(m_limits, socket);
    // Connected before QtHttpServer connects its own handler, so it runs first.
    connect(socket, &QTcpSocket::readyRead, state, [socket, state] {
        if (state->rejected) {
            socket->read(socket->bytesAvailable());
            return;
        }
        const QByteArray unread = socket->peek(socket->bytesAvailable());
        const qint64 skip = std::min<qint64>(state->alreadySeen, unread.size());
        state->alreadySeen = 0;
        if (const auto screened = state->screen.feed(QByteArrayView(unread).sliced(skip));
            !screened)
            reject(socket, state, screened.error());
    });
    return socket;
}

void ScreenedListener::requestHandled(QTcpSocket *socket)
{
    if (auto *state = ConnectionScreen::of(socket))
        state->alreadySeen = socket->bytesAvailable();
}

bool ScreenedListener::isRejected(const QTcpSocket *socket)
{
    const auto *state = ConnectionScreen::of(socket);
    return state && state->rejected;
}

} // namespace chat::server
