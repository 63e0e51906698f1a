#pragma once

#include <QAbstractListModel>
#include <QList>

namespace chat::desktop {

// The joined rooms for the sidebar, in joining order, with their unread counts and whether
// their stream is live. A plain model: ChatClient keeps it up to date.
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

    void addRoom(const QString &room);
    void removeRoom(const QString &room);
    void setUnread(const QString &room, int count);
    void setLive(const QString &room, bool live);

    int rowOf(const QString &room) const; // -1 when not joined
    QString roomAt(int row) const;

private:
    struct Row
    {
        QString room;
        int unread = 0;
        bool live = false;
    };

    void changed(int row);

    QList<Row> m_rows;
};

} // namespace chat::desktop
