#include "server/store/presencetable.h"

#include "server/store/engine/sqliteconnection.h"
#include "server/store/engine/storeerrors.h"
#include "server/store/storeconnection.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlError>
#include <QVariant>

Q_LOGGING_CATEGORY(lcPresenceTable, "chat.server.store.presence")

using namespace Qt::StringLiterals;

namespace chat::server {

struct PresenceTable::Queries
{
    explicit Queries(const QSqlDatabase &db)
        : heartbeat(db)
        , leave(db)
        , online(db)
        , counts(db)
        , expire(db)
    { }

    QSqlQuery heartbeat;
    QSqlQuery leave;
    QSqlQuery online;
    QSqlQuery counts;
    QSqlQuery expire;
};

PresenceTable::PresenceTable(StoreConnection &connection)
    : m_connection(connection)
{ }

PresenceTable::~PresenceTable() = default;

Result<void> PresenceTable::prepare(const QSqlDatabase &db)
{
    auto queries = std::make_unique<Queries>(db);
    // A stay that lapsed (no heartbeat since the cutoff) begins anew: a new start and token.
    // All SET expressions read the row as it was, on both engines.
    const std::pair<QSqlQuery *, const char *> all[] = {
        { &queries->heartbeat,
          "INSERT INTO presence (room, nickname, since_ms, last_ms, token) VALUES (?, ?, ?, ?, ?)"
          " ON CONFLICT (room, nickname) DO UPDATE SET"
          " since_ms = CASE WHEN presence.last_ms < ? THEN excluded.since_ms"
          " ELSE presence.since_ms END,"
          " token = CASE WHEN presence.last_ms < ? THEN excluded.token ELSE presence.token END,"
          " last_ms = excluded.last_ms"
          " RETURNING token" },
        { &queries->leave,
          "DELETE FROM presence WHERE room = ? AND nickname = ? RETURNING last_ms" },
        { &queries->online,
          "SELECT nickname, since_ms FROM presence WHERE room = ? AND last_ms >= ?" },
        { &queries->counts,
          "SELECT room, count(*) FROM presence WHERE last_ms >= ? GROUP BY room" },
        { &queries->expire, "DELETE FROM presence WHERE last_ms < ? RETURNING room, nickname" },
    };
    for (const auto &[query, sql] : all) {
        if (!query->prepare(QString::fromLatin1(sql)))
            return Error { u"cannot prepare statement: %1"_s.arg(
                sqliteconnection::describe(query->lastError())) };
    }
    m_queries = std::move(queries);
    return {};
}

void PresenceTable::release()
{
    m_queries.reset();
}

Error PresenceTable::failure(const QString &what, QSqlQuery &query)
{
    const QString problem = u"%1: %2"_s.arg(what, sqliteconnection::describe(query.lastError()));
    qCWarning(lcPresenceTable).noquote() << problem;
    storeerrors::count();
    query.finish();
    m_connection.noteFailure();
    return Error { problem, 503 };
}

namespace {

Error notOpen()
{
    return Error { u"database is not open"_s, 503 };
}

} // namespace

Result<bool> PresenceTable::heartbeat(const QString &room, const QString &nickname, qint64 nowMs,
                                      qint64 cutoffMs)
{
    if (!m_connection.isOpen() || !m_queries)
        return notOpen();
    // A token of this heartbeat's own: it comes back only when this heartbeat began the stay.
    const qint64 token = qint64(QRandomGenerator::global()->generate64() >> 1);
    QSqlQuery &query = m_queries->heartbeat;
    query.bindValue(0, room);
    query.bindValue(1, nickname);
    query.bindValue(2, nowMs);
    query.bindValue(3, nowMs);
    query.bindValue(4, token);
    query.bindValue(5, cutoffMs);
    query.bindValue(6, cutoffMs);
    if (!query.exec() || !query.next())
        return failure(u"cannot record a heartbeat"_s, query);
    const bool began = query.value(0).toLongLong() == token;
    query.finish();
    return began;
}

Result<bool> PresenceTable::leave(const QString &room, const QString &nickname, qint64 cutoffMs)
{
    if (!m_connection.isOpen() || !m_queries)
        return notOpen();
    QSqlQuery &query = m_queries->leave;
    query.bindValue(0, room);
    query.bindValue(1, nickname);
    if (!query.exec())
        return failure(u"cannot record a departure"_s, query);
    const bool wasOnline = query.next() && query.value(0).toLongLong() >= cutoffMs;
    query.finish();
    return wasOnline;
}

Result<QList<PresenceTable::Online>> PresenceTable::online(const QString &room, qint64 cutoffMs)
{
    if (!m_connection.isOpen() || !m_queries)
        return notOpen();
    QSqlQuery &query = m_queries->online;
    query.bindValue(0, room);
    query.bindValue(1, cutoffMs);
    if (!query.exec())
        return failure(u"cannot read who is online"_s, query);
    QList<Online> people;
    while (query.next())
        people.append({ query.value(0).toString(), query.value(1).toLongLong() });
    query.finish();
    return people;
}

Result<QHash<QString, int>> PresenceTable::counts(qint64 cutoffMs)
{
    if (!m_connection.isOpen() || !m_queries)
        return notOpen();
    QSqlQuery &query = m_queries->counts;
    query.bindValue(0, cutoffMs);
    if (!query.exec())
        return failure(u"cannot count who is online"_s, query);
    QHash<QString, int> counts;
    while (query.next())
        counts.insert(query.value(0).toString(), query.value(1).toInt());
    query.finish();
    return counts;
}

Result<QList<std::pair<QString, QString>>> PresenceTable::expire(qint64 cutoffMs)
{
    if (!m_connection.isOpen() || !m_queries)
        return notOpen();
    QSqlQuery &query = m_queries->expire;
    query.bindValue(0, cutoffMs);
    if (!query.exec())
        return failure(u"cannot expire presence"_s, query);
    QList<std::pair<QString, QString>> gone;
    while (query.next())
        gone.append({ query.value(0).toString(), query.value(1).toString() });
    query.finish();
    return gone;
}

} // namespace chat::server
