#include "desktop-client/ui/traynotifier.h"

#include "desktop-client/lib/chatclient.h"
#include "desktop-client/lib/mentions.h"
#include "desktop-client/lib/roomsession.h"

#include <QApplication>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QWidget>

namespace chat::desktop {

TrayNotifier::TrayNotifier(ChatClient *client, QWidget *window)
    : QObject(window)
    , m_client(client)
    , m_window(window)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(
            QApplication::style()->standardIcon(QStyle::SP_MessageBoxInformation), this);
        m_tray->setToolTip(tr("Chat"));
        m_tray->show();
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            if (m_window) {
                m_window->showNormal();
                m_window->activateWindow();
            }
            emit roomActivated(m_lastRoom);
        });
    }
    connect(client, &ChatClient::messageArrived, this, &TrayNotifier::onMessage);
}

bool TrayNotifier::mentionsUs(const Message &message) const
{
    return message.from != m_client->nickname()
        && mentionsNickname(message.text, m_client->nickname());
}

bool TrayNotifier::shouldNotify(const RoomSession *session, const Message &message) const
{
    if (mentionsUs(message))
        return true; // even in the room in view: someone wants our attention
    const bool focused = m_window && m_window->isActiveWindow();
    return !focused || session != m_client->currentRoom();
}

void TrayNotifier::onMessage(RoomSession *session, const Message &message)
{
    if (!shouldNotify(session, message))
        return;
    const bool mention = mentionsUs(message);
    ++m_count;
    m_mentions += mention ? 1 : 0;
    m_lastRoom = session->room();
    if (!m_tray)
        return;
    QString text = message.text;
    if (text.size() > 200)
        text = text.left(200) + u'…';
    // Notification bodies may be shown as markup by some desktops: escape it.
    const QString title = mention ? tr("%1 mentioned you in #%2").arg(message.from, session->room())
                                  : tr("%1 in #%2").arg(message.from, session->room());
    m_tray->showMessage(title, text.toHtmlEscaped(), QSystemTrayIcon::Information, 5000);
}

} // namespace chat::desktop
