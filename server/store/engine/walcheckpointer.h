#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <chrono>

struct sqlite3;

namespace chat::server {

// When WalCheckpointer works.
struct CheckpointPolicy
{
    int idleMs = 250; // no commit for this long: checkpoint
    int pollMs = 10; // how often the thread looks (and, under load, starts the log's writeback)
    int logPages = 10000; // the log this long (~40 MB): checkpoint, pause or not
};

// Keeps SQLite's write-ahead log from costing requests, on a thread of its own with its own
// connection (for the store opened with synchronous=NORMAL). A checkpoint syncs the log, and a
// commit appending to the log meanwhile waited for that sync: strace -T at one client showed
// 2-10 ms stalls of the commit's pwrite64 during each fdatasync of the old every-200-ms
// checkpoint. So it checkpoints once commits pause, and under steady load once the log is
// `logPages` long (SQLite tells after each commit how long it is: watch()). Meanwhile it has
// the kernel start writing the log out as it grows (sync_file_range, which neither waits nor
// holds up writers), so that the checkpoint's sync finds little left. Before, SQLite's own
// checkpoint bounded the log, inside a commit on the event loop: on a slow disk its two syncs
// held that request up 40-70 ms, and one client's p99 was 38-40 ms instead of 1.0-1.6.
class WalCheckpointer : public QObject
{
    Q_OBJECT

public:
    using Policy = CheckpointPolicy;
    enum class Action { None, StartWriteback, Checkpoint };
    // What to do at `nowMs`, the last commit at `lastCommitMs`, given whether commits happened
    // since the last checkpoint and since the last writeback, and the log's length in pages.
    static Action next(const Policy &policy, qint64 nowMs, qint64 lastCommitMs,
                       bool commitsSinceCheckpoint, bool commitsSinceWriteback, int logPages = 0);

    // For the database at `path`, opened by the store with synchronous=NORMAL.
    explicit WalCheckpointer(const QString &path, Policy policy = {});
    ~WalCheckpointer() override;

    // Takes over bounding the log of `writer`, the store's connection (SQLite's
    // wal_autocheckpoint no longer applies to it). Should this thread fall behind by
    // `inlinePages`, a commit checkpoints by itself, as SQLite's own would have.
    void watch(sqlite3 *writer, int inlinePages);

    // Tells the checkpointer a commit happened; cheap and callable from any thread.
    void noteCommit()
    {
        m_lastCommitMs.store(nowMs(), std::memory_order_relaxed);
        m_commits.fetch_add(1, std::memory_order_release);
    }
    // Checkpoints that copied the log (for tests and logs).
    int checkpoints() const { return m_checkpoints.load(); }
    // The log's length in pages after the last commit, as SQLite told watch().
    int logPages() const { return m_logPages.load(std::memory_order_relaxed); }

private:
    class Worker;
    static int walHook(void *self, sqlite3 *db, const char *name, int pages);
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
    std::atomic<int> m_logPages { 0 }; // after the last commit
    sqlite3 *m_writer = nullptr; // watched, in the store's thread
    int m_inlinePages = 0;
};

} // namespace chat::server
