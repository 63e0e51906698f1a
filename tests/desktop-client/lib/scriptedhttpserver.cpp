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
            if (buffer->endsWith("\r\n\r\n"))
                return; // the head is in; bodies are not expected
            *buffer += socket->readAll();
            if (!buffer->contains("\r\n\r\n"))
                return;
            m_heads.append(*buffer);
            m_sockets.append(socket);
            emit requestReceived(int(m_heads.size()) - 1);
        });
    }
}
