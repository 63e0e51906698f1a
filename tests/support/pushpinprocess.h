#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace chat::test {

// A private Pushpin (Debian's package) for tests: its configuration is generated from the
// project's template into a temporary directory, on free ports chosen at construction (kept
// across restarts), with a random Grip-Sig key, in front of an origin.
class PushpinProcess
{
public:
    explicit PushpinProcess(int messageRate = 100'000);
    ~PushpinProcess(); // stops it

    QByteArray signingKey() const { return m_signingKey; }
    quint16 httpPort() const { return m_httpPort; }
    quint16 publishPort() const { return m_publishPort; }
    // GRIP_URL for the origin: publish endpoint, issuer and key of this instance's Grip-Sig.
    QString gripUrl(quint16 publishPort = 0) const;

    // Writes the configuration, starts Pushpin in front of 127.0.0.1:originPort and waits until
    // it holds a stream request to the origin.
    bool start(quint16 originPort, int timeoutMs = 30000);
    // In front of several origins (one route, every origin a target of it).
    bool start(const QList<quint16> &originPorts, int timeoutMs = 30000);
    void stop(); // SIGTERM and wait; SIGKILL after 10 s
    QByteArray log() const;

private:
    bool choosePorts();
    bool startOnce(const QList<quint16> &originPorts, int timeoutMs);

    QByteArray m_signingKey;
    int m_messageRate;
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_httpPort = 0;
    quint16 m_publishPort = 0;
    int m_starts = 0;
    QString m_currentDir;
};

} // namespace chat::test
