#include "desktop-client/lib/models/typingstate.h"

#include <QElapsedTimer>
#include <algorithm>
#include <memory>

namespace chat::desktop {

TypingState::TypingState(QObject *parent)
    : QObject(parent)
{
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    m_now = [clock] {
        return clock->elapsed();
    };
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &TypingState::expire);
}

void TypingState::setClock(std::function<qint64()> nowMs)
{
    m_now = std::move(nowMs);
}

void TypingState::noteTyping(const QString &nickname)
{
    if (nickname.isEmpty() || nickname == m_ownNickname)
        return;
    const qint64 now = m_now();
    const auto it = std::find_if(m_typists.begin(), m_typists.end(),
                                 [&](const Typist &t) { return t.nickname == nickname; });
    if (it != m_typists.end()) {
        it->lastMs = now; // still typing: the same text, a later deadline
        schedule();
        return;
    }
    m_typists.append({ nickname, now });
    schedule();
    emit changed();
}

void TypingState::noteStopped(const QString &nickname)
{
    const auto removed
        = m_typists.removeIf([&](const Typist &t) { return t.nickname == nickname; });
    if (removed == 0)
        return;
    schedule();
    emit changed();
}

void TypingState::clear()
{
    if (m_typists.isEmpty())
        return;
    m_typists.clear();
    schedule();
    emit changed();
}

void TypingState::expire()
{
    const qint64 now = m_now();
    const auto removed
        = m_typists.removeIf([&](const Typist &t) { return now - t.lastMs >= kTimeoutMs; });
    schedule();
    if (removed > 0)
        emit changed();
}

QStringList TypingState::nicknames() const
{
    QStringList names;
    for (const Typist &typist : m_typists)
        names.append(typist.nickname);
    return names;
}

qint64 TypingState::msUntilNextExpiry() const
{
    if (m_typists.isEmpty())
        return -1;
    qint64 oldest = m_typists.first().lastMs;
    for (const Typist &typist : m_typists)
        oldest = std::min(oldest, typist.lastMs);
    return std::max<qint64>(0, oldest + kTimeoutMs - m_now());
}

void TypingState::schedule()
{
    const qint64 due = msUntilNextExpiry();
    if (due < 0)
        m_timer.stop();
    else
        m_timer.start(int(due));
}

QString TypingState::describe(const QStringList &nicknames)
{
    switch (nicknames.size()) {
    case 0:
        return {};
    case 1:
        return tr("%1 is typing…").arg(nicknames.at(0));
    case 2:
        return tr("%1 and %2 are typing…").arg(nicknames.at(0), nicknames.at(1));
    case 3:
        return tr("%1, %2 and %3 are typing…")
            .arg(nicknames.at(0), nicknames.at(1), nicknames.at(2));
    default:
        return tr("%1, %2 and %n others are typing…", nullptr, int(nicknames.size()) - 2)
            .arg(nicknames.at(0), nicknames.at(1));
    }
}

} // namespace chat::desktop
