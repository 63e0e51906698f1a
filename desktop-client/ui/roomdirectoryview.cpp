#include "desktop-client/ui/roomdirectoryview.h"

#include "desktop-client/lib/models/roomdirectorymodel.h"
#include "desktop-client/lib/roomdirectory.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QVBoxLayout>

namespace chat::desktop {

namespace {

// One room of the directory on two lines: "# name" and "42 messages · 3 online", a tick at the
// right when joined. Kept here: nothing else draws directory rows.
class DirectoryDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QFont smallFont(const QFont &base)
    {
        QFont font = base;
        font.setPointSizeF(base.pointSizeF() * 0.85);
        return font;
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        return QSize(160,
                     QFontMetrics(option.font).height()
                         + QFontMetrics(smallFont(option.font)).height() + 12);
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const QRect row = option.rect.adjusted(4, 1, -4, -1);
        const bool hovered = option.state & QStyle::State_MouseOver;
        const bool selected = option.state & QStyle::State_Selected;
        if (hovered || selected) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(QColor(0xdc, 0xe0, 0xe7));
            painter->drawRoundedRect(row, 5, 5);
        }
        const bool joined = index.data(RoomDirectoryModel::JoinedRole).toBool();
        int right = row.right() - 8;
        if (joined) {
            painter->setPen(QColor(0x2e, 0xa0, 0x43));
            painter->setFont(option.font);
            const QString tick = QStringLiteral("✓");
            const int width = QFontMetrics(option.font).horizontalAdvance(tick);
            painter->drawText(QRect(right - width, row.top(), width, row.height()),
                              Qt::AlignVCenter | Qt::AlignRight, tick);
            right -= width + 6;
        }
        const QFontMetrics metrics(option.font);
        const QFont small = smallFont(option.font);
        const QFontMetrics smallMetrics(small);
        const int left = row.left() + 10;
        const int width = right - left;
        const int top = row.top() + (row.height() - metrics.height() - smallMetrics.height()) / 2;
        painter->setFont(option.font);
        painter->setPen(option.palette.color(QPalette::Text));
        const QString name = metrics.elidedText(
            QStringLiteral("# ") + index.data(RoomDirectoryModel::NameRole).toString(),
            Qt::ElideRight, width);
        painter->drawText(QPoint(left, top + metrics.ascent()), name);
        painter->setFont(small);
        painter->setPen(option.palette.color(QPalette::PlaceholderText));
        const QString summary = smallMetrics.elidedText(
            index.data(RoomDirectoryModel::SummaryRole).toString(), Qt::ElideRight, width);
        painter->drawText(QPoint(left, top + metrics.height() + smallMetrics.ascent()), summary);
        painter->restore();
    }
};

} // namespace

RoomDirectoryView::RoomDirectoryView(RoomDirectory *directory, QWidget *parent)
    : QWidget(parent)
    , m_directory(directory)
    , m_title(new QLabel(tr("All rooms"), this))
    , m_refresh(new QToolButton(this))
    , m_list(new QListView(this))
    , m_status(new QLabel(this))
    , m_more(new QPushButton(tr("More rooms"), this))
{
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_refresh->setText(QStringLiteral("↻"));
    m_refresh->setToolTip(tr("Load the rooms again"));
    m_refresh->setAutoRaise(true);
    m_refresh->setCursor(Qt::PointingHandCursor);

    m_list->setModel(directory->model());
    m_list->setItemDelegate(new DirectoryDelegate(m_list));
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setMouseTracking(true); // hover highlight
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setContentsMargins(10, 0, 10, 0);
    m_more->setFlat(true);
    m_more->setCursor(Qt::PointingHandCursor);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(10, 10, 4, 4);
    header->addWidget(m_title, 1);
    header->addWidget(m_refresh);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_more);

    connect(m_refresh, &QToolButton::clicked, directory, &RoomDirectory::refresh);
    connect(m_more, &QPushButton::clicked, directory, &RoomDirectory::loadMore);
    const auto activate = [this](const QModelIndex &index) {
        if (index.isValid())
            emit roomActivated(index.data(RoomDirectoryModel::NameRole).toString());
    };
    connect(m_list, &QListView::clicked, this, activate);
    connect(m_list, &QListView::activated, this, activate);
    connect(directory, &RoomDirectory::loadingChanged, this, &RoomDirectoryView::updateStatus);
    connect(directory->model(), &QAbstractItemModel::modelReset, this,
            &RoomDirectoryView::updateStatus);
    updateStatus();
}

QString RoomDirectoryView::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

void RoomDirectoryView::updateStatus()
{
    QString text;
    QString color = QStringLiteral("gray");
    if (m_directory->isLoading()) {
        if (m_directory->model()->rowCount() == 0) // a refresh of a list shown says nothing
            text = tr("Loading…");
    } else if (!m_directory->errorString().isEmpty()) {
        text = tr("Cannot load the rooms: %1").arg(m_directory->errorString());
        color = QStringLiteral("#b02020");
    } else if (m_directory->hasLoaded() && m_directory->model()->rowCount() == 0) {
        text = tr("No rooms yet: join one by name below.");
    }
    m_status->setText(text);
    m_status->setStyleSheet(QStringLiteral("color: %1").arg(color));
    m_status->setVisible(!text.isEmpty());
    m_more->setVisible(m_directory->hasMore() && !m_directory->isLoading());
}

} // namespace chat::desktop
