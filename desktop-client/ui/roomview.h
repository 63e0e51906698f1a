#pragma once

#include <QWidget>

class QLabel;
class QListView;
class QPushButton;

namespace chat::desktop {

class ComposerEdit;
class OnlinePanel;
class RoomSession;

// One room on screen: its messages (older pages load when scrolled to the top; the view follows
// new messages while at the bottom), who is online beside them, who is typing under them, and
// the composer with its character count (typing in it tells the room).
class RoomView : public QWidget
{
    Q_OBJECT
public:
    explicit RoomView(RoomSession *session, QWidget *parent = nullptr);

    RoomSession *session() const { return m_session; }
    QListView *messageList() const { return m_list; }
    ComposerEdit *composer() const { return m_composer; }
    QPushButton *sendButton() const { return m_send; }
    QString limitText() const; // "12 / 4096" or the problem with the text
    QLabel *typingLabel() const { return m_typing; }
    OnlinePanel *onlinePanel() const { return m_online; }

    bool sendComposed(); // what Enter and the button do; false when the text is not acceptable

private:
    void updateLimit();
    void onComposerChanged();
    void onRowsInserted(int first);
    void onScrolled(int value);

    RoomSession *m_session;
    QLabel *m_title;
    QListView *m_list;
    QLabel *m_typing;
    OnlinePanel *m_online;
    ComposerEdit *m_composer;
    QLabel *m_limit;
    QPushButton *m_send;
    bool m_followBottom = true;
};

} // namespace chat::desktop
