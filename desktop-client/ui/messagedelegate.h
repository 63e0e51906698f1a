#pragma once

#include <QStyledItemDelegate>

class QTextLayout;

namespace chat::desktop {

// Paints one chat message: the sender and local time on a header line, then the text, wrapped,
// always as plain text (a QTextLayout over the characters; markup is never interpreted). Own
// messages are tinted, messages that mention our nickname highlighted; pending and failed sends
// say so.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit MessageDelegate(QObject *parent = nullptr);

    void setOwnNickname(const QString &nickname) { m_ownNickname = nickname; }
    // Whether the message at `index` mentions `nickname` (and is not its own).
    static bool isMention(const QModelIndex &index, const QString &nickname);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // "14:03" (24-hour), or "Mon 2 Jun 14:03" for another day: local time.
    static QString timeText(const QDateTime &date);
    // What the body shows: the text itself, line breaks as line separators, other control
    // characters as their visible symbols. Never markup.
    static QString displayText(const QString &text);
    // The status after the time: "sending…", "failed: <reason> — click to retry".
    static QString deliveryText(const QModelIndex &index);
    // A stable, readable colour for a nickname.
    static QColor nicknameColor(const QString &nickname);

private:
    // Lays `text` out in `width`; returns its height.
    static qreal layoutText(QTextLayout &layout, qreal width);

    QString m_ownNickname;
};

} // namespace chat::desktop
