#include "server/store/engine/walcheckpointer.h"

#include "server/store/engine/sqliteconnection.h"
#include "server/store/engine/storeerrors.h"

#include <QFile>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcCheckpoint, "chat.server.store.checkpoint")

using namespace Qt::StringLiterals;

namespace chat::server {

class WalCheckpointer::Worker : public QObject
{
public:
    Worker(WalCheckpointer &owner, QString path, Policy policy)
        : m_owner(owner)
        , m_path(std::move(path))
        , m_policy(policy)
        , m_timer(this)
    {
        m_connectionName = sqliteconnection::uniqueName(u"chat-checkpoint"_s);
        m_timer.setInterval(policy.pollMs);
        connect(&m_timer, &QTimer::timeout, this, &Worker::tick);
    }

    // In the worker's thread.
    void start()
    {
        if (const auto db = sqliteconnection::open(m_connectionName, m_path, Sync::Normal, 0);
            !db) {
            qCWarning(lcCheckpoint).noquote() << "no background checkpoints:" << db.error().message;
            return; // the store's automatic checkpoints still bound the log
        }
        // The log exists while the store's connection is open, which outlives this thread.
        m_log = ::open(QFile::encodeName(m_path + u"-wal"_s).constData(), O_RDONLY | O_CLOEXEC);
        if (m_log < 0)
            qCDebug(lcCheckpoint) << "cannot open the log for its writeback:" << strerror(errno);
        m_timer.start();
    }

    // In the worker's thread: a last checkpoint, then the connection goes.
    void stop()
    {
        m_timer.stop();
        if (m_owner.m_commits.load(std::memory_order_acquire) != m_checkpointedAt)
            checkpoint();
        if (m_log >= 0)
            ::close(m_log);
        sqliteconnection::close(m_connectionName);
    }

private:
    void tick()
    {
        const long long commits = m_owner.m_commits.load(std::memory_order_acquire);
        switch (next(m_policy, nowMs(), m_owner.m_lastCommitMs.load(std::memory_order_relaxed),
                     commits != m_checkpointedAt, commits != m_writtenBackAt,
                     m_owner.m_logPages.load(std::memory_order_relaxed))) {
        case Action::None:
            break;
        case Action::StartWriteback:
            if (m_log >= 0)
                sync_file_range(m_log, 0, 0, SYNC_FILE_RANGE_WRITE);
            m_writtenBackAt = commits;
            break;
        case Action::Checkpoint:
            checkpoint();
            break;
        }
    }

    void checkpoint()
    {
        const long long commits = m_owner.m_commits.load(std::memory_order_acquire);
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (!db.isOpen())
            return;
        // PASSIVE: copies what it can without waiting for, or blocking, the writer.
        QSqlQuery query(db);
        if (!query.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s)) {
            qCWarning(lcCheckpoint).noquote() << "checkpoint failed:" << query.lastError().text();
            storeerrors::count();
            return;
        }
        m_checkpointedAt = m_writtenBackAt = commits;
        m_owner.m_checkpoints.fetch_add(1);
    }

    WalCheckpointer &m_owner;
    QString m_path;
    QString m_connectionName;
    Policy m_policy;
    QTimer m_timer;
    int m_log = -1; // the -wal file, for its writeback
    long long m_checkpointedAt = 0;
    long long m_writtenBackAt = 0;
};

WalCheckpointer::Action WalCheckpointer::next(const Policy &policy, qint64 nowMs,
                                              qint64 lastCommitMs, bool commitsSinceCheckpoint,
                                              bool commitsSinceWriteback, int logPages)
{
    if (!commitsSinceCheckpoint)
        return Action::None;
    if (nowMs - lastCommitMs >= policy.idleMs || logPages >= policy.logPages)
        return Action::Checkpoint;
    return commitsSinceWriteback ? Action::StartWriteback : Action::None;
}

WalCheckpointer::WalCheckpointer(const QString &path, Policy policy)
{
    m_thread.setObjectName(u"wal-checkpoint"_s);
    m_worker = new Worker(*this, path, policy);
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->start(); }, Qt::QueuedConnection);
}

void WalCheckpointer::watch(sqlite3 *writer, int inlinePages)
{
    m_inlinePages = inlinePages;
    m_writer = writer;
    if (m_writer)
        sqlite3_wal_hook(m_writer, &WalCheckpointer::walHook, this);
}

int WalCheckpointer::walHook(void *self, sqlite3 *db, const char *name, int pages)
{
    auto *checkpointer = static_cast<WalCheckpointer *>(self);
    checkpointer->m_logPages.store(pages, std::memory_order_relaxed);
    if (pages >= checkpointer->m_inlinePages)
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
}

WalCheckpointer::~WalCheckpointer()
{
    if (m_writer) // before the writer closes (MessageStore::close): SQLite's own bound again
        sqlite3_wal_autocheckpoint(m_writer, m_inlinePages);
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->stop(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker; // its thread has finished
}

} // namespace chat::server
