#include "tests/desktop-client/answerdroppingrelay.h"

#include <QRegularExpression>
#include <memory>

namespace chat::test {

AnswerDroppingRelay::AnswerDroppingRelay(quint16 targetPort, QObject *parent)
    : QObject(parent)
    , m_targetPort(targetPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &AnswerDroppingRelay::accept);
}

bool AnswerDroppingRelay::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void AnswerDroppingRelay::dropAnswers(std::function<bool(const QByteArray &)> matches, int count)
{
    m_matches = std::move(matches);
    m_toDrop = m_matches ? count : 0;
}

QByteArrayList
AnswerDroppingRelay::headerOfRequests(const QByteArray &name,
                                      const std::function<bool(const QByteArray &)> &matches) const
{
    QByteArrayList values;
    for (const QByteArray &head : m_requestHeads) {
        const QByteArrayList lines = head.split('\n');
        if (!matches(lines.first().trimmed()))
            continue;
        QByteArray value;
        for (const QByteArray &line : lines) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                value = line.mid(colon + 1).trimmed();
        }
        values.append(value);
    }
    return values;
}

void AnswerDroppingRelay::accept()
{
    static const QRegularExpression requestLine(
        QStringLiteral("^[A-Z]+ /\\S* HTTP/1\\.[01]\\r\\n"));
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *upstream = new QTcpSocket(client);
        upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
        // Whether the request now on this connection is the one whose answer is to be lost.
        auto doomed = std::make_shared<bool>(false);
        connect(client, &QTcpSocket::readyRead, upstream, [this, client, upstream, doomed] {
            const QByteArray bytes = client->readAll();
            // One request at a time on a connection (the client waits for each answer), so a
            // chunk that starts with a request line starts the next request.
            if (requestLine.match(QString::fromLatin1(bytes.left(2048))).hasMatch()) {
                const QByteArray line = bytes.left(bytes.indexOf("\r\n"));
                const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
                m_requestHeads.append(headEnd < 0 ? bytes : bytes.left(headEnd));
                *doomed = m_toDrop != 0 && m_matches && m_matches(line);
                if (*doomed && m_toDrop > 0 && --m_toDrop == 0)
                    m_matches = nullptr;
            }
            upstream->write(bytes);
        });
        connect(upstream, &QTcpSocket::readyRead, client, [this, client, upstream, doomed] {
            const QByteArray bytes = upstream->readAll();
            if (*doomed) {
                ++m_dropped;
                upstream->abort();
                client->abort(); // the request was carried out; its answer never arrives
                client->deleteLater();
                return;
            }
            client->write(bytes);
        });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
    }
}

} // namespace chat::test
