#include "desktop-client/lib/models/roomdirectorymodel.h"

#include <QLocale>
#include <algorithm>

namespace chat::desktop {

RoomDirectoryModel::RoomDirectoryModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int RoomDirectoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rooms.size());
}

QVariant RoomDirectoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Room &room = m_rooms.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return room.name;
    case Qt::ToolTipRole: {
        const QString last = room.lastMessageAt.isValid()
            ? tr("last message %1")
                  .arg(QLocale().toString(room.lastMessageAt.toLocalTime(), QLocale::ShortFormat))
            : QString();
        QString tip = room.name + u'\n' + summary(room.messages, room.online);
        if (!last.isEmpty())
            tip += u'\n' + last;
        if (m_joined.contains(room.name))
            tip += u'\n' + tr("joined");
        return tip;
    }
    case MessagesRole:
        return room.messages;
    case LastMessageAtRole:
        return room.lastMessageAt.toLocalTime();
    case OnlineRole:
        return room.online;
    case JoinedRole:
        return m_joined.contains(room.name);
    case SummaryRole:
        return summary(room.messages, room.online);
    default:
        return {};
    }
}

QHash<int, QByteArray> RoomDirectoryModel::roleNames() const
{
    return { { NameRole, "name" },
             { MessagesRole, "messages" },
             { LastMessageAtRole, "lastMessageAt" },
             { OnlineRole, "online" },
             { JoinedRole, "joined" },
             { SummaryRole, "summary" } };
}

QString RoomDirectoryModel::summary(qint64 messages, int online)
{
    // No translations are loaded, so no "%n message(s)" that would show as such.
    const QString posted = messages == 1 ? tr("1 message") : tr("%L1 messages").arg(messages);
    return online > 0 ? tr("%1 · %n online", nullptr, online).arg(posted) : posted;
}

void RoomDirectoryModel::setRooms(const QList<Room> &rooms)
{
    beginResetModel();
    m_rooms.clear();
    QSet<QString> seen;
    for (const Room &room : rooms) {
        if (!room.name.isEmpty() && !seen.contains(room.name)) {
            seen.insert(room.name);
            m_rooms.append(room);
        }
    }
    endResetModel();
}

int RoomDirectoryModel::appendRooms(const QList<Room> &rooms)
{
    // Activity between two pages moves a room up: it may come again, or not at all (a refresh
    // shows it).
    QList<Room> fresh;
    for (const Room &room : rooms) {
        const bool known = rowOf(room.name) >= 0
            || std::any_of(fresh.cbegin(), fresh.cend(),
                           [&](const Room &r) { return r.name == room.name; });
        if (!room.name.isEmpty() && !known)
            fresh.append(room);
    }
    if (fresh.isEmpty())
        return 0;
    const int first = rowCount();
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    m_rooms.append(fresh);
    endInsertRows();
    return int(fresh.size());
}

void RoomDirectoryModel::setJoined(const QStringList &rooms)
{
    m_joined = QSet<QString>(rooms.cbegin(), rooms.cend());
    if (!m_rooms.isEmpty())
        emit dataChanged(index(0), index(rowCount() - 1), { JoinedRole, Qt::ToolTipRole });
}

void RoomDirectoryModel::setJoined(const QString &room, bool joined)
{
    if (m_joined.contains(room) == joined)
        return;
    if (joined)
        m_joined.insert(room);
    else
        m_joined.remove(room);
    const int row = rowOf(room);
    if (row >= 0)
        emit dataChanged(index(row), index(row), { JoinedRole, Qt::ToolTipRole });
}

int RoomDirectoryModel::rowOf(const QString &room) const
{
    for (int row = 0; row < m_rooms.size(); ++row) {
        if (m_rooms.at(row).name == room)
            return row;
    }
    return -1;
}

QString RoomDirectoryModel::roomAt(int row) const
{
    return row >= 0 && row < m_rooms.size() ? m_rooms.at(row).name : QString();
}

QString RoomDirectoryModel::lastRoom() const
{
    return m_rooms.isEmpty() ? QString() : m_rooms.last().name;
}

QStringList RoomDirectoryModel::names() const
{
    QStringList result;
    for (const Room &room : m_rooms)
        result.append(room.name);
    return result;
}

} // namespace chat::desktop
