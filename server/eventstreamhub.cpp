#include "server/eventstreamhub.h"

#include "shared/sseencoder.h"

#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcStream, "chat.server.stream")

namespace chat::server {

EventStreamHub::EventStreamHub(Options options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_clock.start();
    // Checking four times per keep-alive period bounds how late a keep-alive can be to 25 %.
    m_keepAliveTimer.setInterval(std::max(10, m_options.keepAliveMs / 4));
    connect(&m_keepAliveTimer, &QTimer::timeout, this, &EventStreamHub::sendKeepAlives);
    m_keepAliveTimer.start();
}

EventStreamHub::~EventStreamHub()
{
    closeAll();
}

QByteArray EventStreamHub::chunk(const QByteArray &bytes)
{
    return QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n";
}

const QByteArray &EventStreamHub::lastChunk()
{
    static const QByteArray last = QByteArrayLiteral("0\r\n\r\n");
    return last;
}

void EventStreamHub::add(const QString &room, QTcpSocket *socket, qint64 lastEventNumber)
{
    // QtHttpServer deletes the socket (deleteLater) once it disconnects; forget it then.
    connect(socket, &QTcpSocket::disconnected, this,
            [this, room, socket] { remove(room, socket); });
    connect(socket, &QObject::destroyed, this, [this, room, socket] { remove(room, socket); });
    m_rooms[room].insert(socket, Stream { socket, lastEventNumber, m_clock.elapsed() });
    ++m_streamCount;
    qCDebug(lcStream) << "stream opened in" << room << "streams:" << m_streamCount;
}

bool EventStreamHub::write(Stream &stream, const QByteArray &bytes)
{
    QTcpSocket *socket = stream.socket.data();
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return false;
    if (socket->bytesToWrite() + bytes.size() > m_options.maxUnsentBytes)
        return false;
    socket->write(bytes);
    socket->flush(); // send now, instead of one write-notifier round trip per stream
    stream.lastWriteMs = m_clock.elapsed();
    return true;
}

void EventStreamHub::publish(const QString &room, qint64 eventNumber, const QByteArray &frame)
{
    const auto roomIt = m_rooms.find(room);
    if (roomIt == m_rooms.end())
        return;
    const QByteArray bytes = chunk(frame); // framed once for every subscriber
    QList<QTcpSocket *> failed;
    for (auto it = roomIt->begin(); it != roomIt->end(); ++it) {
        Stream &stream = it.value();
        if (eventNumber <= stream.lastEventNumber)
            continue; // already replayed to this stream
        if (write(stream, bytes))
            stream.lastEventNumber = eventNumber;
        else
            failed.append(it.key());
    }
    // Dropping can emit disconnected() synchronously, which edits the room: not while iterating.
    for (QTcpSocket *socket : std::as_const(failed))
        drop(room, socket);
}

void EventStreamHub::drop(const QString &room, QTcpSocket *socket)
{
    const QPointer<QTcpSocket> alive = remove(room, socket);
    if (!alive || alive->state() != QAbstractSocket::ConnectedState)
        return;
    qCWarning(lcStream).noquote() << "dropping a stream of" << room << "that stopped reading ("
                                  << alive->bytesToWrite() << "bytes unsent)";
    alive->abort(); // its unsent bytes are the problem: do not wait to flush them
}

QPointer<QTcpSocket> EventStreamHub::remove(const QString &room, QTcpSocket *socket)
{
    const auto roomIt = m_rooms.find(room);
    if (roomIt == m_rooms.end())
        return nullptr;
    const auto it = roomIt->find(socket);
    if (it == roomIt->end())
        return nullptr;
    // The stored QPointer, unlike `socket`, is safe to use while the socket is being destroyed.
    const QPointer<QTcpSocket> alive = it->socket;
    if (alive)
        disconnect(alive.data(), nullptr, this, nullptr);
    roomIt->erase(it);
    if (roomIt->isEmpty())
        m_rooms.erase(roomIt);
    --m_streamCount;
    qCDebug(lcStream) << "stream closed in" << room << "streams:" << m_streamCount;
    return alive;
}

void EventStreamHub::sendKeepAlives()
{
    static const QByteArray keepAlive = chunk(sse::keepAlive());
    const qint64 now = m_clock.elapsed();
    QList<std::pair<QString, QTcpSocket *>> failed;
    for (auto roomIt = m_rooms.begin(); roomIt != m_rooms.end(); ++roomIt) {
        for (auto it = roomIt->begin(); it != roomIt->end(); ++it) {
            if (now - it->lastWriteMs < m_options.keepAliveMs)
                continue;
            if (!write(it.value(), keepAlive))
                failed.append({ roomIt.key(), it.key() });
        }
    }
    for (const auto &[room, socket] : std::as_const(failed))
        drop(room, socket);
}

void EventStreamHub::closeAll()
{
    const auto rooms = std::exchange(m_rooms, {});
    m_streamCount = 0;
    for (const Room &room : rooms) {
        for (const Stream &stream : room) {
            if (QTcpSocket *socket = stream.socket.data()) {
                disconnect(socket, nullptr, this, nullptr);
                if (socket->state() == QAbstractSocket::ConnectedState) {
                    socket->write(lastChunk());
                    socket->flush();
                    socket->disconnectFromHost();
                }
            }
        }
    }
}

} // namespace chat::server
