#include "desktop-client/lib/models/roomlistmodel.h"

namespace chat::desktop {

RoomListModel::RoomListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int RoomListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant RoomListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return row.room;
    case Qt::ToolTipRole:
        return row.unread > 0 ? tr("%1: %n unread", nullptr, row.unread).arg(row.room) : row.room;
    case UnreadRole:
        return row.unread;
    case LiveRole:
        return row.live;
    default:
        return {};
    }
}

QHash<int, QByteArray> RoomListModel::roleNames() const
{
    return { { NameRole, "name" }, { UnreadRole, "unread" }, { LiveRole, "live" } };
}

void RoomListModel::addRoom(const QString &room)
{
    if (rowOf(room) >= 0)
        return;
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_rows.append({ room, 0, false });
    endInsertRows();
}

void RoomListModel::removeRoom(const QString &room)
{
    const int row = rowOf(room);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void RoomListModel::setUnread(const QString &room, int count)
{
    const int row = rowOf(room);
    if (row < 0 || m_rows[row].unread == count)
        return;
    m_rows[row].unread = count;
    changed(row);
}

void RoomListModel::setLive(const QString &room, bool live)
{
    const int row = rowOf(room);
    if (row < 0 || m_rows[row].live == live)
        return;
    m_rows[row].live = live;
    changed(row);
}

int RoomListModel::rowOf(const QString &room) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).room == room)
            return row;
    }
    return -1;
}

QString RoomListModel::roomAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).room : QString();
}

void RoomListModel::changed(int row)
{
    emit dataChanged(index(row), index(row));
}

} // namespace chat::desktop
