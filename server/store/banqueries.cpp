#include "server/store/banqueries.h"

#include "server/store/engine/storeerrors.h"
#include "server/store/statements.h"

#include <QVariant>

using namespace Qt::StringLiterals;

namespace chat::server {

BanQueries::BanQueries(Statements &statements)
    : m_statements(statements)
{ }

Result<qint64> BanQueries::add(const Ban &ban, qint64 nowMs)
{
    QSqlQuery &insert = m_statements.insertBan;
    insert.bindValue(0, ban.kind == Ban::Kind::Nickname ? u"nickname"_s : u"address"_s);
    insert.bindValue(1, ban.value);
    insert.bindValue(2, ban.untilMs);
    insert.bindValue(3, ban.reason.isNull() ? u""_s : ban.reason); // NULL would break NOT NULL
    insert.bindValue(4, nowMs);
    if (!insert.exec() || !insert.next())
        return storeerrors::failedStatement(u"cannot record the ban"_s, insert);
    const qint64 id = insert.value(0).toLongLong();
    insert.finish();
    return id;
}

Result<QList<BanQueries::Ban>> BanQueries::active(qint64 nowMs)
{
    QSqlQuery &query = m_statements.activeBans;
    query.bindValue(0, nowMs);
    if (!query.exec())
        return storeerrors::failedStatement(u"cannot read bans"_s, query);
    QList<Ban> bans;
    while (query.next()) {
        Ban ban;
        ban.id = query.value(0).toLongLong();
        ban.kind
            = query.value(1).toString() == u"nickname" ? Ban::Kind::Nickname : Ban::Kind::Address;
        ban.value = query.value(2).toString();
        ban.untilMs = query.value(3).toLongLong();
        ban.reason = query.value(4).toString();
        ban.createdMs = query.value(5).toLongLong();
        bans.append(ban);
    }
    query.finish();
    return bans;
}

Result<bool> BanQueries::remove(qint64 id)
{
    QSqlQuery &query = m_statements.deleteBan;
    query.bindValue(0, id);
    if (!query.exec())
        return storeerrors::failedStatement(u"cannot remove the ban"_s, query);
    const bool removed = query.numRowsAffected() > 0;
    query.finish();
    return removed;
}

} // namespace chat::server
