#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QList>
#include <QStringList>
#include <utility>

namespace chat::desktop {

// Who is online in one room, sorted by nickname as the server sorts them: a list from
// GET .../presence/ kept current by the stream's presence events. A plain model: RoomPresence
// feeds it.
class OnlineListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        NicknameRole = Qt::UserRole + 1,
        SinceRole, // QDateTime, local time
        OwnRole, // bool: this client's nickname
    };

    struct Person
    {
        QString nickname;
        QDateTime since; // UTC
    };

    explicit OnlineListModel(QObject *parent = nullptr);

    void setOwnNickname(const QString &nickname);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void reset(const QList<Person> &people);
    // A presence event: online (since `since`, now when invalid) or offline. Online again keeps
    // the first time.
    void setOnline(const QString &nickname, const QDateTime &since = {});
    void setOffline(const QString &nickname);

    // A list asked for while events go on may have been taken before some of them: the events
    // between beginRefresh() and finishRefresh() are applied again on top of the list that
    // answers, in order, so that the last word about each nickname wins.
    void beginRefresh();
    void finishRefresh(const QList<Person> &people);
    void cancelRefresh(); // the list did not come
    bool isRefreshing() const { return m_refreshing; }

    QStringList nicknames() const;
    bool contains(const QString &nickname) const { return rowOf(nickname) >= 0; }

private:
    struct Change
    {
        QString nickname;
        bool online;
        QDateTime at;
    };

    int rowOf(const QString &nickname) const;

    QList<Person> m_people;
    QString m_ownNickname;
    bool m_refreshing = false;
    QList<Change> m_changesDuringRefresh;
};

} // namespace chat::desktop
