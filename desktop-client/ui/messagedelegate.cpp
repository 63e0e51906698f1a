#include "desktop-client/ui/messagedelegate.h"

#include "desktop-client/lib/mentions.h"
#include "desktop-client/lib/models/messagelistmodel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDateTime>
#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>

namespace chat::desktop {

namespace {
constexpr int kOuterX = 10; // between the view's edge and the bubble
constexpr int kOuterY = 3;
constexpr int kPadX = 10; // inside the bubble
constexpr int kPadY = 6;
constexpr int kHeaderGap = 2;

QFont headerFont(const QFont &base)
{
    QFont font = base;
    font.setBold(true);
    return font;
}

QFont smallFont(const QFont &base)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * 0.85);
    return font;
}
} // namespace

MessageDelegate::MessageDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QString MessageDelegate::timeText(const QDateTime &date)
{
    const QDateTime local = date.toLocalTime();
    const QString time = local.time().toString(QStringLiteral("HH:mm"));
    if (local.date() == QDate::currentDate())
        return time;
    return QLocale().toString(local.date(), QStringLiteral("ddd d MMM")) + u' ' + time;
}

QString MessageDelegate::displayText(const QString &text)
{
    // Line breaks stay line breaks; other control characters become visible symbols (U+2400
    // block) rather than boxes or nothing.
    QString shown = text;
    for (QChar &c : shown) {
        if (c == u'\n')
            c = QChar::LineSeparator;
        else if (c == u'\t')
            c = u' ';
        else if (c.unicode() < 0x20)
            c = QChar(0x2400 + c.unicode());
        else if (c.unicode() == 0x7f)
            c = QChar(0x2421);
    }
    return shown;
}

QString MessageDelegate::deliveryText(const QModelIndex &index)
{
    switch (index.data(MessageListModel::DeliveryRole).value<MessageListModel::Delivery>()) {
    case MessageListModel::Delivery::Pending:
        return tr("sending…");
    case MessageListModel::Delivery::Waiting: {
        const qint64 ms = QDateTime::currentDateTimeUtc().msecsTo(
            index.data(MessageListModel::RetryAtRole).toDateTime());
        return tr("sending in %1 s").arg(std::max<qint64>(1, (ms + 999) / 1000));
    }
    case MessageListModel::Delivery::Failed:
        return tr("not sent: %1 — click to retry")
            .arg(index.data(MessageListModel::ErrorRole).toString());
    case MessageListModel::Delivery::Stored:
        break;
    }
    return {};
}

bool MessageDelegate::isMention(const QModelIndex &index, const QString &nickname)
{
    return !nickname.isEmpty() && !index.data(MessageListModel::OwnRole).toBool()
        && mentionsNickname(index.data(MessageListModel::TextRole).toString(), nickname);
}

QColor MessageDelegate::nicknameColor(const QString &nickname)
{
    // FNV-1a over the UTF-16 units: the same colour in every run (qHash is seeded per process).
    quint32 hash = 2166136261u;
    for (const QChar c : nickname)
        hash = (hash ^ c.unicode()) * 16777619u;
    const int hue = int(hash % 360);
    return QColor::fromHsl(hue, 150, 80);
}

qreal MessageDelegate::layoutText(QTextLayout &layout, qreal width)
{
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.setCacheEnabled(true);
    qreal height = 0;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, height));
        height += line.height();
    }
    layout.endLayout();
    return height;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const auto *view = qobject_cast<const QAbstractItemView *>(option.widget);
    const int width = view ? view->viewport()->width() : std::max(option.rect.width(), 300);
    const qreal textWidth = std::max(40, width - 2 * (kOuterX + kPadX));
    QTextLayout layout(displayText(index.data(MessageListModel::TextRole).toString()), option.font);
    const qreal bodyHeight = layoutText(layout, textWidth);
    const QFontMetrics header(headerFont(option.font));
    return QSize(
        width, int(2 * kOuterY + 2 * kPadY + header.height() + kHeaderGap + std::ceil(bodyHeight)));
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette &palette = option.palette;
    const bool own = index.data(MessageListModel::OwnRole).toBool();
    const auto delivery
        = index.data(MessageListModel::DeliveryRole).value<MessageListModel::Delivery>();

    const QRect bubble = option.rect.adjusted(kOuterX, kOuterY, -kOuterX, -kOuterY);
    const bool mention = isMention(index, m_ownNickname);
    QColor fill = own ? QColor(0xe3, 0xef, 0xfd) : palette.color(QPalette::Base);
    if (mention)
        fill = QColor(0xff, 0xf6, 0xd9);
    if (delivery == MessageListModel::Delivery::Failed)
        fill = QColor(0xfd, 0xe8, 0xe8);
    QPainterPath path;
    path.addRoundedRect(QRectF(bubble), 6, 6);
    painter->fillPath(path, fill);
    if (mention) {
        // An amber edge on the left, inside the bubble's outline.
        painter->save();
        painter->setClipPath(path);
        painter->fillRect(QRect(bubble.left(), bubble.top(), 4, bubble.height()),
                          QColor(0xe0, 0xa1, 0x1b));
        painter->restore();
        painter->setPen(QPen(QColor(0xf0, 0xd2, 0x8c), 0.8));
        painter->drawPath(path);
    } else if (!own) {
        painter->setPen(QPen(palette.color(QPalette::Mid), 0.6));
        painter->drawPath(path);
    }

    // Header: sender, time, delivery.
    const QRect content = bubble.adjusted(kPadX, kPadY, -kPadX, -kPadY);
    const QFont bold = headerFont(option.font);
    const QFontMetrics boldMetrics(bold);
    const QString from = index.data(MessageListModel::FromRole).toString();
    painter->setFont(bold);
    painter->setPen(own ? QColor(0x1d, 0x5f, 0xbf) : nicknameColor(from));
    const QString shownFrom = boldMetrics.elidedText(from, Qt::ElideRight, content.width() / 2);
    painter->drawText(content.topLeft() + QPoint(0, boldMetrics.ascent()), shownFrom);
    int x = content.left() + boldMetrics.horizontalAdvance(shownFrom) + 8;

    const QFont small = smallFont(option.font);
    const QFontMetrics smallMetrics(small);
    painter->setFont(small);
    painter->setPen(palette.color(QPalette::PlaceholderText));
    QString meta = timeText(index.data(MessageListModel::DateRole).toDateTime());
    const QString status = deliveryText(index);
    if (!status.isEmpty())
        meta += QStringLiteral(" · ") + status;
    if (delivery == MessageListModel::Delivery::Failed)
        painter->setPen(QColor(0xb0, 0x20, 0x20));
    meta = smallMetrics.elidedText(meta, Qt::ElideRight, content.right() - x);
    painter->drawText(QPoint(x, content.top() + boldMetrics.ascent()), meta);

    // Body: plain text, wrapped at word boundaries or anywhere for very long words.
    QTextLayout layout(displayText(index.data(MessageListModel::TextRole).toString()), option.font);
    layoutText(layout, content.width());
    const bool onItsWay = delivery == MessageListModel::Delivery::Pending
        || delivery == MessageListModel::Delivery::Waiting;
    painter->setPen(onItsWay ? palette.color(QPalette::PlaceholderText)
                             : palette.color(QPalette::Text));
    layout.draw(painter,
                QPointF(content.left(), content.top() + boldMetrics.height() + kHeaderGap));
    painter->restore();
}

} // namespace chat::desktop
