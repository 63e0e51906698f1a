#pragma once

#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <functional>

namespace chat::desktop {

// Who is typing in one room, from the stream's typing events: a nickname counts as typing for
// 5 s after its last event, or until its message arrives; never this client's own nickname.
// The clock may be injected, so that tests need not wait.
class TypingState : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kTimeoutMs = 5000;

    explicit TypingState(QObject *parent = nullptr);

    // For tests: milliseconds on any monotonic scale (the default counts from construction).
    void setClock(std::function<qint64()> nowMs);
    void setOwnNickname(const QString &nickname) { m_ownNickname = nickname; }

    void noteTyping(const QString &nickname); // a typing event
    void noteStopped(const QString &nickname); // their message came, or they went offline
    void clear();
    // Forgets whoever has been quiet for kTimeoutMs; the timer calls it when the first is due.
    void expire();

    QStringList nicknames() const; // in the order they started typing
    bool isEmpty() const { return m_typists.isEmpty(); }
    QString text() const { return describe(nicknames()); }
    qint64 msUntilNextExpiry() const; // -1 when nobody types

    // "alice is typing…", "alice and bob are typing…", "alice, bob and carol are typing…",
    // "alice, bob and 2 others are typing…"; empty for nobody.
    static QString describe(const QStringList &nicknames);

signals:
    void changed();

private:
    struct Typist
    {
        QString nickname;
        qint64 lastMs;
    };

    void schedule();

    std::function<qint64()> m_now;
    QString m_ownNickname;
    QList<Typist> m_typists;
    QTimer m_timer;
};

} // namespace chat::desktop
