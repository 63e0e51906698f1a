#pragma once

#include "server/http/requestscreen.h"

#include <QTcpServer>

namespace chat::server {

// The listening socket, with a RequestScreen in front of every connection it accepts: the
// screen's readyRead handler runs before QtHttpServer's, and a rejected request is answered with
// a JSON error and the connection closed before QtHttpServer reads any of it.
class ScreenedListener : public QTcpServer
{
    Q_OBJECT
public:
    explicit ScreenedListener(RequestScreen::Limits limits, QObject *parent = nullptr);

    QTcpSocket *nextPendingConnection() override;

    // QtHttpServer reads every complete request off the socket but leaves pipelined bytes after
    // it for a later readyRead; the screen has already seen those. Call once per handled request.
    static void requestHandled(QTcpSocket *socket);
    // True when the screen answered this connection itself: its requests must be ignored.
    static bool isRejected(const QTcpSocket *socket);

private:
    RequestScreen::Limits m_limits;
};

} // namespace chat::server
