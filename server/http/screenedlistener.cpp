#include "server/screeningtcpserver.h"

#include "shared/compatjson.h"

#include <QHttpServerResponder>
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

QByteArray reasonPhrase(int status)
{
    const auto code = static_cast<QHttpServerResponder::StatusCode>(status);
    switch (code) {
    case QHttpServerResponder::StatusCode::BadRequest:
        return "Bad Request";
    case QHttpServerResponder::StatusCode::LengthRequired:
        return "Length Required";
    case QHttpServerResponder::StatusCode::PayloadTooLarge:
        return "Payload Too Large";
    case QHttpServerResponder::StatusCode::UriTooLong:
        return "URI Too Long";
    case QHttpServerResponder::StatusCode::RequestHeaderFieldsTooLarge:
        return "Request Header Fields Too Large";
    case QHttpServerResponder::StatusCode::HttpVersionNotSupported:
        return "HTTP Version Not Supported";
    default:
        return "Error";
    }
}

void reject(QTcpSocket *socket, ConnectionScreen *state, const RequestScreen::Rejection &rejection)
{
    qCInfo(lcScreen).noquote() << "rejected request from" << socket->peerAddress().toString()
                               << rejection.status << rejection.message;
    state->rejected = true;
    const QByteArray body
        = "{\"error\": " + compatjson::quote(QString::fromLatin1(rejection.message)) + "}\n";
    socket->write("HTTP/1.1 " + QByteArray::number(rejection.status) + ' '
                  + reasonPhrase(rejection.status)
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    socket->read(socket->bytesAvailable()); // QtHttpServer's handler, next in line, sees nothing
    socket->disconnectFromHost();
}

} // namespace

ScreeningTcpServer::ScreeningTcpServer(RequestScreen::Limits limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
{ }

QTcpSocket *ScreeningTcpServer::nextPendingConnection()
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
        if (auto rejection = state->screen.feed(QByteArrayView(unread).sliced(skip)))
            reject(socket, state, *rejection);
    });
    return socket;
}

void ScreeningTcpServer::requestHandled(QTcpSocket *socket)
{
    if (auto *state = ConnectionScreen::of(socket))
        state->alreadySeen = socket->bytesAvailable();
}

bool ScreeningTcpServer::isRejected(const QTcpSocket *socket)
{
    const auto *state = ConnectionScreen::of(socket);
    return state && state->rejected;
}

} // namespace chat::server
