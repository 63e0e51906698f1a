// The main window rendered offscreen against a real chat-server: rooms with unread counts,
// own/pending/failed messages, HTML shown literally, a mention highlighted and notified, who is
// online and who is typing, the rooms directory to join from, the composer's keys and limits,
// room shortcuts. Saves test-artifacts/desktop-main.png for a human to look at.
#include "desktop-client/lib/chatclient.h"
#include "desktop-client/lib/clientsettings.h"
#include "desktop-client/lib/models/roomdirectorymodel.h"
#include "desktop-client/lib/roomdirectory.h"
#include "desktop-client/lib/roomsession.h"
#include "desktop-client/ui/composeredit.h"
#include "desktop-client/ui/connectdialog.h"
#include "desktop-client/ui/connectionstatus.h"
#include "desktop-client/ui/mainwindow.h"
#include "desktop-client/ui/messagedelegate.h"
#include "desktop-client/ui/onlinepanel.h"
#include "desktop-client/ui/roomdirectoryview.h"
#include "desktop-client/ui/roomview.h"
#include "desktop-client/ui/traynotifier.h"
#include "tests/support/httptestclient.h"
#include "tests/support/serverprocess.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace chat;
using namespace chat::desktop;
using namespace chat::test;
using namespace Qt::StringLiterals;

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void rendersRoomsAndMessages();
    void enterSendsShiftEnterBreaksTheLine();
    void limitIsShownBeforeSending();
    void shortcutsSwitchRooms();
    void directoryJoinsOnClick();
    void failedMessageRetriesOnClick();
    void connectDialogChecksTheServer();
    void settingsRememberRooms();
    void statusBarCountsDownAndRetries();

private:
    QStringList texts(const QString &room) const;
    // Someone else, over plain HTTP: a heartbeat or a typing notice in a room.
    int signal(const QString &room, const QByteArray &what, const QString &from);

    ServerProcess m_server { kUnlimitedPosting };
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    QVERIFY2(m_server.start(), m_server.output().constData());
    const quint16 port = m_server.port();
    QCOMPARE(postForm(port, u"general"_s, u"bob"_s, u"Morning all! Coffee is on."_s).status, 200);
    QCOMPARE(postForm(port, u"general"_s, u"alice"_s, u"Thanks Bob ☕"_s).status, 200);
    QCOMPARE(postForm(port, u"general"_s, u"carol"_s,
                      u"Here is a long one, to see that text wraps nicely inside the bubble "
                      u"instead of running off the edge of the window: lorem ipsum dolor sit "
                      u"amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt."_s)
                 .status,
             200);
    QCOMPARE(postForm(port, u"general"_s, u"<i>mallory</i>"_s,
                      u"<b>not bold</b> <a href=\"x\">not a link</a> &amp;"_s)
                 .status,
             200);

    // Other rooms, for the directory.
    for (const auto &[room, count] :
         { std::pair { u"design reviews"_s, 12 }, std::pair { u"help"_s, 4 },
           std::pair { u"off-topic"_s, 27 } }) {
        for (int i = 1; i <= count; ++i)
            QCOMPARE(postForm(port, room, u"dave"_s, u"message %1"_s.arg(i)).status, 200);
    }
    QCOMPARE(signal(u"off-topic"_s, "presence", u"dave"_s), 204);

    m_client = std::make_unique<ChatClient>(QUrl(u"http://127.0.0.1:%1"_s.arg(port)), u"alice"_s);
    m_window = std::make_unique<MainWindow>(m_client.get());
    for (const QString &room : { u"general"_s, u"random"_s, u"release planning 2025"_s })
        QVERIFY(m_client->joinRoom(room));
    m_window->showRoom(u"general"_s);
    m_window->resize(1100, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_COMPARE_WITH_TIMEOUT(m_client->connectionState(), EventStream::State::Connected, 15000);
}

void TestMainWindow::cleanupTestCase()
{
    m_window.reset();
    m_client.reset();
    QCOMPARE(m_server.terminate(), 0);
}

int TestMainWindow::signal(const QString &room, const QByteArray &what, const QString &from)
{
    return post(m_server.port(), "/rooms/" + QUrl::toPercentEncoding(room) + '/' + what + '/',
                "application/x-www-form-urlencoded", "from=" + QUrl::toPercentEncoding(from))
        .status;
}

