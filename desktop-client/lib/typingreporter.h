#pragma once

#include "desktop-client/lib/api/typingnotice.h"

#include <QObject>
#include <QPointer>
#include <functional>
#include <optional>

namespace chat::desktop {

class ChatApi;

// Tells a room that this client's user is typing: composing() on every edit of the composer;
// a POST .../typing/ goes at most once every 2 s (what the server passes on anyway), never for
// an empty composer, and never two at once. The clock may be injected for tests.
class TypingReporter : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kIntervalMs = 2000;

    TypingReporter(ChatApi *api, QString room, QString nickname, QObject *parent = nullptr);

    void setClock(std::function<qint64()> nowMs);

    // The composer now holds `text`; true when a notice went out.
    bool composing(const QString &text);
    int sent() const { return m_sent; }
    bool isSending() const { return m_inFlight != nullptr; }

private:
    ChatApi *m_api;
    QString m_room;
    QString m_nickname;
    std::function<qint64()> m_now;
    std::optional<qint64> m_lastMs;
    QPointer<TypingNotice> m_inFlight;
    int m_sent = 0;
};

} // namespace chat::desktop
