#include "tests/support/ssetestclient.h"

#include "shared/model/message.h"

#include <QTest>

namespace chat::test {

SseTestClient::SseTestClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &SseTestClient::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_ended = true; });
}

void SseTestClient::open(quint16 port, const QByteArray &target,
                         const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QByteArray request
        = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
    for (const auto &[name, value] : headers)
        request += name + ": " + value + "\r\n";
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    m_socket.write(request + "\r\n");
}

void SseTestClient::close()
{
    m_socket.abort();
}

bool SseTestClient::waitUntilOpen(int timeoutMs)
{
    const bool opened = QTest::qWaitFor(
        [this] { return !eventsOfType("stream-open").isEmpty() || m_ended; }, timeoutMs);
    if (!opened)
        qWarning("SseTestClient: no stream-open after %d ms", timeoutMs);
    return opened;
}

QByteArray SseTestClient::header(QByteArrayView name) const
{
    for (const auto &[key, value] : m_headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QList<SseEvent> SseTestClient::eventsOfType(QByteArrayView type) const
{
    QList<SseEvent> result;
    for (const SseEvent &event : m_events) {
        if (event.type == type)
            result.append(event);
    }
    return result;
}

void SseTestClient::onReadyRead()
{
    m_buffer += m_socket.readAll();
    if (m_status == 0) {
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const QList<QByteArray> lines = m_buffer.first(headEnd).split('\n');
        m_status = lines.value(0).split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                m_headers.append(
                    { lines[i].first(colon).trimmed(), lines[i].sliced(colon + 1).trimmed() });
        }
        m_chunked = header("transfer-encoding").toLower() == "chunked";
        m_buffer.remove(0, headEnd + 4);
    }
    QByteArray fresh;
    if (!m_chunked) {
        fresh = std::exchange(m_buffer, {});
        // A response with a length (a stream-error relayed by a proxy) ends with its body.
        bool sized = false;
        const qint64 length = header("content-length").toLongLong(&sized);
        if (sized && m_body.size() + fresh.size() >= length)
            m_ended = true;
    } else {
        while (true) {
            const qsizetype lineEnd = m_buffer.indexOf("\r\n");
            if (lineEnd < 0)
                break;
            bool ok = false;
            const qsizetype size = m_buffer.first(lineEnd).toLongLong(&ok, 16);
            if (!ok) {
                qWarning("SseTestClient: bad chunk header");
                m_socket.abort();
                return;
            }
            if (m_buffer.size() < lineEnd + 2 + size + 2)
                break;
            if (size == 0) {
                m_ended = true;
                m_buffer.clear();
                break;
            }
            fresh += m_buffer.sliced(lineEnd + 2, size);
            m_buffer.remove(0, lineEnd + 2 + size + 2);
        }
    }
    m_body += fresh;
    for (const SseEvent &event : m_parser.feed(fresh)) {
        m_events.append(event);
        emit eventReceived(event);
    }
}

QStringList messageTexts(const QList<SseEvent> &events)
{
    QStringList result;
    for (const SseEvent &event : events) {
        const auto message = Message::fromJson(event.data);
        result.append(message ? message->text : QString());
    }
    return result;
}

QByteArrayList eventIds(const QList<SseEvent> &events)
{
    QByteArrayList result;
    for (const SseEvent &event : events)
        result.append(event.id);
    return result;
}

} // namespace chat::test
