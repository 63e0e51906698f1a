#include "server/http/deadlinequeue.h"

#include <algorithm>
#include <limits>

namespace chat::server {

DeadlineQueue::DeadlineQueue(QObject *parent)
    : QObject(parent)
    , m_timer(this)
{
    m_clock.start();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &DeadlineQueue::expireDue);
}

quint64 DeadlineQueue::start(int durationMs, std::function<void()> expired)
{
    const quint64 ticket = m_nextTicket++;
    const qint64 due = m_clock.elapsed() + std::max(0, durationMs);
    Lane &lane = m_lanes[durationMs];
    if (lane.size() >= 1024 && qsizetype(lane.size()) > 4 * m_live.size())
        compact(lane);
    lane.push_back({ due, ticket });
    m_live.insert(ticket, std::move(expired));
    if (m_armedForMs < 0 || due < m_armedForMs) {
        m_armedForMs = due;
        m_timer.start(int(std::max<qint64>(0, due - m_clock.elapsed())));
    }
    return ticket;
}

qsizetype DeadlineQueue::queued() const
{
    qsizetype total = 0;
    for (const auto &[duration, lane] : m_lanes)
        total += qsizetype(lane.size());
    return total;
}

void DeadlineQueue::cancel(quint64 ticket)
{
    m_live.remove(ticket);
}

void DeadlineQueue::expireDue()
{
    m_armedForMs = -1;
    const qint64 now = m_clock.elapsed();
    for (auto &[duration, lane] : m_lanes) {
        while (!lane.empty() && lane.front().dueMs <= now) {
            const quint64 ticket = lane.front().ticket;
            lane.pop_front();
            const auto live = m_live.find(ticket);
            if (live == m_live.end())
                continue; // cancelled
            const std::function<void()> expired = std::move(live.value());
            m_live.erase(live);
            expired(); // may start or cancel deadlines: lanes only grow at their backs
        }
    }
    arm();
}

void DeadlineQueue::arm()
{
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const auto &[duration, lane] : m_lanes) {
        if (!lane.empty())
            earliest = std::min(earliest, lane.front().dueMs);
    }
    if (earliest == std::numeric_limits<qint64>::max()) {
        m_timer.stop();
        return;
    }
    m_armedForMs = earliest;
    m_timer.start(int(std::max<qint64>(0, earliest - m_clock.elapsed())));
}

void DeadlineQueue::compact(Lane &lane)
{
    Lane kept;
    for (const Entry &entry : lane) {
        if (m_live.contains(entry.ticket))
            kept.push_back(entry);
    }
    lane.swap(kept);
}

} // namespace chat::server
