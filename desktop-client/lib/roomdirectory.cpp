#include "desktop-client/lib/roomdirectory.h"

#include "desktop-client/lib/api/roomdirectoryrequest.h"

namespace chat::desktop {

RoomDirectory::RoomDirectory(ChatApi *api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{ }

RoomDirectory::~RoomDirectory()
{
    delete m_request;
}

void RoomDirectory::refresh()
{
    load({});
}

void RoomDirectory::loadMore()
{
    if (m_hasMore && !m_request)
        load(m_model.lastRoom());
}

void RoomDirectory::load(const QString &before)
{
    delete m_request; // a refresh replaces whatever was on its way
    m_request = new RoomDirectoryRequest(m_api, before, this);
    m_request->setRetryPolicy({ 3, 1000, 5000 });
    connect(m_request, &ApiRequest::finished, this, [this, request = m_request.data()] {
        m_request = nullptr;
        request->deleteLater();
        if (request->state() != ApiRequest::State::Succeeded) {
            m_error = request->errorString();
            emit loadingChanged(false);
            emit failed(m_error);
            return;
        }
        m_error.clear();
        QList<RoomDirectoryModel::Room> rooms;
        for (const RoomDirectoryRequest::Room &room : request->rooms())
            rooms.append({ room.name, room.messages, room.lastMessageAt, room.online });
        if (request->before().isEmpty())
            m_model.setRooms(rooms);
        else
            m_model.appendRooms(rooms);
        m_hasMore = request->mayHaveMore();
        m_loaded = true;
        emit loadingChanged(false);
        emit loaded();
    });
    m_request->start();
    emit loadingChanged(true);
}

} // namespace chat::desktop
