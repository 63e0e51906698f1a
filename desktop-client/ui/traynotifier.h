#pragma once

#include <QObject>
#include <QPointer>

class QSystemTrayIcon;
class QWidget;

namespace chat {
struct Message;
}

namespace chat::desktop {

class ChatClient;
class RoomSession;

// Tray notifications for messages that arrive in a room not in view, or while the window is
// not focused, and for every message that mentions our nickname (whole word, any case), even
// in the room in view; nothing shown when the desktop has no system tray.
class TrayNotifier : public QObject
{
    Q_OBJECT
public:
    TrayNotifier(ChatClient *client, QWidget *window);

    bool isAvailable() const { return m_tray != nullptr; }
    // Whether `message`, arrived in `session`, would be announced now.
    bool shouldNotify(const RoomSession *session, const Message &message) const;
    bool mentionsUs(const Message &message) const;
    int notificationCount() const { return m_count; } // announced (or would have been)
    int mentionCount() const { return m_mentions; } // of which mentioned us

signals:
    void roomActivated(const QString &room); // the user clicked a notification

private:
    void onMessage(RoomSession *session, const Message &message);

    ChatClient *m_client;
    QPointer<QWidget> m_window;
    QSystemTrayIcon *m_tray = nullptr;
    QString m_lastRoom;
    int m_count = 0;
    int m_mentions = 0;
};

} // namespace chat::desktop
