#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

namespace chat::server {

// How many streams each client address has open, shared by the hub (which adds streams, on
// the event loop's thread) and its shards (which remove them, on theirs).
class ClientCounts
{
public:
    void add(const QString &client)
    {
        const QMutexLocker lock(&m_mutex);
        ++m_counts[client];
    }

    void remove(const QString &client)
    {
        const QMutexLocker lock(&m_mutex);
        const auto it = m_counts.find(client);
        if (it != m_counts.end() && --*it <= 0)
            m_counts.erase(it);
    }

    int count(const QString &client) const
    {
        const QMutexLocker lock(&m_mutex);
        return m_counts.value(client);
    }

private:
    mutable QMutex m_mutex;
    QHash<QString, int> m_counts;
};

} // namespace chat::server
