#pragma once

#include "server/store/engine/historyreads.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace chat::server {

// HistoryReads through QtSql's prepared queries, for PostgreSQL (it works on any QtSql
// connection): each message rendered with Message::toJson(), so the bytes are the same as on
// SQLite.
class SqlHistoryReader final : public HistoryReads
{
public:
    explicit SqlHistoryReader(const QSqlDatabase &db);
    Result<void> prepare();

    Result<qint64> currentEvent(const QString &room) override;
    Result<Page> render(const QString &room, int limit, std::optional<qint64> beforeId) override;
    Result<QList<StoredMessage>> messages(const QString &room, int limit,
                                          std::optional<qint64> beforeId) override;
    Result<QList<StoredMessage>> eventsAfter(const QString &room, qint64 after, int limit) override;

protected:
    Result<std::optional<qint64>> eventOf(const QString &room, qint64 id) override;
    Result<std::optional<qint64>> idOf(const QString &room, qint64 number) override;

private:
    // The one integer the query reads for (number, room), or nothing when no row matches.
    static Result<std::optional<qint64>> single(QSqlQuery &query, qint64 number,
                                                const QString &room);
    static Result<QList<StoredMessage>> collect(QSqlQuery &query, const QString &room);

    QSqlQuery m_current;
    QSqlQuery m_newest;
    QSqlQuery m_before;
    QSqlQuery m_after;
    QSqlQuery m_eventOf;
    QSqlQuery m_idOf;
};

} // namespace chat::server
