#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace chat::desktop {

class ChatClient;

// The status bar's account of the connection: "Connected", "Connecting…" or "Reconnecting in
// N s" with the reason and a "Retry now" button.
class ConnectionStatus : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionStatus(ChatClient *client, QWidget *parent = nullptr);

    QString text() const; // what the label says, for tests
    QPushButton *retryButton() const { return m_retry; }

private:
    void update();

    ChatClient *m_client;
    QLabel *m_dot;
    QLabel *m_label;
    QPushButton *m_retry;
    QTimer m_tick;
};

} // namespace chat::desktop
