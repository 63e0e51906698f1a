#pragma once

#include <QStyledItemDelegate>

namespace chat::desktop {

// A sidebar row: a dot that is green while the room is live, the room's name, and its unread
// count as a badge.
class RoomDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit RoomDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace chat::desktop
