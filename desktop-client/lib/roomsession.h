#pragma once

#include "desktop-client/lib/api/historyrequest.h"
#include "desktop-client/lib/eventstream.h"
#include "desktop-client/lib/models/messagelistmodel.h"
#include "desktop-client/lib/models/typingstate.h"
#include "desktop-client/lib/outbox.h"
#include "desktop-client/lib/roompresence.h"
#include "desktop-client/lib/typingreporter.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

namespace chat::desktop {

class ChatApi;
class SendOperation;

// One joined room: its history, its live event stream (resumed from the history's last event id
// so nothing falls between them), who is online and who is typing, our sends and the unread
// count. Sends go one at a time in the order written, each with its own Idempotency-Key, and are
// retried by themselves after any failure that can pass (no answer, 5xx, 429) until the server
// has them; with an outbox they are kept there until then, across restarts.
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
    RoomPresence *presence() { return &m_presence; }
    OnlineListModel *online() { return m_presence.online(); }
    TypingState *typing() { return &m_typing; }
    TypingReporter *typingReporter() { return &m_typingReporter; }

    // Where unsent messages are kept (may be null: in memory only); before start().
    void setOutbox(Outbox *outbox) { m_outbox = outbox; }
    // Unsent messages of an earlier run, shown as pending and sent again with their keys.
    void adopt(const QList<Outbox::Entry> &entries);

    void start(); // loads the history, then follows the stream; presence heartbeats
    void stop();
    // Stops, throws away what was not sent (from the outbox too) and says goodbye to the room
    // (status=offline), best effort within `timeoutMs`.
    void leave(int timeoutMs = 3000);
    void reconnectNow(); // the stream, and the sends waiting for the network

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
    // A failed send goes again; a waiting one goes now.
    void retry(int localId);
    int unsentCount() const { return int(m_sends.size()); } // not acknowledged yet
    void composing(const QString &text) { m_typingReporter.composing(text); }

signals:
    void connectionChanged();
    void unreadChanged(int count);
    void messageArrived(const chat::Message &message); // live, from someone else
    void olderLoaded(int added);
    void historyReloaded();

private:
    struct Outgoing
    {
        SendOperation *operation;
        QDateTime created;
    };

    bool followsHistory() const;
    void loadHistory();
    void onHistoryFinished();
    void onEvent(const SseEvent &event);
    void onMessageEvent(const SseEvent &event);
    void onStreamState(EventStream::State state);
    int enqueue(const Outbox::Entry &entry);
    void pump();
    void sendWaitingNow();
    void onSendFinished(SendOperation *operation, int localId);
    Outbox::Entry entryOf(const Outgoing &outgoing) const;
    void keep(const Outbox::Entry &entry);
    void forget(const QString &key);

    ChatApi *m_api;
    QString m_room;
    QString m_nickname;
    MessageListModel m_messages;
    EventStream m_stream;
    RoomPresence m_presence;
    TypingState m_typing;
    TypingReporter m_typingReporter;
    Outbox *m_outbox = nullptr;
    QPointer<HistoryRequest> m_historyRequest;
    QPointer<HistoryRequest> m_olderRequest;
    QHash<int, Outgoing> m_sends; // every send not yet stored, by local id
    QList<int> m_queue; // the sends to make, in order; the first one is on its way
    bool m_historyLoaded = false;
    bool m_resumeFromHistory = false; // after stream-error: the stream's id is no longer usable
    bool m_hasOlder = true;
    bool m_active = false;
    int m_unread = 0;
};

} // namespace chat::desktop
