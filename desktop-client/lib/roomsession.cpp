#include "desktop-client/lib/roomsession.h"

#include "desktop-client/lib/api/chatapi.h"
#include "desktop-client/lib/api/historyrequest.h"
#include "desktop-client/lib/api/sendoperation.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcClientRoom, "chat.client.room", QtInfoMsg)

namespace chat::desktop {

RoomSession::RoomSession(ChatApi *api, QString room, QString nickname, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_room(std::move(room))
    , m_nickname(std::move(nickname))
    , m_stream(api->network(), api->eventsUrl(m_room))
    , m_presence(api, m_room, m_nickname)
    , m_typingReporter(api, m_room, m_nickname)
{
    m_messages.setOwnNickname(m_nickname);
    m_typing.setOwnNickname(m_nickname);
    connect(&m_stream, &EventStream::eventReceived, this, &RoomSession::onEvent);
    connect(&m_stream, &EventStream::stateChanged, this, &RoomSession::onStreamState);
}

RoomSession::~RoomSession()
{
    stop();
}

void RoomSession::start()
{
    if (!m_presence.isRunning())
        m_presence.start();
    if (followsHistory())
        loadHistory();
    else
        m_stream.start();
    pump();
}

void RoomSession::stop()
{
    delete m_historyRequest;
    m_stream.stop();
    m_presence.stop();
    m_typing.clear();
}

void RoomSession::leave(int timeoutMs)
{
    stop();
    // Whoever leaves a room gives up what was not sent there (MainWindow asks first).
    for (const Outgoing &outgoing : std::as_const(m_sends)) {
        outgoing.operation->stop();
        forget(outgoing.operation->key());
    }
    m_presence.sayOffline(timeoutMs);
}

void RoomSession::reconnectNow()
{
    if (followsHistory()) {
        if (!m_historyRequest || m_historyRequest->state() == ApiRequest::State::Waiting)
            loadHistory();
    } else if (m_stream.state() != EventStream::State::Connected) {
        m_stream.reconnectNow();
    }
    sendWaitingNow();
}

bool RoomSession::followsHistory() const
{
    // Before the first page, and after stream-error until a page says where to resume.
    return !m_historyLoaded || m_resumeFromHistory;
}

EventStream::State RoomSession::connectionState() const
{
    if (!followsHistory())
        return m_stream.state();
    return m_historyRequest && m_historyRequest->state() == ApiRequest::State::Waiting
        ? EventStream::State::Waiting
        : EventStream::State::Connecting;
}

qint64 RoomSession::msUntilRetry() const
{
    if (!followsHistory())
        return m_stream.msUntilRetry();
    return m_historyRequest ? m_historyRequest->msUntilRetry() : 0;
}

QString RoomSession::lastError() const
{
    if (!followsHistory())
        return m_stream.lastError();
    return m_historyRequest ? m_historyRequest->errorString() : QString();
}

void RoomSession::loadHistory()
{
    delete m_historyRequest;
    m_historyRequest = new HistoryRequest(m_api, m_room, 0, this);
    // Until the first page arrives there is nothing to show (and after stream-error, no stream
    // to follow): keep trying, with backoff. A reload after stream-reset tries once; the stream
    // goes on meanwhile.
    if (followsHistory())
        m_historyRequest->setRetryPolicy({ 0, 1000, 30000 });
    connect(m_historyRequest, &ApiRequest::finished, this, &RoomSession::onHistoryFinished);
    connect(m_historyRequest, &ApiRequest::stateChanged, this, &RoomSession::connectionChanged);
    m_historyRequest->start();
}

void RoomSession::onHistoryFinished()
{
    HistoryRequest *request = m_historyRequest;
    m_historyRequest = nullptr;
    request->deleteLater();
    if (request->state() != ApiRequest::State::Succeeded) {
        qCInfo(lcClientRoom) << m_room << "history reload failed:" << request->errorString();
        emit connectionChanged();
        return;
    }
    m_messages.addMessages(request->messages());
    if (!m_historyLoaded && request->messages().size() < HistoryRequest::kPageSize)
        m_hasOlder = false;
    const bool first = !m_historyLoaded;
    m_historyLoaded = true;
    if (first || m_resumeFromHistory) {
        qCDebug(lcClientRoom) << m_room << "history up to" << request->lastEventId();
        m_resumeFromHistory = false;
        m_stream.setLastEventId(request->lastEventId());
        m_stream.start();
    }
    emit historyReloaded();
    emit connectionChanged();
}

void RoomSession::loadOlder()
{
    if (m_olderRequest || !m_hasOlder || !m_historyLoaded || m_messages.oldestId() == 0)
        return;
    m_olderRequest = new HistoryRequest(m_api, m_room, m_messages.oldestId(), this);
    connect(m_olderRequest, &ApiRequest::finished, this, [this] {
        HistoryRequest *request = m_olderRequest;
        m_olderRequest = nullptr;
        request->deleteLater();
        if (request->state() != ApiRequest::State::Succeeded)
            return; // scrolling up again asks again
        const int added = m_messages.addMessages(request->messages());
        if (request->messages().size() < HistoryRequest::kPageSize)
            m_hasOlder = false;
        emit olderLoaded(added);
    });
    m_olderRequest->start();
}

void RoomSession::onStreamState(EventStream::State state)
{
    if (state == EventStream::State::Connected) {
        m_presence.streamConnected();
        sendWaitingNow(); // the server answers again: no need to wait out the backoff
    } else if (state == EventStream::State::Waiting) {
        m_typing.clear(); // nobody can tell us they stopped
    }
    emit connectionChanged();
}

void RoomSession::onEvent(const SseEvent &event)
{
    if (event.type.isEmpty() || event.type == "message") {
        onMessageEvent(event);
    } else if (event.type == "presence") {
        m_presence.applyEvent(event.data);
        const QJsonObject object = QJsonDocument::fromJson(event.data).object();
        if (object.value(QStringLiteral("status")).toString() == QStringLiteral("offline"))
            m_typing.noteStopped(object.value(QStringLiteral("from")).toString());
    } else if (event.type == "message-deleted") {
        // The operator removed a message: an event with an id of its own, like a message.
        const qint64 id
            = QJsonDocument::fromJson(event.data).object().value(QStringLiteral("id")).toInteger();
        if (id > 0 && m_messages.removeMessage(id))
            qCInfo(lcClientRoom) << m_room << "message" << id << "was removed by the operator";
    } else if (event.type == "typing") {
        m_typing.noteTyping(
            QJsonDocument::fromJson(event.data).object().value(QStringLiteral("from")).toString());
    } else if (event.type == "stream-reset" || event.type == "stream-error") {
        // The server cannot replay from our id: the history fills the gap. After stream-reset
        // the stream goes on from the id the event carries; after stream-error that id
        // ("error") cannot be resumed from, so the history's is used.
        qCInfo(lcClientRoom) << m_room << event.type << event.data;
        if (event.type == "stream-error") {
            m_resumeFromHistory = true;
            m_stream.stop(); // until the history says where to resume
        }
        loadHistory();
    } else {
        // stream-open, keep-alive, and whatever a newer server may add.
        qCDebug(lcClientRoom) << m_room << "ignores an event of type" << event.type;
    }
}

void RoomSession::onMessageEvent(const SseEvent &event)
{
    auto message = Message::fromJson(event.data);
    if (!message) {
        qCWarning(lcClientRoom) << m_room
                                << "ignores a malformed message:" << message.error().message;
        return;
    }
    message->room = m_room;
    m_typing.noteStopped(message->from); // what they were typing has come
    if (!m_messages.addMessage(*message) || message->from == m_nickname)
        return;
    if (!m_active) {
        ++m_unread;
        emit unreadChanged(m_unread);
    }
    emit messageArrived(*message);
}

void RoomSession::setActive(bool active)
{
    m_active = active;
    if (active && m_unread != 0) {
        m_unread = 0;
        emit unreadChanged(0);
    }
}

int RoomSession::send(const QString &text)
{
    const Outbox::Entry entry { SendOperation::newKey(), m_room, m_nickname, text,
                                QDateTime::currentDateTimeUtc() };
    keep(entry); // on disk before it leaves: a crash from here on loses nothing
    return enqueue(entry);
}

void RoomSession::adopt(const QList<Outbox::Entry> &entries)
{
    for (const Outbox::Entry &entry : entries) {
        const bool known = std::any_of(m_sends.cbegin(), m_sends.cend(), [&](const Outgoing &o) {
            return o.operation->key() == entry.key;
        });
        if (!known && entry.room == m_room && entry.from == m_nickname)
            enqueue(entry);
    }
}

int RoomSession::enqueue(const Outbox::Entry &entry)
{
    const int localId = m_messages.addPending(entry.from, entry.text, entry.created);
    auto *operation = new SendOperation(m_api, m_room, entry.from, entry.text, entry.key, this);
    // The key makes every attempt safe to repeat, even one whose answer was lost: anything that
    // can pass is tried again, with backoff, until the server has the message.
    operation->setRetryPolicy({ 0, 1000, 30000, ApiRequest::Retry::TransientFailures });
    m_sends.insert(localId, { operation, entry.created });
    m_queue.append(localId);
    connect(operation, &ApiRequest::finished, this,
            [this, operation, localId] { onSendFinished(operation, localId); });
    connect(operation, &ApiRequest::stateChanged, this,
            [this, operation, localId](ApiRequest::State state) {
                if (state == ApiRequest::State::Waiting)
                    m_messages.markWaiting(localId, operation->msUntilRetry(),
                                           operation->errorString());
                else if (state == ApiRequest::State::Running)
                    m_messages.markPending(localId);
            });
    pump();
    return localId;
}

void RoomSession::pump()
{
    if (m_queue.isEmpty())
        return;
    SendOperation *head = m_sends.value(m_queue.first()).operation;
    const auto state = head->state();
    if (state == ApiRequest::State::Created || state == ApiRequest::State::Failed)
        head->start(); // Running and Waiting: on its way already
}

void RoomSession::sendWaitingNow()
{
    // Only a send that got no answer: one the server asked to wait (429, 503) waits still.
    if (m_queue.isEmpty())
        return;
    SendOperation *head = m_sends.value(m_queue.first()).operation;
    if (head->state() == ApiRequest::State::Waiting && head->httpStatus() == 0)
        head->start();
}

void RoomSession::retry(int localId)
{
    const auto it = m_sends.constFind(localId);
    if (it == m_sends.cend())
        return;
    SendOperation *operation = it->operation;
    if (operation->state() == ApiRequest::State::Waiting) {
        operation->start(); // now rather than later
        return;
    }
    if (operation->state() != ApiRequest::State::Failed || m_queue.contains(localId))
        return;
    keep(entryOf(*it));
    m_messages.markPending(localId);
    m_queue.append(localId);
    pump();
}

void RoomSession::onSendFinished(SendOperation *operation, int localId)
{
    m_queue.removeOne(localId);
    if (operation->state() == ApiRequest::State::Succeeded) {
        if (operation->wasReplayed())
            qCInfo(lcClientRoom) << m_room << "message" << operation->message().id
                                 << "had reached the server before; it was stored once";
        m_messages.markSent(localId, operation->message());
        forget(operation->key());
        m_sends.remove(localId);
        operation->deleteLater();
    } else {
        m_messages.markFailed(localId, operation->errorString());
        // Refused (a 4xx other than 429): it would be refused again at the next start. A
        // click sends it again, and keeps it again.
        const int status = operation->httpStatus();
        if (status >= 400 && status < 500)
            forget(operation->key());
    }
    pump();
}

Outbox::Entry RoomSession::entryOf(const Outgoing &outgoing) const
{
    const SendOperation *operation = outgoing.operation;
    return { operation->key(), m_room, operation->from(), operation->text(), outgoing.created };
}

void RoomSession::keep(const Outbox::Entry &entry)
{
    if (!m_outbox)
        return;
    if (const auto kept = m_outbox->add(entry); !kept)
        qCWarning(lcClientRoom) << m_room
                                << "cannot keep an unsent message:" << kept.error().message;
}

void RoomSession::forget(const QString &key)
{
    if (!m_outbox)
        return;
    if (const auto removed = m_outbox->remove(key); !removed)
        qCWarning(lcClientRoom) << m_room << "cannot update the outbox:" << removed.error().message;
}

} // namespace chat::desktop