QStringList TestMainWindow::texts(const QString &room) const
{
    QStringList result;
    MessageListModel *model = m_client->room(room)->messages();
    for (int row = 0; row < model->rowCount(); ++row)
        result.append(model->index(row).data(MessageListModel::TextRole).toString());
    return result;
}

void TestMainWindow::rendersRoomsAndMessages()
{
    const quint16 port = m_server.port();
    // News in rooms not in view: unread badges.
    for (int i = 1; i <= 3; ++i)
        QCOMPARE(postForm(port, u"random"_s, u"dave"_s, u"random %1"_s.arg(i)).status, 200);
    QCOMPARE(postForm(port, u"release planning 2025"_s, u"erin"_s, u"RC1 is tagged"_s).status, 200);
    QTRY_COMPARE(m_client->room(u"random"_s)->unreadCount(), 3);
    QTRY_COMPARE(m_client->room(u"release planning 2025"_s)->unreadCount(), 1);
    QCOMPARE(m_client->room(u"general"_s)->unreadCount(), 0);

    RoomView *view = m_window->roomView(u"general"_s);
    view->composer()->setPlainText(u"I'll bring croissants 🥐"_s);
    QVERIFY(view->sendComposed());
    QTRY_COMPARE(texts(u"general"_s).size(), 5);
    QTRY_COMPARE(m_client->room(u"general"_s)->messages()->storedCount(), 5);
    // A refused send (control character): shown failed, with the server's reason.
    m_client->room(u"general"_s)->send(u"bell \u0007"_s);
    QTRY_COMPARE(m_client->room(u"general"_s)
                     ->messages()
                     ->index(5)
                     .data(MessageListModel::DeliveryRole)
                     .value<MessageListModel::Delivery>(),
                 MessageListModel::Delivery::Failed);
    view->composer()->setPlainText(u"Draft with a second line"_s);
    QCOMPARE(m_window->connectionStatus()->text(), u"Connected"_s);

    // A mention of us in the room in view: highlighted, and notified all the same.
    TrayNotifier *notifier = m_window->notifier();
    const int mentionsBefore = notifier->mentionCount();
    QCOMPARE(postForm(port, u"general"_s, u"bob"_s,
                      u"@Alice could you look at the release notes before lunch?"_s)
                 .status,
             200);
    QTRY_COMPARE(notifier->mentionCount(), mentionsBefore + 1);
    QTRY_COMPARE(m_client->room(u"general"_s)->messages()->storedCount(), 6);
    QVERIFY(
        MessageDelegate::isMention(m_client->room(u"general"_s)->messages()->index(5), u"alice"_s));
    QVERIFY(!MessageDelegate::isMention(m_client->room(u"general"_s)->messages()->index(0),
                                        u"alice"_s));

    // Who is here, and who is typing.
    QCOMPARE(signal(u"general"_s, "presence", u"bob"_s), 204);
    QCOMPARE(signal(u"general"_s, "presence", u"carol"_s), 204);
    QTRY_COMPARE(view->onlinePanel()->heading(), u"Online — 3"_s);
    QCOMPARE(m_client->room(u"general"_s)->online()->nicknames(),
             (QStringList { u"alice"_s, u"bob"_s, u"carol"_s }));
    QCOMPARE(signal(u"general"_s, "typing", u"bob"_s), 204);
    QCOMPARE(signal(u"general"_s, "typing", u"carol"_s), 204);
    QTRY_COMPARE(view->typingLabel()->text(), u"bob and carol are typing…"_s);

    // The directory: every room of the server, the most recently active first, ours ticked.
    m_client->directory()->refresh();
    QTRY_VERIFY(!m_client->directory()->isLoading());
    const QStringList directory = m_client->directory()->model()->names();
    QCOMPARE(directory.first(), u"general"_s);
    for (const QString &room : { u"random"_s, u"help"_s, u"design reviews"_s, u"off-topic"_s })
        QVERIFY2(directory.contains(room), qPrintable(directory.join(u", "_s)));
    QVERIFY(m_client->directory()->model()->index(0).data(RoomDirectoryModel::JoinedRole).toBool());
    QCOMPARE(m_window->directoryView()->statusText(), QString());

    // HTML stays text: the delegate lays out the characters themselves.
    const QModelIndex html = m_client->room(u"general"_s)->messages()->index(3);
    QCOMPARE(html.data(Qt::DisplayRole).toString(),
             u"<b>not bold</b> <a href=\"x\">not a link</a> &amp;"_s);

    QCOMPARE(MessageDelegate::displayText(u"<b>x</b>\tbell \u0007\nnext"_s),
             u"<b>x</b> bell \u2407\u2028next"_s);

    QApplication::processEvents();
    QTest::qWait(50); // a paint cycle for the scrolled list
    const QImage shot = m_window->grab().toImage();
    QVERIFY(QDir().mkpath(QStringLiteral(CHAT_ARTIFACTS_DIR)));
    const QString path = QStringLiteral(CHAT_ARTIFACTS_DIR "/desktop-main.png");
    QVERIFY(shot.save(path));
    qInfo("screenshot: %s", qPrintable(path));
    view->composer()->clear();
}

