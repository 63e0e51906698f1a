#include "desktop-client/ui/roomview.h"

#include "desktop-client/lib/models/messagelistmodel.h"
#include "desktop-client/lib/roomsession.h"
#include "desktop-client/ui/composeredit.h"
#include "desktop-client/ui/messagedelegate.h"
#include "desktop-client/ui/onlinepanel.h"
#include "shared/model/validation.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

namespace chat::desktop {

RoomView::RoomView(RoomSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_title(new QLabel(this))
    , m_list(new QListView(this))
    , m_typing(new QLabel(this))
    , m_online(new OnlinePanel(session->online(), this))
    , m_composer(new ComposerEdit(this))
    , m_limit(new QLabel(this))
    , m_send(new QPushButton(tr("Send"), this))
{
    // Room names and counts are the user's text: never rich text.
    m_title->setTextFormat(Qt::PlainText);
    m_limit->setTextFormat(Qt::PlainText);
    m_title->setText(QStringLiteral("# ") + session->room());
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setContentsMargins(12, 8, 12, 8);

    m_list->setModel(session->messages());
    auto *delegate = new MessageDelegate(m_list);
    delegate->setOwnNickname(session->nickname()); // messages that mention us stand out
    m_list->setItemDelegate(delegate);
    m_list->setResizeMode(QListView::Adjust); // re-wrap on resize
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setUniformItemSizes(false);
    m_list->setSpacing(0);
    QPalette listPalette = m_list->palette();
    listPalette.setColor(QPalette::Base, QColor(0xf5, 0xf6, 0xf8));
    m_list->setPalette(listPalette);

    // Who is typing: one quiet line that keeps its height, so nothing jumps when it changes.
    m_typing->setTextFormat(Qt::PlainText);
    QFont typingFont = m_typing->font();
    typingFont.setItalic(true);
    typingFont.setPointSizeF(typingFont.pointSizeF() * 0.9);
    m_typing->setFont(typingFont);
    m_typing->setContentsMargins(14, 2, 10, 0);
    m_typing->setFixedHeight(QFontMetrics(typingFont).height() + 4);
    m_typing->setStyleSheet(QStringLiteral("color: #6b7280"));
    m_typing->setAutoFillBackground(true);
    m_typing->setPalette(listPalette);

    m_send->setDefault(true);
    m_limit->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_limit->setMinimumWidth(
        m_limit->fontMetrics().horizontalAdvance(QStringLiteral("4096 / 4096")));

    auto *composerRow = new QHBoxLayout;
    composerRow->setContentsMargins(10, 6, 10, 10);
    composerRow->addWidget(m_composer, 1);
    auto *side = new QVBoxLayout;
    side->addWidget(m_send);
    side->addWidget(m_limit);
    side->addStretch();
    composerRow->addLayout(side);

    auto *conversation = new QVBoxLayout;
    conversation->setContentsMargins(0, 0, 0, 0);
    conversation->setSpacing(0);
    conversation->addWidget(m_list, 1);
    conversation->addWidget(m_typing);
    conversation->addLayout(composerRow);
    auto *divider = new QFrame(this);
    divider->setFrameShape(QFrame::VLine);
    divider->setFrameShadow(QFrame::Plain);
    divider->setStyleSheet(QStringLiteral("color: #e1e4e8"));
    auto *body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(0);
    body->addLayout(conversation, 1);
    body->addWidget(divider);
    body->addWidget(m_online);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_title);
    layout->addLayout(body, 1);
    setFocusProxy(m_composer);

    connect(m_composer, &ComposerEdit::submitted, this, &RoomView::sendComposed);
    connect(m_send, &QPushButton::clicked, this, &RoomView::sendComposed);
    connect(m_composer, &QPlainTextEdit::textChanged, this, &RoomView::onComposerChanged);
    connect(session->typing(), &TypingState::changed, this,
            [this] { m_typing->setText(m_session->typing()->text()); });
    connect(session->messages(), &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int) { onRowsInserted(first); });
    connect(m_list->verticalScrollBar(), &QScrollBar::valueChanged, this, &RoomView::onScrolled);
    connect(session, &RoomSession::historyReloaded, this, [this] {
        // The first page may not fill the view: then there is no scrolling up to ask for more.
        QTimer::singleShot(0, this, [this] { onScrolled(m_list->verticalScrollBar()->value()); });
    });
    connect(m_list, &QListView::clicked, this, [this](const QModelIndex &index) {
        // A failed send goes again; a waiting one goes now.
        const auto delivery
            = index.data(MessageListModel::DeliveryRole).value<MessageListModel::Delivery>();
        if (delivery == MessageListModel::Delivery::Failed
            || delivery == MessageListModel::Delivery::Waiting)
            m_session->retry(index.data(MessageListModel::LocalIdRole).toInt());
    });
    updateLimit();
}

QString RoomView::limitText() const
{
    return m_limit->text();
}

bool RoomView::sendComposed()
{
    const QString text = m_composer->toPlainText();
    if (!checkMessageText(text))
        return false;
    m_session->send(text);
    m_composer->clear();
    m_followBottom = true;
    m_list->scrollToBottom();
    return true;
}

void RoomView::onComposerChanged()
{
    updateLimit();
    m_session->composing(m_composer->toPlainText());
}

void RoomView::updateLimit()
{
    const QString text = m_composer->toPlainText();
    const qsizetype count = characterCount(text);
    const auto checked = checkMessageText(text);
    const QString problem = text.isEmpty() || checked ? QString() : checked.error().message;
    m_limit->setText(QStringLiteral("%1 / %2").arg(count).arg(kMaxMessageLength));
    m_limit->setToolTip(problem);
    const bool over = count > kMaxMessageLength;
    m_limit->setStyleSheet(over ? QStringLiteral("color: #b02020; font-weight: bold")
                                : QStringLiteral("color: gray"));
    m_send->setEnabled(!text.isEmpty() && problem.isEmpty());
    m_send->setToolTip(problem);
}

void RoomView::onRowsInserted(int first)
{
    QScrollBar *bar = m_list->verticalScrollBar();
    if (first == 0 && m_session->messages()->rowCount() > 1 && !m_followBottom) {
        // An older page went in above: keep the messages in view where they were.
        const int before = bar->maximum();
        QTimer::singleShot(0, this, [this, before] {
            QScrollBar *scroll = m_list->verticalScrollBar();
            scroll->setValue(scroll->value() + scroll->maximum() - before);
        });
        return;
    }
    if (m_followBottom)
        QTimer::singleShot(0, m_list, &QListView::scrollToBottom);
}

void RoomView::onScrolled(int value)
{
    QScrollBar *bar = m_list->verticalScrollBar();
    m_followBottom = value >= bar->maximum() - 4;
    if (value <= bar->minimum() && m_session->hasOlder())
        m_session->loadOlder();
}

} // namespace chat::desktop
