#pragma once

#include "desktop-client/lib/api/historyrequest.h"
#include "desktop-client/lib/eventstream.h"
#include "desktop-client/lib/models/messagelistmodel.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace chat::desktop {

class ChatApi;
class SendOperation;

// One joined room: its history, its live event stream (resumed from the history's last event id
// so nothing falls between them), our sends and the unread count.
class RoomSession : public QObject
{
    Q_OBJECT
public:
    RoomSession(ChatApi *api, QString room, QString nickname, QObject *parent = nullptr);
    ~RoomSession() override;

    QString room() const { return m_room; }
    QString nickname() const { return m_nickname; }
    MessageListModel *messages() { return &m_messages; }
    EventStream *stream() { return &m_stream; }

    void start(); // loads the history, then follows the stream
    void stop();
    void reconnectNow();

    // The connection as the status bar shows it.
    EventStream::State connectionState() const;
    qint64 msUntilRetry() const;
    QString lastError() const;
    bool historyLoaded() const { return m_historyLoaded; }

    bool hasOlder() const { return m_hasOlder; }
    bool isLoadingOlder() const { return m_olderRequest != nullptr; }
    void loadOlder(); // the page before the oldest message shown

    int unreadCount() const { return m_unread; }
    void setActive(bool active); // in view: nothing unread
    bool isActive() const { return m_active; }

    int send(const QString &text); // a local id (see MessageListModel)
    void retry(int localId);

signals:
    void connectionChanged();
    void unreadChanged(int count);
    void messageArrived(const chat::Message &message); // live, from someone else
    void olderLoaded(int added);
    void historyReloaded();

private:
    void loadHistory();
    void onHistoryFinished();
    void onEvent(const SseEvent &event);
    void onSendFinished(SendOperation *operation, int localId);

    ChatApi *m_api;
    QString m_room;
    QString m_nickname;
    MessageListModel m_messages;
    EventStream m_stream;
    QPointer<HistoryRequest> m_historyRequest;
    QPointer<HistoryRequest> m_olderRequest;
    QHash<int, SendOperation *> m_sends;
    bool m_historyLoaded = false;
    bool m_hasOlder = true;
    bool m_active = false;
    int m_unread = 0;
};

} // namespace chat::desktop
