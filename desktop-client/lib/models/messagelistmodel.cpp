#include "desktop-client/lib/models/messagelistmodel.h"

#include <algorithm>

namespace chat::desktop {

MessageListModel::MessageListModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_waitingTicker.setInterval(1000);
    connect(&m_waitingTicker, &QTimer::timeout, this, &MessageListModel::refreshWaiting);
}

void MessageListModel::setOwnNickname(const QString &nickname)
{
    m_ownNickname = nickname;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0), index(rowCount() - 1), { OwnRole });
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return entry.message.text;
    case Qt::ToolTipRole:
        return entry.error.isEmpty() ? QVariant() : QVariant(entry.error);
    case IdRole:
        return entry.message.id;
    case FromRole:
        return entry.message.from;
    case DateRole:
        return entry.message.date.toLocalTime();
    case DeliveryRole:
        return QVariant::fromValue(entry.delivery);
    case ErrorRole:
        return entry.error;
    case OwnRole:
        return !m_ownNickname.isEmpty() && entry.message.from == m_ownNickname;
    case LocalIdRole:
        return entry.localId;
    case RetryAtRole:
        return entry.retryAt;
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return { { IdRole, "id" },     { FromRole, "from" },         { TextRole, "text" },
             { DateRole, "date" }, { DeliveryRole, "delivery" }, { ErrorRole, "error" },
             { OwnRole, "own" },   { LocalIdRole, "localId" },   { RetryAtRole, "retryAt" } };
}

int MessageListModel::storedRows() const
{
    return int(m_ids.size());
}

bool MessageListModel::addMessage(const Message &message)
{
    if (message.id <= 0 || m_ids.contains(message.id) || m_removed.contains(message.id))
        return false;
    const auto end = m_entries.begin() + storedRows();
    const auto at = std::lower_bound(m_entries.begin(), end, message.id,
                                     [](const Entry &e, qint64 id) { return e.message.id < id; });
    const int row = int(at - m_entries.begin());
    beginInsertRows({}, row, row);
    m_entries.insert(row, Entry { message, Delivery::Stored, {}, 0, {} });
    m_ids.insert(message.id);
    endInsertRows();
    return true;
}

bool MessageListModel::removeMessage(qint64 id)
{
    m_removed.insert(id);
    if (!m_ids.contains(id))
        return false;
    const auto end = m_entries.begin() + storedRows();
    const auto at = std::lower_bound(m_entries.begin(), end, id, [](const Entry &e, qint64 wanted) {
        return e.message.id < wanted;
    });
    if (at == end || at->message.id != id)
        return false;
    const int row = int(at - m_entries.begin());
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    m_ids.remove(id);
    endRemoveRows();
    return true;
}

int MessageListModel::addMessages(const QList<Message> &messages)
{
    int added = 0;
    for (const Message &message : messages)
        added += addMessage(message) ? 1 : 0;
    return added;
}

int MessageListModel::addPending(const QString &from, const QString &text, const QDateTime &written)
{
    Entry entry;
    entry.message.from = from;
    entry.message.text = text;
    entry.message.date = written.isValid() ? written.toUTC() : QDateTime::currentDateTimeUtc();
    entry.delivery = Delivery::Pending;
    entry.localId = m_nextLocalId++;
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_entries.append(entry);
    endInsertRows();
    return entry.localId;
}

int MessageListModel::rowOfLocal(int localId) const
{
    for (int row = storedRows(); row < m_entries.size(); ++row) {
        if (m_entries.at(row).localId == localId)
            return row;
    }
    return -1;
}

void MessageListModel::markSent(int localId, const Message &stored)
{
    // The event stream may have brought the message first: then only the local row goes.
    removeLocal(localId);
    addMessage(stored);
}

void MessageListModel::markFailed(int localId, const QString &error)
{
    setDelivery(localId, Delivery::Failed, error, {});
}

void MessageListModel::markPending(int localId)
{
    setDelivery(localId, Delivery::Pending, {}, {});
}

void MessageListModel::markWaiting(int localId, qint64 msUntilRetry, const QString &reason)
{
    setDelivery(localId, Delivery::Waiting, reason,
                QDateTime::currentDateTimeUtc().addMSecs(std::max<qint64>(0, msUntilRetry)));
}

void MessageListModel::setDelivery(int localId, Delivery delivery, const QString &error,
                                   const QDateTime &retryAt)
{
    const int row = rowOfLocal(localId);
    if (row < 0)
        return;
    Entry &entry = m_entries[row];
    if (entry.delivery == delivery && entry.error == error && entry.retryAt == retryAt)
        return;
    entry.delivery = delivery;
    entry.error = error;
    entry.retryAt = retryAt;
    emit dataChanged(index(row), index(row));
    if (delivery == Delivery::Waiting && !m_waitingTicker.isActive())
        m_waitingTicker.start();
}

void MessageListModel::refreshWaiting()
{
    bool waiting = false;
    for (int row = storedRows(); row < m_entries.size(); ++row) {
        if (m_entries.at(row).delivery == Delivery::Waiting) {
            waiting = true;
            emit dataChanged(index(row), index(row), { RetryAtRole });
        }
    }
    if (!waiting)
        m_waitingTicker.stop();
}

void MessageListModel::removeLocal(int localId)
{
    const int row = rowOfLocal(localId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    endRemoveRows();
}

qint64 MessageListModel::oldestId() const
{
    return m_ids.isEmpty() ? 0 : m_entries.first().message.id;
}

qint64 MessageListModel::newestId() const
{
    return m_ids.isEmpty() ? 0 : m_entries.at(storedRows() - 1).message.id;
}

QList<qint64> MessageListModel::ids() const
{
    QList<qint64> result;
    for (int row = 0; row < storedRows(); ++row)
        result.append(m_entries.at(row).message.id);
    return result;
}

} // namespace chat::desktop