void TestMainWindow::enterSendsShiftEnterBreaksTheLine()
{
    m_window->showRoom(u"random"_s);
    RoomView *view = m_window->roomView(u"random"_s);
    QCOMPARE(m_client->room(u"random"_s)->unreadCount(), 0);
    ComposerEdit *composer = view->composer();
    composer->setFocus();
    QTest::keyClicks(composer, u"two"_s);
    QTest::keyClick(composer, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(composer, u"lines"_s);
    QCOMPARE(composer->toPlainText(), u"two\nlines"_s);
    // Typing told the room, once for all those keys (at most every 2 s).
    QCOMPARE(m_client->room(u"random"_s)->typingReporter()->sent(), 1);
    QTest::keyClick(composer, Qt::Key_Return);
    QVERIFY(composer->toPlainText().isEmpty());
    QTRY_VERIFY(texts(u"random"_s).contains(u"two\nlines"_s));
    QTRY_COMPARE(m_client->room(u"random"_s)->messages()->storedCount(), 4);
}

void TestMainWindow::limitIsShownBeforeSending()
{
    RoomView *view = m_window->roomView(u"random"_s);
    // 4096 characters of which many are outside the BMP (two UTF-16 units each): still fits.
    view->composer()->setPlainText(QString(4000, u'a') + QString(96, u'x').replace(u"x"_s, u"😀"_s));
    QCOMPARE(view->limitText(), u"4096 / 4096"_s);
    QVERIFY(view->sendButton()->isEnabled());
    view->composer()->insertPlainText(u"!"_s);
    QCOMPARE(view->limitText(), u"4097 / 4096"_s);
    QVERIFY(!view->sendButton()->isEnabled());
    QVERIFY(!view->sendComposed());
    view->composer()->setPlainText(u"   "_s);
    QVERIFY(!view->sendButton()->isEnabled()); // only whitespace
    view->composer()->clear();
}

void TestMainWindow::shortcutsSwitchRooms()
{
    m_window->activateWindow();
    m_window->showRoom(u"general"_s);
    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::AltModifier);
    QCOMPARE(m_client->currentRoom()->room(), u"release planning 2025"_s);
    QCOMPARE(m_client->room(u"release planning 2025"_s)->unreadCount(), 0);
    QTest::keyClick(m_window.get(), Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(m_client->currentRoom()->room(), u"general"_s); // wraps around
    QTest::keyClick(m_window.get(), Qt::Key_PageUp, Qt::ControlModifier);
    QCOMPARE(m_client->currentRoom()->room(), u"release planning 2025"_s);
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::AltModifier);
    QCOMPARE(m_client->currentRoom()->room(), u"general"_s);
    QCOMPARE(m_window->roomList()->currentIndex().row(), 0);
}

void TestMainWindow::directoryJoinsOnClick()
{
    RoomDirectoryView *directory = m_window->directoryView();
    RoomDirectoryModel *model = m_client->directory()->model();
    const int row = model->rowOf(u"help"_s);
    QVERIFY(row >= 0);
    QListView *list = directory->list();
    list->scrollTo(model->index(row));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualRect(model->index(row)).center());
    QVERIFY(m_client->room(u"help"_s));
    QCOMPARE(m_client->currentRoom()->room(), u"help"_s);
    QVERIFY(model->index(row).data(RoomDirectoryModel::JoinedRole).toBool());
    QTRY_COMPARE(texts(u"help"_s).size(), 4);
    // Back as it was, for the tests after this one.
    m_client->leaveRoom(u"help"_s);
    QVERIFY(!model->index(row).data(RoomDirectoryModel::JoinedRole).toBool());
    m_window->showRoom(u"general"_s);
    QCOMPARE(m_client->roomNames().size(), 3);
}

