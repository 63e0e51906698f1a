#include "desktop-client/lib/clientsettings.h"

namespace chat::desktop {

ClientSettings::ClientSettings()
    : m_settings(QStringLiteral("chat"), QStringLiteral("chat-desktop"))
{ }

QString ClientSettings::serverUrl() const
{
    return m_settings.value(QStringLiteral("server/url")).toString();
}

void ClientSettings::setServerUrl(const QString &url)
{
    m_settings.setValue(QStringLiteral("server/url"), url);
}

QString ClientSettings::nickname() const
{
    return m_settings.value(QStringLiteral("server/nickname")).toString();
}

void ClientSettings::setNickname(const QString &nickname)
{
    m_settings.setValue(QStringLiteral("server/nickname"), nickname);
}

QStringList ClientSettings::rooms() const
{
    return m_settings.value(QStringLiteral("rooms/open")).toStringList();
}

void ClientSettings::setRooms(const QStringList &rooms)
{
    m_settings.setValue(QStringLiteral("rooms/open"), rooms);
}

QString ClientSettings::currentRoom() const
{
    return m_settings.value(QStringLiteral("rooms/current")).toString();
}

void ClientSettings::setCurrentRoom(const QString &room)
{
    m_settings.setValue(QStringLiteral("rooms/current"), room);
}

QByteArray ClientSettings::windowGeometry() const
{
    return m_settings.value(QStringLiteral("window/geometry")).toByteArray();
}

void ClientSettings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings.setValue(QStringLiteral("window/geometry"), geometry);
}

} // namespace chat::desktop
