#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>

namespace chat::server {

// Copies the SQLite write-ahead log back into the database file on a thread of its own, with
// its own connection. SQLite's automatic checkpoint runs inside a commit on the server's event
// loop and syncs the files there: with --synchronous normal every few hundred posts one request
// waited ~15 ms for it (64 clients: p99 22 -> 8 ms with this class). The store then keeps
// automatic checkpoints only as a backstop for a much larger log.
class WalCheckpointer : public QObject
{
    Q_OBJECT

public:
    // For the database at `path`, opened by the store with synchronous=NORMAL.
    explicit WalCheckpointer(const QString &path, int intervalMs = 200);
    ~WalCheckpointer() override;

    // Tells the checkpointer a commit happened; cheap and callable from any thread.
    void noteCommit() { m_commits.fetch_add(1, std::memory_order_relaxed); }
    // Checkpoints that copied the log (for tests and logs).
    int checkpoints() const { return m_checkpoints.load(); }

private:
    class Worker;
    QThread m_thread;
    Worker *m_worker = nullptr; // lives in m_thread
    std::atomic<long long> m_commits { 0 };
    std::atomic<int> m_checkpoints { 0 };
};

} // namespace chat::server
