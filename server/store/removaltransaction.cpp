#include "server/store/removaltransaction.h"

#include "server/store/engine/storeerrors.h"
#include "server/store/statements.h"

#include <QVariant>

using namespace Qt::StringLiterals;

namespace chat::server {

RemovalTransaction::RemovalTransaction(Statements &statements, qint64 nowMs)
    : m_statements(statements)
    , m_nowMs(nowMs)
{ }

Result<StoredMessage> RemovalTransaction::run(const QString &room, qint64 messageId)
{
    QSqlQuery &find = m_statements.findMessage;
    find.bindValue(0, room);
    find.bindValue(1, messageId);
    if (!find.exec())
        return storeerrors::failedStatement(u"cannot find message"_s, find);
    if (!find.next()) {
        find.finish();
        return Error {
            u"room %1 has no message %2 (or it was removed already)"_s.arg(room).arg(messageId), 404
        };
    }
    const qint64 roomId = find.value(1).toLongLong();
    find.finish();
    QSqlQuery &tombstone = m_statements.tombstone;
    tombstone.bindValue(0, m_nowMs);
    tombstone.bindValue(1, messageId);
    if (!tombstone.exec())
        return storeerrors::failedStatement(u"cannot remove message"_s, tombstone);
    QSqlQuery &bump = m_statements.bumpRoomOnly;
    bump.bindValue(0, roomId);
    if (!bump.exec() || !bump.next())
        return storeerrors::failedStatement(u"cannot update room"_s, bump);
    StoredMessage event;
    event.eventNumber = bump.value(0).toLongLong();
    bump.finish();
    QSqlQuery &insert = m_statements.insertRemoval;
    insert.bindValue(0, roomId);
    insert.bindValue(1, event.eventNumber);
    insert.bindValue(2, m_nowMs);
    insert.bindValue(3, messageId);
    if (!insert.exec() || !insert.next())
        return storeerrors::failedStatement(u"cannot record the removal"_s, insert);
    event.message.id = insert.value(0).toLongLong();
    event.message.room = room;
    event.message.date = QDateTime::fromMSecsSinceEpoch(m_nowMs, Qt::UTC);
    event.removes = messageId;
    insert.finish();
    return event;
}

} // namespace chat::server
