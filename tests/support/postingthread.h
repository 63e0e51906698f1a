#pragma once

#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <QThread>

namespace chat::test {

// Posts numbered messages ("<prefix> 1", "<prefix> 2", ...) to a room, one after another on a
// thread of its own, and records what was acknowledged (200) and what was refused (503 and
// such). Stops at `count`, at stop(), or after `giveUpAfterFailures` failures in a row, and
// keeps trying through failures until then (for "the database went away" tests).
class PostingThread : public QThread
{
public:
    // `ports`: posts go to each in turn.
    PostingThread(QList<quint16> ports, QString room, QString prefix, int count = 100000,
                  int giveUpAfterFailures = 1);

    QStringList acknowledged() const;
    int refused() const;
    void stop() { m_stop.storeRelaxed(1); }

protected:
    void run() override;

private:
    QList<quint16> m_ports;
    QString m_room;
    QString m_prefix;
    int m_count;
    int m_giveUp;
    QAtomicInt m_stop;
    mutable QMutex m_mutex;
    QStringList m_acknowledged;
    int m_refused = 0;
};

} // namespace chat::test
