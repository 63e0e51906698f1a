#include "desktop-client/ui/roomdelegate.h"

#include "desktop-client/lib/models/roomlistmodel.h"

#include <QApplication>
#include <QPainter>

namespace chat::desktop {

RoomDelegate::RoomDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QSize RoomDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return QSize(160, QFontMetrics(option.font).height() + 14);
}

void RoomDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                         const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &palette = option.palette;
    const QRect row = option.rect.adjusted(4, 1, -4, -1);
    if (selected) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(palette.color(QPalette::Highlight));
        painter->drawRoundedRect(row, 5, 5);
    }
    const QColor textColor = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);

    // Live indicator.
    const bool live = index.data(RoomListModel::LiveRole).toBool();
    const QPoint dotCenter(row.left() + 12, row.center().y());
    painter->setPen(Qt::NoPen);
    painter->setBrush(live ? QColor(0x2e, 0xa0, 0x43) : QColor(0xc0, 0xc0, 0xc0));
    painter->drawEllipse(dotCenter, 4, 4);

    // Unread badge.
    const int unread = index.data(RoomListModel::UnreadRole).toInt();
    int right = row.right() - 8;
    QFont font = option.font;
    if (unread > 0) {
        QFont badgeFont = font;
        badgeFont.setBold(true);
        badgeFont.setPointSizeF(font.pointSizeF() * 0.85);
        const QString count = unread > 999 ? QStringLiteral("999+") : QString::number(unread);
        const QFontMetrics metrics(badgeFont);
        const int height = metrics.height() + 2;
        const int width = std::max(height, metrics.horizontalAdvance(count) + 10);
        const QRect badge(right - width, row.center().y() - height / 2, width, height);
        painter->setBrush(selected ? palette.color(QPalette::HighlightedText)
                                   : QColor(0x1d, 0x5f, 0xbf));
        painter->drawRoundedRect(badge, height / 2.0, height / 2.0);
        painter->setFont(badgeFont);
        painter->setPen(selected ? palette.color(QPalette::Highlight) : QColor(Qt::white));
        painter->drawText(badge, Qt::AlignCenter, count);
        right = badge.left() - 6;
        font.setBold(true); // a room with news stands out
    }

    painter->setFont(font);
    painter->setPen(textColor);
    const QRect nameRect(row.left() + 24, row.top(), right - row.left() - 24, row.height());
    const QString name = QFontMetrics(font).elidedText(
        index.data(RoomListModel::NameRole).toString(), Qt::ElideRight, nameRect.width());
    painter->drawText(nameRect, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, name);
    painter->restore();
}

} // namespace chat::desktop
