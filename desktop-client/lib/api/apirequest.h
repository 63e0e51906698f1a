#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

class QNetworkReply;

namespace chat::desktop {

class ChatApi;

// One HTTP request to the chat server as an object with a state: created → running →
// succeeded or failed (with a sentence for the user: the server's {"error": ...} or the
// network's reason). Subclasses build the request and read the answer.
class ApiRequest : public QObject
{
    Q_OBJECT
public:
    enum class State { Created, Running, Succeeded, Failed };
    Q_ENUM(State)

    State state() const { return m_state; }
    QString errorString() const { return m_error; }
    int httpStatus() const { return m_httpStatus; }

    // Starts (again, after a failure).
    void start();

signals:
    void stateChanged(chat::desktop::ApiRequest::State state);
    void finished(); // succeeded or failed

protected:
    ApiRequest(ChatApi *api, QObject *parent);

    virtual QNetworkReply *send() = 0;
    // Reads a 2xx body; false and *error when it is not what the server sends.
    virtual bool parse(const QByteArray &body, QString *error) = 0;
    // What a non-2xx answer means; by default the server's "error" text.
    virtual QString describeFailure(int status, const QByteArray &body) const;
    // What a failure without an HTTP answer means; by default the network's own words.
    virtual QString describeNetworkError(const QString &networkError) const { return networkError; }

    ChatApi *api() const { return m_api; }

private:
    void onFinished();
    void setState(State state);

    ChatApi *m_api;
    QPointer<QNetworkReply> m_reply;
    State m_state = State::Created;
    QString m_error;
    int m_httpStatus = 0;
    QString m_reasonPhrase;
};

} // namespace chat::desktop
