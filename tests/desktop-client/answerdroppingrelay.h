#pragma once

#include <QByteArrayList>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <functional>

namespace chat::test {

// Forwards TCP connections from a local port to another, like tests/support's TcpRelay, but can
// lose answers: armed with a test of the request line, it lets each matching request through
// whole and, as soon as the server starts to answer it (so the server has read the request and
// acted on it), closes the client's connection instead of passing the answer on. The client is
// left not knowing whether its request did anything: "the answer was lost". (Qt's network
// access resends a request by itself, on a new connection, when one closes before any answer:
// losing more answers than it tries gets to the client's own retries.)
class AnswerDroppingRelay : public QObject
{
    Q_OBJECT
public:
    explicit AnswerDroppingRelay(quint16 targetPort, QObject *parent = nullptr);

    bool listen();
    quint16 port() const { return m_server.serverPort(); }

    // The next `count` answers (-1: all from now on) to requests whose line ("POST
    // /rooms/x/messages/ HTTP/1.1") passes `matches`; nullptr: none any more.
    void dropAnswers(std::function<bool(const QByteArray &requestLine)> matches, int count = 1);
    int droppedAnswers() const { return m_dropped; }
    QByteArrayList requestHeads() const { return m_requestHeads; } // every request seen
    // The value of a header in each request seen whose line passes `matches`.
    QByteArrayList headerOfRequests(const QByteArray &name,
                                    const std::function<bool(const QByteArray &)> &matches) const;

private:
    void accept();

    quint16 m_targetPort;
    QTcpServer m_server;
    std::function<bool(const QByteArray &)> m_matches;
    int m_toDrop = 0;
    int m_dropped = 0;
    QByteArrayList m_requestHeads;
};

} // namespace chat::test
