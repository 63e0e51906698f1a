#pragma once

#include "shared/model/result.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>

namespace chat::server {

class StoreConnection;

// Who is online in which room, kept in the database for origins that share it: a row per room
// and nickname with the first and the last heartbeat of its stay. Any origin may expire rows;
// the one whose delete takes a row is the one that announces it, so each change is announced
// once however many origins there are. (One origin on SQLite keeps this in memory instead.)
class PresenceTable
{
public:
    explicit PresenceTable(StoreConnection &connection);
    ~PresenceTable();

    // On each (re)open of the connection, and before it goes.
    Result<void> prepare(const QSqlDatabase &db);
    void release();

    struct Online
    {
        QString nickname;
        qint64 sinceMs = 0; // ms since the epoch
    };

    // A heartbeat at `nowMs`: true when it began a stay (the nickname had no heartbeat since
    // `cutoffMs`, the oldest that still counts).
    Result<bool> heartbeat(const QString &room, const QString &nickname, qint64 nowMs,
                           qint64 cutoffMs);
    // Ends a stay now; true when there was one.
    Result<bool> leave(const QString &room, const QString &nickname, qint64 cutoffMs);
    // Nicknames with a heartbeat since `cutoffMs`, in no particular order.
    Result<QList<Online>> online(const QString &room, qint64 cutoffMs);
    // How many are online in each room that has anyone online.
    Result<QHash<QString, int>> counts(qint64 cutoffMs);
    // Deletes the stays whose last heartbeat is older than `cutoffMs`: the (room, nickname)
    // this call took away.
    Result<QList<std::pair<QString, QString>>> expire(qint64 cutoffMs);

private:
    struct Queries;

    Error failure(const QString &what, QSqlQuery &query);

    StoreConnection &m_connection;
    std::unique_ptr<Queries> m_queries;
};

} // namespace chat::server