void TestMainWindow::failedMessageRetriesOnClick()
{
    RoomView *view = m_window->roomView(u"general"_s);
    MessageListModel *model = m_client->room(u"general"_s)->messages();
    const int row = model->rowCount() - 1;
    QCOMPARE(
        model->index(row).data(MessageListModel::DeliveryRole).value<MessageListModel::Delivery>(),
        MessageListModel::Delivery::Failed);
    QVERIFY(MessageDelegate::deliveryText(model->index(row)).contains(u"control characters"_s));
    QListView *list = view->messageList();
    list->scrollToBottom();
    const QRect rect = list->visualRect(model->index(row));
    QSignalSpy changes(model, &QAbstractItemModel::dataChanged);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(
        model->index(row).data(MessageListModel::DeliveryRole).value<MessageListModel::Delivery>(),
        MessageListModel::Delivery::Pending);
    // Retried: the server refuses it again, with the same reason.
    QTRY_COMPARE(changes.size(), 2);
    QCOMPARE(
        model->index(row).data(MessageListModel::DeliveryRole).value<MessageListModel::Delivery>(),
        MessageListModel::Delivery::Failed);
}

void TestMainWindow::connectDialogChecksTheServer()
{
    ConnectDialog dialog;
    dialog.setNickname(u"alice"_s);
    dialog.setServer(u"ftp://example.org"_s);
    dialog.tryConnect();
    QVERIFY2(dialog.problem().contains(u"not an http"_s), qPrintable(dialog.problem()));

    QTcpServer closed; // a port where nothing answers
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 closedPort = closed.serverPort();
    closed.close();
    dialog.setServer(u"127.0.0.1:%1"_s.arg(closedPort));
    dialog.tryConnect();
    QTRY_VERIFY2(dialog.problem().startsWith(u"Cannot reach http://127.0.0.1:"_s),
                 qPrintable(dialog.problem()));
    QVERIFY(!dialog.serverUrl().isValid());

    dialog.setServer(u"127.0.0.1:%1"_s.arg(m_server.port())); // scheme added
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.tryConnect();
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(dialog.serverUrl(), QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.port())));
    QCOMPARE(dialog.nickname(), u"alice"_s);
}

void TestMainWindow::settingsRememberRooms()
{
    QStandardPaths::setTestModeEnabled(true); // a private settings file
    {
        ClientSettings settings;
        settings.setServerUrl(u"http://127.0.0.1:7999"_s);
        settings.setNickname(u"alice"_s);
        settings.setRooms(m_client->roomNames());
        settings.setCurrentRoom(u"random"_s);
    }
    ClientSettings again;
    QCOMPARE(again.serverUrl(), u"http://127.0.0.1:7999"_s);
    QCOMPARE(again.nickname(), u"alice"_s);
    QCOMPARE(again.rooms(),
             (QStringList { u"general"_s, u"random"_s, u"release planning 2025"_s }));
    QCOMPARE(again.currentRoom(), u"random"_s);
}

void TestMainWindow::statusBarCountsDownAndRetries()
{
    QTcpServer closed; // a port where nothing answers
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const QUrl url(u"http://127.0.0.1:%1"_s.arg(closed.serverPort()));
    closed.close();
    ChatClient offline(url, u"alice"_s);
    ConnectionStatus status(&offline);
    QCOMPARE(status.text(), u"Not in any room"_s);
    QVERIFY(offline.joinRoom(u"general"_s));
    QTRY_VERIFY2(status.text().startsWith(u"Reconnecting in "_s), qPrintable(status.text()));
    QVERIFY(status.text().contains(u"refused"_s, Qt::CaseInsensitive));
    QVERIFY(status.retryButton()->isVisibleTo(&status));
    QSignalSpy attempts(&offline, &ChatClient::connectionChanged);
    status.retryButton()->click(); // tries again at once
    QVERIFY(!attempts.isEmpty());
    QTRY_VERIFY(status.text().startsWith(u"Reconnecting in "_s));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
