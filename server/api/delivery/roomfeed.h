#pragma once

#include "shared/model/message.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

namespace chat::server {

class MessageStore;
class StreamHub;

// Where this origin's direct streams are in each room's sequence, and what moves them on: the
// events of a room reach the StreamHub in order and once. This origin's commits go to the hub
// straight after the commit. On a database other origins share, their commits are read back
// from the store by event number, after the last event the hub has for the room, when a
// notification wakes the room, after a reconnection and every few seconds: a wake-up lost or
// coalesced loses nothing, it only delays. Rooms without a direct stream here are not read.
class RoomFeed : public QObject
{
    Q_OBJECT
public:
    RoomFeed(MessageStore &store, StreamHub &hub, QObject *parent = nullptr);

    // A direct stream of `room` opened after event `position` (its replay covered the rest).
    void follow(const QString &room, qint64 position);
    // This origin's commits (messages and removals), each room's in their order.
    void committed(const QList<StoredMessage> &events);
    // Another origin committed in `room`: read what is new there at the end of this turn of
    // the event loop (several wake-ups of a turn, one read).
    void wake(const QString &room);
    // Reads what is new in every room with a direct stream here.
    void catchUp();

    // Events handed to the hub after reading them back from the store.
    quint64 readBack() const { return m_readBack; }

    static constexpr int kCheckIntervalMs = 5000;

private:
    void readNew(const QString &room, qint64 &delivered);
    void readWoken();

    MessageStore &m_store;
    StreamHub &m_hub;
    QHash<QString, qint64> m_delivered; // room -> the last event number the hub was given
    QSet<QString> m_woken;
    QTimer m_check;
    quint64 m_readBack = 0;
};

} // namespace chat::server
