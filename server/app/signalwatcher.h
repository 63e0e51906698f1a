#pragma once

#include <QObject>

class QSocketNotifier;

namespace chat::server {

// Turns SIGTERM and SIGINT into a Qt signal delivered on the event loop (a POSIX signal handler
// may only write to a pipe; the rest happens in the slot).
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void stopRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace chat::server
