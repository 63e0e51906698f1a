#include "desktop-client/ui/onlinepanel.h"

#include "desktop-client/lib/models/onlinelistmodel.h"
#include "desktop-client/ui/messagedelegate.h"

#include <QLabel>
#include <QListView>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

namespace chat::desktop {

namespace {

// One person: a green dot and the nickname in its colour (as in the messages), "(you)" after
// one's own. Kept here: nothing else draws people.
class PersonDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        return QSize(120, QFontMetrics(option.font).height() + 10);
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const QRect row = option.rect.adjusted(8, 0, -6, 0);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0x2e, 0xa0, 0x43));
        painter->drawEllipse(QPoint(row.left() + 4, row.center().y() + 1), 4, 4);

        const QString nickname = index.data(OnlineListModel::NicknameRole).toString();
        const bool own = index.data(OnlineListModel::OwnRole).toBool();
        QFont font = option.font;
        font.setBold(own);
        const QFontMetrics metrics(font);
        const QString you = own ? tr(" (you)") : QString();
        const QRect text(row.left() + 16, row.top(), row.width() - 16, row.height());
        const int youWidth = QFontMetrics(option.font).horizontalAdvance(you);
        const QString shown
            = metrics.elidedText(nickname, Qt::ElideRight, std::max(20, text.width() - youWidth));
        painter->setFont(font);
        painter->setPen(own ? QColor(0x1d, 0x5f, 0xbf) : MessageDelegate::nicknameColor(nickname));
        painter->drawText(text, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, shown);
        if (own) {
            painter->setFont(option.font);
            painter->setPen(option.palette.color(QPalette::PlaceholderText));
            painter->drawText(text.adjusted(metrics.horizontalAdvance(shown), 0, 0, 0),
                              Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, you);
        }
        painter->restore();
    }
};

} // namespace

OnlinePanel::OnlinePanel(OnlineListModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_heading(new QLabel(this))
    , m_list(new QListView(this))
{
    m_heading->setTextFormat(Qt::PlainText);
    m_heading->setContentsMargins(10, 10, 10, 4);
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    m_heading->setFont(headingFont);

    m_list->setModel(model);
    m_list->setItemDelegate(new PersonDelegate(m_list));
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    setAutoFillBackground(true);
    QPalette panelPalette = palette();
    panelPalette.setColor(QPalette::Window, QColor(0xfa, 0xfb, 0xfc));
    panelPalette.setColor(QPalette::Base, QColor(0xfa, 0xfb, 0xfc));
    setPalette(panelPalette);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_heading);
    layout->addWidget(m_list, 1);

    connect(model, &QAbstractItemModel::rowsInserted, this, &OnlinePanel::updateHeading);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &OnlinePanel::updateHeading);
    connect(model, &QAbstractItemModel::modelReset, this, &OnlinePanel::updateHeading);
    updateHeading();
}

QString OnlinePanel::heading() const
{
    return m_heading->text();
}

QSize OnlinePanel::sizeHint() const
{
    return QSize(170, QWidget::sizeHint().height());
}

void OnlinePanel::updateHeading()
{
    m_heading->setText(tr("Online — %1").arg(m_model->rowCount()));
}

} // namespace chat::desktop
