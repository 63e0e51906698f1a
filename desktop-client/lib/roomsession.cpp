#include "desktop-client/lib/roomsession.h"

#include "desktop-client/lib/api/chatapi.h"
#include "desktop-client/lib/api/historyrequest.h"
#include "desktop-client/lib/api/sendoperation.h"
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcClientRoom, "chat.client.room", QtInfoMsg)

namespace chat::desktop {

RoomSession::RoomSession(ChatApi *api, QString room, QString nickname, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_room(std::move(room))
    , m_nickname(std::move(nickname))
    , m_stream(api->network(), api->eventsUrl(m_room))
{
    m_messages.setOwnNickname(m_nickname);
    connect(&m_stream, &EventStream::eventReceived, this, &RoomSession::onEvent);
    connect(&m_stream, &EventStream::stateChanged, this, &RoomSession::connectionChanged);
}

RoomSession::~RoomSession()
{
    stop();
}

void RoomSession::start()
{
    if (m_historyLoaded)
        m_stream.start();
    else
        loadHistory();
}

void RoomSession::stop()
{
    delete m_historyRequest;
    m_stream.stop();
}

void RoomSession::reconnectNow()
{
    if (m_historyLoaded)
        m_stream.reconnectNow();
    else if (!m_historyRequest || m_historyRequest->state() == ApiRequest::State::Waiting)
        loadHistory();
}

EventStream::State RoomSession::connectionState() const
{
    if (m_historyLoaded)
        return m_stream.state();
    return m_historyRequest && m_historyRequest->state() == ApiRequest::State::Waiting
        ? EventStream::State::Waiting
        : EventStream::State::Connecting;
}

qint64 RoomSession::msUntilRetry() const
{
    if (m_historyLoaded)
        return m_stream.msUntilRetry();
    return m_historyRequest ? m_historyRequest->msUntilRetry() : 0;
}

QString RoomSession::lastError() const
{
    if (m_historyLoaded)
        return m_stream.lastError();
    return m_historyRequest ? m_historyRequest->errorString() : QString();
}

void RoomSession::loadHistory()
{
    delete m_historyRequest;
    m_historyRequest = new HistoryRequest(m_api, m_room, 0, this);
    // Until the first page arrives there is nothing to show: keep trying, with backoff. A
    // reload after stream-reset tries once; the stream goes on meanwhile.
    if (!m_historyLoaded)
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
    if (first) {
        qCDebug(lcClientRoom) << m_room << "history up to" << request->lastEventId();
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

void RoomSession::onEvent(const SseEvent &event)
{
    if (event.type.isEmpty() || event.type == "message") {
        auto message = Message::fromJson(event.data);
        if (!message) {
            qCWarning(lcClientRoom)
                << m_room << "ignores a malformed message:" << message.error().message;
            return;
        }
        message->room = m_room;
        if (!m_messages.addMessage(*message) || message->from == m_nickname)
            return;
        if (!m_active) {
            ++m_unread;
            emit unreadChanged(m_unread);
        }
        emit messageArrived(*message);
    } else if (event.type == "stream-reset" || event.type == "stream-error") {
        // The server cannot replay from our id: the history fills the gap; the stream goes on
        // from the id this event carries.
        qCInfo(lcClientRoom) << m_room << event.type << event.data;
        loadHistory();
    }
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
    const int localId = m_messages.addPending(m_nickname, text);
    auto *operation = new SendOperation(m_api, m_room, m_nickname, text, this);
    // A post the server refused for now (429 over the rate, 503 with a full disk) was not
    // stored: it goes again by itself when the server says. Anything else waits for a click.
    operation->setRetryPolicy({ 0, 1000, 30000, ApiRequest::Retry::RefusalsOnly });
    m_sends.insert(localId, operation);
    connect(operation, &ApiRequest::finished, this,
            [this, operation, localId] { onSendFinished(operation, localId); });
    connect(operation, &ApiRequest::stateChanged, this,
            [this, operation, localId](ApiRequest::State state) {
                if (state == ApiRequest::State::Waiting)
                    m_messages.markWaiting(localId, operation->msUntilRetry());
                else if (state == ApiRequest::State::Running)
                    m_messages.markPending(localId);
            });
    operation->start();
    return localId;
}

void RoomSession::retry(int localId)
{
    SendOperation *operation = m_sends.value(localId);
    if (!operation || operation->state() != ApiRequest::State::Failed)
        return;
    m_messages.markPending(localId);
    operation->start();
}

void RoomSession::onSendFinished(SendOperation *operation, int localId)
{
    if (operation->state() == ApiRequest::State::Succeeded) {
        m_messages.markSent(localId, operation->message());
        m_sends.remove(localId);
        operation->deleteLater();
    } else {
        m_messages.markFailed(localId, operation->errorString());
    }
}

} // namespace chat::desktop
