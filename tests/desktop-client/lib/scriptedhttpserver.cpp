#include "scriptedhttpserver.h"

ScriptedHttpServer::ScriptedHttpServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &ScriptedHttpServer::onConnection);
}

bool ScriptedHttpServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QByteArray ScriptedHttpServer::header(int request, QByteArrayView name) const
{
    const QList<QByteArray> lines = head(request).split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

void ScriptedHttpServer::write(int request, const QByteArray &bytes)
{
    QTcpSocket *socket = connection(request);
    if (!socket)
        return;
    socket->write(bytes);
    socket->flush();
}

void ScriptedHttpServer::close(int request)
{
    if (QTcpSocket *socket = connection(request)) {
        socket->flush();
        socket->disconnectFromHost();
    }
}

void ScriptedHttpServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            for (;;) {
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                const QByteArray head = buffer->left(end + 4);
                qsizetype length = 0;
                for (const QByteArray &line : head.split('\n')) {
                    const qsizetype colon = line.indexOf(':');
                    if (colon > 0
                        && line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive)
                            == 0)
                        length = line.mid(colon + 1).trimmed().toLongLong();
                }
                if (buffer->size() < end + 4 + length)
                    return; // the rest of the body is on its way
                m_heads.append(head);
                m_bodies.append(buffer->mid(end + 4, length));
                m_sockets.append(socket);
                buffer->remove(0, end + 4 + length);
                emit requestReceived(int(m_heads.size()) - 1);
            }
        });
    }
}
