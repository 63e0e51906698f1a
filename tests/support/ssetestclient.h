#pragma once

#include "shared/sse/sseevent.h"
#include "shared/sse/sseparser.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTcpSocket>

namespace chat::test {

// An SSE subscriber on a raw socket: sends the GET, parses the response head, removes the
// chunked framing and feeds an SseParser. Everything received stays inspectable.
class SseTestClient : public QObject
{
    Q_OBJECT
public:
    explicit SseTestClient(QObject *parent = nullptr);

    void open(quint16 port, const QByteArray &target,
              const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    void close();
    // Waits until the stream-open event arrives (the last thing written before the stream joins
    // its room) or the response ends; false, with a warning, when neither comes in time.
    bool waitUntilOpen(int timeoutMs);

    bool headReceived() const { return m_status != 0; }
    int status() const { return m_status; }
    QByteArray header(QByteArrayView name) const;
    const QByteArray &body() const { return m_body; } // de-chunked bytes so far
    const QList<SseEvent> &events() const { return m_events; }
    QList<SseEvent> eventsOfType(QByteArrayView type) const;
    // The last chunk, or as many bytes as Content-Length said, received, or the connection closed.
    bool ended() const { return m_ended; }
    QTcpSocket &socket() { return m_socket; }

signals:
    void eventReceived(const chat::SseEvent &event);

private:
    void onReadyRead();

    QTcpSocket m_socket;
    QByteArray m_buffer;
    int m_status = 0;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
    bool m_chunked = false;
    QByteArray m_body;
    SseParser m_parser;
    QList<SseEvent> m_events;
    bool m_ended = false;
};

// The "text" of each message event's JSON, and the events' ids, for comparisons in tests.
QStringList messageTexts(const QList<SseEvent> &events);
QByteArrayList eventIds(const QList<SseEvent> &events);

} // namespace chat::test
