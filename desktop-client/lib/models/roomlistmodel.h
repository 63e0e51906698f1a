#pragma once

#include <QAbstractListModel>
#include <QList>

namespace chat::desktop {

class RoomSession;

// The joined rooms for the sidebar, in joining order, with their unread counts and whether
// their stream is live.
class RoomListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        UnreadRole, // int
        LiveRole, // bool: history loaded and stream connected
    };

    explicit RoomListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void addRoom(RoomSession *session);
    void removeRoom(RoomSession *session);
    int rowOf(const QString &room) const;
    RoomSession *sessionAt(int row) const { return m_sessions.value(row); }

private:
    void refresh(RoomSession *session);

    QList<RoomSession *> m_sessions;
};

} // namespace chat::desktop
