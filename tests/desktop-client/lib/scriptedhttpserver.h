#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

// A tiny HTTP server for the client library's tests: it records each request (head and
// Content-Length body) and leaves the answer to the test, which writes literal response bytes on
// the connection. Several requests may come on one connection, one after the other.
class ScriptedHttpServer : public QObject
{
    Q_OBJECT
public:
    static constexpr char kSseHead[] = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                       "Cache-Control: no-cache\r\nConnection: close\r\n\r\n";

    explicit ScriptedHttpServer(QObject *parent = nullptr);

    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    int requestCount() const { return int(m_heads.size()); }
    QByteArray head(int request) const { return m_heads.value(request); }
    QByteArray body(int request) const { return m_bodies.value(request); }
    QByteArray header(int request, QByteArrayView name) const;
    QTcpSocket *connection(int request) const { return m_sockets.value(request); }

    // Writes bytes to a request's connection and waits until they have left.
    void write(int request, const QByteArray &bytes);
    void close(int request);

signals:
    void requestReceived(int request);

private:
    void onConnection();

    QTcpServer m_server;
    QList<QByteArray> m_heads;
    QList<QByteArray> m_bodies;
    QList<QPointer<QTcpSocket>> m_sockets;
};
