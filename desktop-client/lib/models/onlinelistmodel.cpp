#include "desktop-client/lib/models/onlinelistmodel.h"

#include <QLocale>
#include <algorithm>

namespace chat::desktop {

namespace {
bool byNickname(const OnlineListModel::Person &a, const OnlineListModel::Person &b)
{
    return a.nickname < b.nickname; // UTF-16 order, as the server's QMap keeps them
}
} // namespace

OnlineListModel::OnlineListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void OnlineListModel::setOwnNickname(const QString &nickname)
{
    m_ownNickname = nickname;
    if (!m_people.isEmpty())
        emit dataChanged(index(0), index(rowCount() - 1), { OwnRole });
}

int OnlineListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_people.size());
}

QVariant OnlineListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Person &person = m_people.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NicknameRole:
        return person.nickname;
    case Qt::ToolTipRole:
        return person.since.isValid()
            ? tr("%1, online since %2")
                  .arg(person.nickname,
                       QLocale().toString(person.since.toLocalTime(), QLocale::ShortFormat))
            : person.nickname;
    case SinceRole:
        return person.since.toLocalTime();
    case OwnRole:
        return !m_ownNickname.isEmpty() && person.nickname == m_ownNickname;
    default:
        return {};
    }
}

QHash<int, QByteArray> OnlineListModel::roleNames() const
{
    return { { NicknameRole, "nickname" }, { SinceRole, "since" }, { OwnRole, "own" } };
}

int OnlineListModel::rowOf(const QString &nickname) const
{
    const auto it
        = std::lower_bound(m_people.cbegin(), m_people.cend(), Person { nickname, {} }, byNickname);
    return it != m_people.cend() && it->nickname == nickname ? int(it - m_people.cbegin()) : -1;
}

void OnlineListModel::reset(const QList<Person> &people)
{
    QList<Person> sorted;
    for (const Person &person : people) {
        if (person.nickname.isEmpty())
            continue;
        const auto at = std::lower_bound(sorted.begin(), sorted.end(), person, byNickname);
        if (at == sorted.end() || at->nickname != person.nickname)
            sorted.insert(at, person);
    }
    const bool sameNames
        = std::equal(sorted.cbegin(), sorted.cend(), m_people.cbegin(), m_people.cend(),
                     [](const Person &a, const Person &b) { return a.nickname == b.nickname; });
    if (!sameNames) {
        beginResetModel();
        m_people = std::move(sorted);
        endResetModel();
        return;
    }
    // Every refresh brings the same people most of the time: no reset for the views then.
    m_people = std::move(sorted);
    if (!m_people.isEmpty())
        emit dataChanged(index(0), index(rowCount() - 1), { SinceRole, Qt::ToolTipRole });
}

void OnlineListModel::setOnline(const QString &nickname, const QDateTime &since)
{
    const QDateTime when = since.isValid() ? since : QDateTime::currentDateTimeUtc();
    if (m_refreshing)
        m_changesDuringRefresh.append({ nickname, true, when });
    if (nickname.isEmpty() || contains(nickname))
        return;
    const Person person { nickname, when };
    const auto at = std::lower_bound(m_people.begin(), m_people.end(), person, byNickname);
    const int row = int(at - m_people.begin());
    beginInsertRows({}, row, row);
    m_people.insert(row, person);
    endInsertRows();
}

void OnlineListModel::setOffline(const QString &nickname)
{
    if (m_refreshing)
        m_changesDuringRefresh.append({ nickname, false, {} });
    const int row = rowOf(nickname);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_people.removeAt(row);
    endRemoveRows();
}

void OnlineListModel::beginRefresh()
{
    m_refreshing = true;
    m_changesDuringRefresh.clear();
}

void OnlineListModel::finishRefresh(const QList<Person> &people)
{
    const QList<Change> changes = std::exchange(m_changesDuringRefresh, {});
    m_refreshing = false;
    reset(people);
    for (const Change &change : changes) {
        if (change.online)
            setOnline(change.nickname, change.at);
        else
            setOffline(change.nickname);
    }
}

void OnlineListModel::cancelRefresh()
{
    m_refreshing = false;
    m_changesDuringRefresh.clear();
}

QStringList OnlineListModel::nicknames() const
{
    QStringList names;
    for (const Person &person : m_people)
        names.append(person.nickname);
    return names;
}

} // namespace chat::desktop
