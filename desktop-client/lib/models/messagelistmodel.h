#pragma once

#include "shared/model/message.h"

#include <QAbstractListModel>
#include <QList>
#include <QSet>
#include <QTimer>

namespace chat::desktop {

// One room's messages, oldest first: stored messages in id order, each id once whether it came
// from the history, the event stream or our own send, then our pending and failed sends.
class MessageListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    // Waiting: the last attempt failed in a way that can pass (no answer, 5xx, 429) and the send
    // goes again by itself at RetryAtRole.
    enum class Delivery { Stored, Pending, Waiting, Failed };
    Q_ENUM(Delivery)

    enum Role {
        IdRole = Qt::UserRole + 1, // qint64, 0 while not stored
        FromRole,
        TextRole, // plain text, never markup
        DateRole, // QDateTime, local time
        DeliveryRole, // Delivery
        ErrorRole, // why a send failed (or, while Waiting, why the last attempt did)
        OwnRole, // bool: written by this client's nickname
        LocalIdRole, // int, for pending and failed sends
        RetryAtRole, // QDateTime (UTC), while Waiting
    };

    explicit MessageListModel(QObject *parent = nullptr);

    void setOwnNickname(const QString &nickname);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Adds a stored message at its place; false when its id is already here.
    bool addMessage(const Message &message); // false: shown already, or removed
    // The operator removed a stored message: its row goes and it is never shown again (a
    // history page or a late answer may still carry it). False when it was not shown.
    bool removeMessage(qint64 id);
    int addMessages(const QList<Message> &messages); // returns how many were new

    // Our sends: a local id for a pending row, then the stored message or the failure.
    // `written`: when it was written (now when invalid; earlier for one from the outbox).
    int addPending(const QString &from, const QString &text, const QDateTime &written = {});
    void markSent(int localId, const Message &stored);
    void markFailed(int localId, const QString &error);
    void markPending(int localId); // retrying
    // Going again by itself in `msUntilRetry`; `reason`: why the last attempt failed.
    void markWaiting(int localId, qint64 msUntilRetry, const QString &reason = {});
    void removeLocal(int localId);

    bool contains(qint64 id) const { return m_ids.contains(id); }
    qint64 oldestId() const; // 0 when empty
    qint64 newestId() const;
    QList<qint64> ids() const; // stored ids in order
    int storedCount() const { return int(m_ids.size()); }

private:
    struct Entry
    {
        Message message;
        Delivery delivery = Delivery::Stored;
        QString error;
        int localId = 0;
        QDateTime retryAt;
    };

    int storedRows() const; // rows before the first local one
    int rowOfLocal(int localId) const;

    void setDelivery(int localId, Delivery delivery, const QString &error,
                     const QDateTime &retryAt);
    void refreshWaiting();

    QList<Entry> m_entries;
    QTimer m_waitingTicker; // the "sending in N s" rows count down
    QSet<qint64> m_ids;
    QSet<qint64> m_removed;
    QString m_ownNickname;
    int m_nextLocalId = 1;
};

} // namespace chat::desktop
