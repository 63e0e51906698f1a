#pragma once

#include "desktop-client/lib/api/apirequest.h"

#include <QDateTime>
#include <QList>

namespace chat::desktop {

// GET /rooms/: one page of the server's rooms, most recently active first.
class RoomDirectoryRequest : public ApiRequest
{
    Q_OBJECT
public:
    static constexpr int kPageSize = 50;

    struct Room
    {
        QString name;
        qint64 messages = 0;
        QDateTime lastMessageAt; // UTC
        int online = 0;

        friend bool operator==(const Room &, const Room &) = default;
    };

    // before: the last room of the previous page; empty: the first page.
    explicit RoomDirectoryRequest(ChatApi *api, QString before = {}, QObject *parent = nullptr);

    QString before() const { return m_before; }
    const QList<Room> &rooms() const { return m_rooms; }
    bool mayHaveMore() const { return m_rooms.size() >= kPageSize; } // a full page came

    // Reads {"rooms": [{"name", "messages", "last-message-at", "online"}, ...]}.
    static Result<QList<Room>> parseRooms(const QByteArray &body);

protected:
    QNetworkReply *send() override;
    Result<void> parse(const QByteArray &body) override;

private:
    QString m_before;
    QList<Room> m_rooms;
};

} // namespace chat::desktop
