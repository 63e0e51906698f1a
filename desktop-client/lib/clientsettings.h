#pragma once

#include <QSettings>
#include <QString>
#include <QStringList>

namespace chat::desktop {

// What the client remembers between runs (QSettings, "chat"/"chat-desktop"): the server, the
// nickname, the rooms that were open and the one in view.
class ClientSettings
{
public:
    ClientSettings();

    QString serverUrl() const;
    void setServerUrl(const QString &url);
    QString nickname() const;
    void setNickname(const QString &nickname);
    QStringList rooms() const;
    void setRooms(const QStringList &rooms);
    QString currentRoom() const;
    void setCurrentRoom(const QString &room);
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);

private:
    mutable QSettings m_settings;
};

} // namespace chat::desktop
