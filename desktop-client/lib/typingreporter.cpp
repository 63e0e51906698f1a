#include "desktop-client/lib/typingreporter.h"

#include "desktop-client/lib/api/typingnotice.h"

#include <QElapsedTimer>
#include <memory>

namespace chat::desktop {

TypingReporter::TypingReporter(ChatApi *api, QString room, QString nickname, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_room(std::move(room))
    , m_nickname(std::move(nickname))
{
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    m_now = [clock] {
        return clock->elapsed();
    };
}

void TypingReporter::setClock(std::function<qint64()> nowMs)
{
    m_now = std::move(nowMs);
}

bool TypingReporter::composing(const QString &text)
{
    if (text.trimmed().isEmpty() || m_inFlight)
        return false;
    const qint64 now = m_now();
    if (m_lastMs && now - *m_lastMs < kIntervalMs)
        return false;
    m_lastMs = now;
    ++m_sent;
    // Best effort: one attempt, no retries (a late "typing" is worse than none).
    m_inFlight = new TypingNotice(m_api, m_room, m_nickname, this);
    connect(m_inFlight, &ApiRequest::finished, m_inFlight, &QObject::deleteLater);
    m_inFlight->start();
    return true;
}

} // namespace chat::desktop
