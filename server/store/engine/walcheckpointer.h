#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <chrono>

namespace chat::server {

// When WalCheckpointer works.
struct CheckpointPolicy
{
    int idleMs = 250; // no commit for this long: checkpoint
    int pollMs = 10; // how often the thread looks (and, under load, starts the log's writeback)
};

// Keeps SQLite's write-ahead log from costing requests, on a thread of its own with its own
// connection (for the store opened with synchronous=NORMAL). A checkpoint syncs the log, and a
// commit appending to the log meanwhile waited for that sync: strace -T at one client showed
// 2-10 ms stalls of the commit's pwrite64 during each fdatasync of the old every-200-ms
// checkpoint. So it checkpoints only once commits pause. Under steady load SQLite's own
// checkpoint inside a commit bounds the log by size (the store's wal_autocheckpoint, one
// request in thousands); its sync would then have had the whole log to write (40 MB: a 40-60 ms
// stall), so meanwhile this thread has the kernel start writing the log out as it grows
// (sync_file_range, which neither waits nor holds up writers), and that sync finds little left.
class WalCheckpointer : public QObject
{
    Q_OBJECT

public:
    using Policy = CheckpointPolicy;
    enum class Action { None, StartWriteback, Checkpoint };
    // What to do at `nowMs`, the last commit at `lastCommitMs`, given whether commits happened
    // since the last checkpoint and since the last writeback.
    static Action next(const Policy &policy, qint64 nowMs, qint64 lastCommitMs,
                       bool commitsSinceCheckpoint, bool commitsSinceWriteback);

    // For the database at `path`, opened by the store with synchronous=NORMAL.
    explicit WalCheckpointer(const QString &path, Policy policy = {});
    ~WalCheckpointer() override;

    // Tells the checkpointer a commit happened; cheap and callable from any thread.
    void noteCommit()
    {
        m_lastCommitMs.store(nowMs(), std::memory_order_relaxed);
        m_commits.fetch_add(1, std::memory_order_release);
    }
    // Checkpoints that copied the log (for tests and logs).
    int checkpoints() const { return m_checkpoints.load(); }

private:
    class Worker;
    static qint64 nowMs()
    {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }

    QThread m_thread;
    Worker *m_worker = nullptr; // lives in m_thread
    std::atomic<long long> m_commits { 0 };
    std::atomic<qint64> m_lastCommitMs { 0 };
    std::atomic<int> m_checkpoints { 0 };
};

} // namespace chat::server
