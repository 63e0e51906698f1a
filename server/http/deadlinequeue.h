#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>
#include <map>

namespace chat::server {

// Deadlines for many connections, each waiting for one of a few fixed durations, started and
// cancelled in constant time. Qt keeps its timers in one sorted list, where starting or
// stopping one is linear in the timers held: with a QTimer per connection a reconnect storm
// (10,000 connections) spent more time there than in any other user-space function (perf:
// QTimerInfoList::timerInsert). Deadlines of one duration come due in the order they were
// started, so each duration has a queue, and one QTimer waits for the earliest of them.
class DeadlineQueue : public QObject
{
    Q_OBJECT

public:
    explicit DeadlineQueue(QObject *parent = nullptr);

    // Calls `expired` once `durationMs` have passed, unless cancelled; returns the deadline's
    // ticket (never 0).
    quint64 start(int durationMs, std::function<void()> expired);
    // The deadline of `ticket` will not expire; a ticket that expired or was cancelled already
    // is ignored.
    void cancel(quint64 ticket);
    // Deadlines started and neither expired nor cancelled.
    qsizetype pending() const { return m_live.size(); }
    // Entries kept, cancelled ones included (they go when due, or in a compaction).
    qsizetype queued() const;

private:
    struct Entry
    {
        qint64 dueMs;
        quint64 ticket;
    };
    using Lane = std::deque<Entry>;

    void expireDue();
    // Waits for the earliest deadline still queued (cancelled ones included: cheaper to wake
    // for one than to find the next live one).
    void arm();
    // Drops the cancelled entries of a lane once they are most of it.
    void compact(Lane &lane);

    std::map<int, Lane> m_lanes; // by duration
    QHash<quint64, std::function<void()>> m_live;
    quint64 m_nextTicket = 1;
    QElapsedTimer m_clock;
    QTimer m_timer;
    qint64 m_armedForMs = -1; // when m_timer fires, on m_clock; -1: not armed
};

} // namespace chat::server
