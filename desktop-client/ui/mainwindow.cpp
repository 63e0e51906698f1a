#include "desktop-client/ui/mainwindow.h"

#include "desktop-client/lib/api/chatapi.h"
#include "desktop-client/lib/chatclient.h"
#include "desktop-client/lib/roomdirectory.h"
#include "desktop-client/lib/roomsession.h"
#include "desktop-client/ui/connectionstatus.h"
#include "desktop-client/ui/roomdelegate.h"
#include "desktop-client/ui/roomdirectoryview.h"
#include "desktop-client/ui/roomview.h"
#include "desktop-client/ui/traynotifier.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolTip>
#include <QVBoxLayout>

namespace chat::desktop {

MainWindow::MainWindow(ChatClient *client, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_roomList(new QListView(this))
    , m_joinEdit(new QLineEdit(this))
    , m_directory(new RoomDirectoryView(client->directory(), this))
    , m_roomsTitle(new QLabel(tr("Rooms"), this))
    , m_sections(new QSplitter(Qt::Vertical, this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_status(new ConnectionStatus(client, this))
    , m_notifier(new TrayNotifier(client, this))
{
    m_roomList->setModel(client->roomList());
    m_roomList->setItemDelegate(new RoomDelegate(m_roomList));
    m_roomList->setFrameShape(QFrame::NoFrame);
    m_roomList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_joinEdit->setPlaceholderText(tr("Join a room…"));
    m_joinEdit->setClearButtonEnabled(true);

    m_roomsTitle->setTextFormat(Qt::PlainText);
    m_roomsTitle->setContentsMargins(10, 10, 10, 4);
    QFont titleFont = m_roomsTitle->font();
    titleFont.setBold(true);
    m_roomsTitle->setFont(titleFont);
    auto *sidebar = new QWidget(this);
    sidebar->setAutoFillBackground(true);
    QPalette sidebarPalette = sidebar->palette();
    sidebarPalette.setColor(QPalette::Window, QColor(0xea, 0xec, 0xf0));
    sidebarPalette.setColor(QPalette::Base, QColor(0xea, 0xec, 0xf0));
    sidebar->setPalette(sidebarPalette);
    auto *joined = new QWidget(sidebar);
    auto *joinedLayout = new QVBoxLayout(joined);
    joinedLayout->setContentsMargins(0, 0, 0, 0);
    joinedLayout->setSpacing(0);
    joinedLayout->addWidget(m_roomsTitle);
    joinedLayout->addWidget(m_roomList, 1);
    m_sections->addWidget(joined);
    m_sections->addWidget(m_directory);
    m_sections->setChildrenCollapsible(false);
    m_sections->setHandleWidth(6);
    auto *sidebarLayout = new QVBoxLayout(sidebar);
    sidebarLayout->setContentsMargins(0, 0, 0, 8);
    sidebarLayout->addWidget(m_sections, 1);
    auto *joinRow = new QVBoxLayout;
    joinRow->setContentsMargins(8, 0, 8, 0);
    joinRow->addWidget(m_joinEdit);
    sidebarLayout->addLayout(joinRow);

    m_empty->setTextFormat(Qt::PlainText);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setText(tr("Join a room to start chatting."));
    m_stack->addWidget(m_empty);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(sidebar);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 230, 670 });
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);
    statusBar()->addWidget(m_status, 1);
    createActions();

    connect(m_joinEdit, &QLineEdit::returnPressed, this, &MainWindow::joinFromEdit);
    connect(m_roomList->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &index) {
                if (index.isValid())
                    showRoomAt(index.row());
            });
    connect(client, &ChatClient::roomJoined, this, &MainWindow::onRoomJoined);
    connect(client, &ChatClient::roomLeft, this, &MainWindow::onRoomLeft);
    connect(m_notifier, &TrayNotifier::roomActivated, this, &MainWindow::showRoom);
    connect(m_directory, &RoomDirectoryView::roomActivated, this, &MainWindow::joinAndShow);
    // Message counts and who is online change all the time: a fresh page now and then.
    m_directoryRefresh.setInterval(60000);
    connect(&m_directoryRefresh, &QTimer::timeout, client->directory(), &RoomDirectory::refresh);
    m_directoryRefresh.start();
    client->directory()->refresh();
    for (RoomSession *session : client->rooms())
        onRoomJoined(session);
    resize(900, 620);
    updateTitle();
}

