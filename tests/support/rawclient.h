#pragma once

#include <QByteArray>
#include <QTcpSocket>

namespace chat::test {

// A raw connection to 127.0.0.1 that records what it receives and whether it was closed, for
// tests that play a misbehaving client byte by byte.
struct RawClient
{
    explicit RawClient(quint16 port, int connectTimeoutMs = 10000)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        socket.waitForConnected(connectTimeoutMs);
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket,
                         [this] { received += socket.readAll(); });
        QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [this] { closed = true; });
    }

    void send(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.flush();
    }

    QTcpSocket socket;
    QByteArray received;
    bool closed = false;
};

} // namespace chat::test
