#include "tests/support/postingthread.h"

#include "tests/support/httptestclient.h"

namespace chat::test {

PostingThread::PostingThread(QList<quint16> ports, QString room, QString prefix, int count,
                             int giveUpAfterFailures)
    : m_ports(std::move(ports))
    , m_room(std::move(room))
    , m_prefix(std::move(prefix))
    , m_count(count)
    , m_giveUp(giveUpAfterFailures)
{ }

QStringList PostingThread::acknowledged() const
{
    QMutexLocker lock(&m_mutex);
    return m_acknowledged;
}

int PostingThread::refused() const
{
    QMutexLocker lock(&m_mutex);
    return m_refused;
}

void PostingThread::run()
{
    int failuresInARow = 0;
    for (int i = 1; i <= m_count && !m_stop.loadRelaxed(); ++i) {
        const QString text = QStringLiteral("%1 %2").arg(m_prefix).arg(i);
        const quint16 port = m_ports.at((i - 1) % m_ports.size());
        const HttpResponse response = postForm(port, m_room, QStringLiteral("poster"), text);
        QMutexLocker lock(&m_mutex);
        if (response.status == 200) {
            m_acknowledged.append(text);
            failuresInARow = 0;
            continue;
        }
        ++m_refused;
        if (++failuresInARow >= m_giveUp)
            return;
        lock.unlock();
        QThread::msleep(20); // a client backing off, not a busy loop
    }
}

} // namespace chat::test