void MainWindow::createActions()
{
    QMenu *chat = menuBar()->addMenu(tr("&Chat"));
    QAction *join = chat->addAction(tr("&Join Room…"), this, [this] {
        m_joinEdit->setFocus();
        m_joinEdit->selectAll();
    });
    join->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    QAction *browse = chat->addAction(tr("&Browse Rooms…"), this, [this] {
        m_client->directory()->refresh();
        m_directory->list()->setFocus();
    });
    browse->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J));
    QAction *leave = chat->addAction(tr("&Leave Room"), this, &MainWindow::leaveCurrentRoom);
    leave->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    chat->addSeparator();
    QAction *reconnect = chat->addAction(tr("&Reconnect Now"), m_client, &ChatClient::reconnectNow);
    reconnect->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    chat->addSeparator();
    QAction *quit = chat->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    QAction *next = go->addAction(tr("&Next Room"), this, [this] { showAdjacentRoom(1); });
    next->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    QAction *previous = go->addAction(tr("&Previous Room"), this, [this] { showAdjacentRoom(-1); });
    previous->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    for (int n = 1; n <= 9; ++n) {
        auto *shortcut = new QShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_0 + n)), this);
        connect(shortcut, &QShortcut::activated, this, [this, n] { showRoomAt(n - 1); });
    }
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    fitRoomSections();
}

void MainWindow::fitRoomSections()
{
    // The joined rooms take the room they need (up to half the sidebar), the directory the rest.
    const int total = m_sections->height();
    const int rows = m_client->roomList()->rowCount();
    const int rowHeight = rows > 0 ? m_roomList->sizeHintForRow(0) : 32;
    const int wanted = m_roomsTitle->sizeHint().height() + std::max(rows, 3) * rowHeight + 12;
    const int joined = std::min(wanted, total / 2);
    m_sections->setSizes({ joined, total - joined });
}

void MainWindow::showRoom(const QString &room)
{
    const int row = m_client->roomList()->rowOf(room);
    if (row >= 0)
        showRoomAt(row);
}

void MainWindow::showRoomAt(int row)
{
    RoomSession *session = m_client->room(m_client->roomList()->roomAt(row));
    if (!session)
        return;
    RoomView *view = m_views.value(session->room());
    m_stack->setCurrentWidget(view);
    const QModelIndex index = m_client->roomList()->index(row);
    if (m_roomList->currentIndex() != index)
        m_roomList->setCurrentIndex(index);
    m_client->setCurrentRoom(session->room());
    view->setFocus();
    updateTitle();
}

void MainWindow::showAdjacentRoom(int step)
{
    const int count = m_client->roomList()->rowCount();
    if (count == 0)
        return;
    const int row = m_roomList->currentIndex().isValid() ? m_roomList->currentIndex().row() : 0;
    showRoomAt(((row + step) % count + count) % count);
}

void MainWindow::onRoomJoined(RoomSession *session)
{
    if (m_views.contains(session->room()))
        return;
    auto *view = new RoomView(session, m_stack);
    m_views.insert(session->room(), view);
    m_stack->addWidget(view);
    if (!m_client->currentRoom())
        showRoom(session->room());
    if (isVisible())
        fitRoomSections();
}

void MainWindow::onRoomLeft(const QString &room)
{
    RoomView *view = m_views.take(room);
    if (view) {
        m_stack->removeWidget(view);
        view->deleteLater();
    }
    if (isVisible())
        fitRoomSections();
    if (m_client->rooms().isEmpty()) {
        m_stack->setCurrentWidget(m_empty);
        m_client->setCurrentRoom({});
        updateTitle();
    } else if (!m_client->currentRoom()) {
        showRoomAt(0);
    }
}

bool MainWindow::joinAndShow(const QString &room)
{
    if (const auto joined = m_client->joinRoom(room); !joined) {
        QToolTip::showText(m_joinEdit->mapToGlobal(QPoint(0, m_joinEdit->height())),
                           joined.error().message, m_joinEdit);
        return false;
    }
    showRoom(room);
    return true;
}

void MainWindow::joinFromEdit()
{
    const QString name = m_joinEdit->text().trimmed();
    if (!name.isEmpty() && joinAndShow(name))
        m_joinEdit->clear();
}

void MainWindow::leaveCurrentRoom()
{
    RoomSession *session = m_client->currentRoom();
    if (!session)
        return;
    if (const int unsent = session->unsentCount(); unsent > 0) {
        const auto answer = QMessageBox::question(
            this, tr("Leave #%1?").arg(session->room()),
            unsent == 1 ? tr("A message you wrote has not reached the server yet. Leaving the room "
                             "throws it away.")
                        : tr("%1 messages you wrote have not reached the server yet. Leaving the "
                             "room throws them away.")
                              .arg(unsent),
            QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Discard)
            return;
    }
    const QString room = session->room();
    m_client->setCurrentRoom({});
    m_client->leaveRoom(room);
}

void MainWindow::updateTitle()
{
    const QString server = m_client->api()->baseUrl().toDisplayString();
    RoomSession *session = m_client->currentRoom();
    setWindowTitle(session ? tr("#%1 — %2 on %3").arg(session->room(), m_client->nickname(), server)
                           : tr("Chat — %1 on %2").arg(m_client->nickname(), server));
}

} // namespace chat::desktop
