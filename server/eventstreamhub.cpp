#include "server/eventstreamhub.h"

#include "server/streamconnection.h"
#include "shared/sseencoder.h"

#include <QLoggingCategory>

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

bool EventStreamHub::add(const QString &room, QTcpSocket *socket, qint64 lastEventNumber,
                         const QByteArray &firstBytes)
{
    std::unique_ptr<StreamConnection> owned = StreamConnection::takeOver(socket);
    if (!owned)
        return false;
    StreamConnection *connection = owned.release();
    connection->setParent(this);
    connect(connection, &StreamConnection::closed, this,
            [this, room, connection] { remove(room, connection); });
    Stream &stream
        = m_rooms[room].insert(connection, Stream { connection, lastEventNumber, 0 }).value();
    ++m_streamCount;
    qCDebug(lcStream) << "stream opened in" << room << "streams:" << m_streamCount;
    if (write(stream, firstBytes))
        return true;
    drop(room, connection);
    return false;
}

bool EventStreamHub::write(Stream &stream, const QByteArray &bytes)
{
    if (!stream.connection->write(bytes, m_options.maxUnsentBytes))
        return false;
    stream.lastWriteMs = m_clock.elapsed();
    return true;
}

void EventStreamHub::publish(const QString &room, qint64 eventNumber, const QByteArray &frame)
{
    const auto roomIt = m_rooms.find(room);
    if (roomIt == m_rooms.end())
        return;
    const QByteArray bytes = chunk(frame); // framed once for every subscriber
    QList<StreamConnection *> failed;
    for (Stream &stream : *roomIt) {
        if (eventNumber <= stream.lastEventNumber)
            continue; // already replayed to this stream
        if (write(stream, bytes))
            stream.lastEventNumber = eventNumber;
        else
            failed.append(stream.connection);
    }
    for (StreamConnection *connection : std::as_const(failed))
        drop(room, connection);
}

void EventStreamHub::drop(const QString &room, StreamConnection *connection)
{
    if (connection->isOpen()) {
        qCWarning(lcStream).noquote() << "dropping a stream of" << room << "that stopped reading ("
                                      << connection->unsentBytes() << "bytes unsent)";
    }
    connection->abort(); // its unsent bytes are the problem: do not wait to flush them
    remove(room, connection);
}

void EventStreamHub::remove(const QString &room, StreamConnection *connection)
{
    const auto roomIt = m_rooms.find(room);
    if (roomIt == m_rooms.end() || !roomIt->remove(connection))
        return;
    if (roomIt->isEmpty())
        m_rooms.erase(roomIt);
    --m_streamCount;
    disconnect(connection, nullptr, this, nullptr);
    connection->abort();
    connection->deleteLater();
    qCDebug(lcStream) << "stream closed in" << room << "streams:" << m_streamCount;
}

qint64 EventStreamHub::unsentBytes() const
{
    qint64 total = 0;
    for (const Room &room : m_rooms) {
        for (const Stream &stream : room)
            total += stream.connection->unsentBytes();
    }
    return total;
}

void EventStreamHub::sendKeepAlives()
{
    static const QByteArray keepAlive = chunk(sse::keepAlive());
    const qint64 now = m_clock.elapsed();
    QList<std::pair<QString, StreamConnection *>> failed;
    for (auto roomIt = m_rooms.begin(); roomIt != m_rooms.end(); ++roomIt) {
        for (Stream &stream : *roomIt) {
            if (now - stream.lastWriteMs < m_options.keepAliveMs)
                continue;
            if (!write(stream, keepAlive))
                failed.append({ roomIt.key(), stream.connection });
        }
    }
    for (const auto &[room, connection] : std::as_const(failed))
        drop(room, connection);
}

void EventStreamHub::closeAll()
{
    const auto rooms = std::exchange(m_rooms, {});
    m_streamCount = 0;
    for (const Room &room : rooms) {
        for (const Stream &stream : room) {
            disconnect(stream.connection, nullptr, this, nullptr);
            stream.connection->finish(lastChunk());
            delete stream.connection;
        }
    }
}

} // namespace chat::server
