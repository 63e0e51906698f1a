#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QStringList>

namespace chat::desktop {

// The server's rooms for the directory, most recently active first, page after page, each
// marked when this client has joined it. A plain model: RoomDirectory feeds it.
class RoomDirectoryModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        MessagesRole, // qint64: messages ever posted
        LastMessageAtRole, // QDateTime, local time
        OnlineRole, // int: nicknames online now
        JoinedRole, // bool
        SummaryRole, // QString: "42 messages · 3 online"
    };

    struct Room
    {
        QString name;
        qint64 messages = 0;
        QDateTime lastMessageAt; // UTC
        int online = 0;
    };

    explicit RoomDirectoryModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setRooms(const QList<Room> &rooms); // the first page: replaces everything
    int appendRooms(const QList<Room> &rooms); // a later page: returns how many were new
    void setJoined(const QStringList &rooms);
    void setJoined(const QString &room, bool joined);

    int rowOf(const QString &room) const;
    QString roomAt(int row) const;
    QString lastRoom() const; // where the next page starts; empty when there are no rows
    QStringList names() const;

    static QString summary(qint64 messages, int online);

private:
    QList<Room> m_rooms;
    QSet<QString> m_joined;
};

} // namespace chat::desktop
