#include "server/store/walcheckpointer.h"

#include "server/store/engine/sqliteconnection.h"
#include "server/store/storeerrors.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

Q_LOGGING_CATEGORY(lcCheckpoint, "chat.server.store.checkpoint")

using namespace Qt::StringLiterals;

namespace chat::server {

class WalCheckpointer::Worker : public QObject
{
public:
    Worker(WalCheckpointer &owner, QString path, int intervalMs)
        : m_owner(owner)
        , m_path(std::move(path))
        , m_timer(this)
    {
        m_connectionName = sqliteconnection::uniqueName(u"chat-checkpoint"_s);
        m_timer.setInterval(intervalMs);
        connect(&m_timer, &QTimer::timeout, this, &Worker::checkpointIfNeeded);
    }

    // In the worker's thread.
    void start()
    {
        if (const auto db = sqliteconnection::open(m_connectionName, m_path, Sync::Normal, 0);
            !db) {
            qCWarning(lcCheckpoint).noquote() << "no background checkpoints:" << db.error().message;
            return; // the store's automatic checkpoints still bound the log
        }
        m_timer.start();
    }

    // In the worker's thread: a last checkpoint, then the connection goes.
    void stop()
    {
        m_timer.stop();
        checkpointIfNeeded();
        sqliteconnection::close(m_connectionName);
    }

private:
    void checkpointIfNeeded()
    {
        const long long commits = m_owner.m_commits.load(std::memory_order_relaxed);
        if (commits == m_checkpointedAt)
            return;
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
        m_checkpointedAt = commits;
        m_owner.m_checkpoints.fetch_add(1);
    }

    WalCheckpointer &m_owner;
    QString m_path;
    QString m_connectionName;
    QTimer m_timer;
    long long m_checkpointedAt = 0;
};

WalCheckpointer::WalCheckpointer(const QString &path, int intervalMs)
{
    m_thread.setObjectName(u"wal-checkpoint"_s);
    m_worker = new Worker(*this, path, intervalMs);
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->start(); }, Qt::QueuedConnection);
}

WalCheckpointer::~WalCheckpointer()
{
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->stop(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker; // its thread has finished
}

} // namespace chat::server
