#pragma once

#include <QHash>
#include <QMainWindow>
#include <QTimer>

class QLabel;
class QLineEdit;
class QListView;
class QSplitter;
class QStackedWidget;

namespace chat::desktop {

class ChatClient;
class ConnectionStatus;
class RoomDirectoryView;
class RoomSession;
class RoomView;
class TrayNotifier;

// The main screen: joined rooms in a sidebar (with unread counts), the server's other rooms under
// them to join from (refreshed every minute) and a box to join one by name, the room in view,
// and the connection in the status bar. Ctrl+PgUp/PgDown and Alt+1..9 switch rooms.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ChatClient *client, QWidget *parent = nullptr);

    void showRoom(const QString &room);
    void showRoomAt(int row);
    void showAdjacentRoom(int step); // +1 next, -1 previous, wrapping
    RoomView *roomView(const QString &room) const { return m_views.value(room); }
    QListView *roomList() const { return m_roomList; }
    QLineEdit *joinEdit() const { return m_joinEdit; }
    RoomDirectoryView *directoryView() const { return m_directory; }
    // Joins a room (if need be) and shows it; false, with the reason shown, for a bad name.
    bool joinAndShow(const QString &room);
    ConnectionStatus *connectionStatus() const { return m_status; }
    TrayNotifier *notifier() const { return m_notifier; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void createActions();
    void fitRoomSections();
    void onRoomJoined(RoomSession *session);
    void onRoomLeft(const QString &room);
    void joinFromEdit();
    void leaveCurrentRoom();
    void updateTitle();

    ChatClient *m_client;
    QListView *m_roomList;
    QLineEdit *m_joinEdit;
    RoomDirectoryView *m_directory;
    QLabel *m_roomsTitle;
    QSplitter *m_sections;
    QTimer m_directoryRefresh;
    QStackedWidget *m_stack;
    QLabel *m_empty;
    ConnectionStatus *m_status;
    TrayNotifier *m_notifier;
    QHash<QString, RoomView *> m_views;
};

} // namespace chat::desktop
