#pragma once

#include "desktop-client/lib/api/roomdirectoryrequest.h"
#include "desktop-client/lib/models/roomdirectorymodel.h"

#include <QObject>
#include <QPointer>

namespace chat::desktop {

class ChatApi;

// The rooms directory of a server (GET /rooms/), page by page, for joining a room from it.
class RoomDirectory : public QObject
{
    Q_OBJECT
public:
    explicit RoomDirectory(ChatApi *api, QObject *parent = nullptr);
    ~RoomDirectory() override;

    RoomDirectoryModel *model() { return &m_model; }

    void refresh(); // the first page again
    void loadMore(); // the page after the last room shown
    bool isLoading() const { return m_request != nullptr; }
    bool hasMore() const { return m_hasMore; }
    bool hasLoaded() const { return m_loaded; }
    QString errorString() const { return m_error; } // of the last failed load

signals:
    void loadingChanged(bool loading);
    void loaded();
    void failed(const QString &error);

private:
    void load(const QString &before);

    ChatApi *m_api;
    RoomDirectoryModel m_model;
    QPointer<RoomDirectoryRequest> m_request;
    bool m_hasMore = false;
    bool m_loaded = false;
    QString m_error;
};

} // namespace chat::desktop
