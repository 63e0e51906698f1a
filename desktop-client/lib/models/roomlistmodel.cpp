#include "desktop-client/lib/models/roomlistmodel.h"

#include "desktop-client/lib/roomsession.h"

namespace chat::desktop {

RoomListModel::RoomListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int RoomListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sessions.size());
}

QVariant RoomListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    RoomSession *session = m_sessions.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return session->room();
    case Qt::ToolTipRole:
        return session->unreadCount() > 0
            ? tr("%1: %n unread", nullptr, session->unreadCount()).arg(session->room())
            : session->room();
    case UnreadRole:
        return session->unreadCount();
    case LiveRole:
        return session->connectionState() == EventStream::State::Connected;
    default:
        return {};
    }
}

QHash<int, QByteArray> RoomListModel::roleNames() const
{
    return { { NameRole, "name" }, { UnreadRole, "unread" }, { LiveRole, "live" } };
}

void RoomListModel::addRoom(RoomSession *session)
{
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_sessions.append(session);
    endInsertRows();
    connect(session, &RoomSession::unreadChanged, this, [this, session] { refresh(session); });
    connect(session, &RoomSession::connectionChanged, this, [this, session] { refresh(session); });
}

void RoomListModel::removeRoom(RoomSession *session)
{
    const int row = int(m_sessions.indexOf(session));
    if (row < 0)
        return;
    session->disconnect(this);
    beginRemoveRows({}, row, row);
    m_sessions.removeAt(row);
    endRemoveRows();
}

int RoomListModel::rowOf(const QString &room) const
{
    for (int row = 0; row < m_sessions.size(); ++row) {
        if (m_sessions.at(row)->room() == room)
            return row;
    }
    return -1;
}

void RoomListModel::refresh(RoomSession *session)
{
    const int row = int(m_sessions.indexOf(session));
    if (row >= 0)
        emit dataChanged(index(row), index(row));
}

} // namespace chat::desktop
