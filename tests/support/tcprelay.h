#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace chat::test {

// Forwards TCP connections from a local port to another; cut() makes the target unreachable
// (open connections aborted, new ones refused) until restore(). For "the proxy is down" tests.
class TcpRelay : public QObject
{
    Q_OBJECT
public:
    explicit TcpRelay(quint16 targetPort, QObject *parent = nullptr);

    bool listen(quint16 port = 0);
    quint16 port() const { return m_port; }
    void cut();
    bool restore();

private:
    void accept();

    quint16 m_targetPort;
    quint16 m_port = 0;
    QTcpServer m_server;
    QList<QPointer<QTcpSocket>> m_sockets;
};

} // namespace chat::test
