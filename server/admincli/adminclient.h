#pragma once

#include "shared/model/result.h"

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QUrl>

namespace chat::admin {

// Requests to a chat-server's admin API with the operator's bearer token, one at a time,
// waiting for each answer (a command-line tool has nothing else to do meanwhile).
class AdminClient
{
public:
    struct Reply
    {
        int status = 0;
        QByteArray body;
        QString errorMessage() const; // the "error" of a JSON error body, else the body
    };

    AdminClient(QUrl server, QByteArray token, int timeoutMs = 10'000);

    // `path` is percent-encoded already; a JSON body if any. Fails only when no answer came.
    Result<Reply> send(const QByteArray &method, const QByteArray &path,
                       const QByteArray &json = {});

private:
    QNetworkAccessManager m_network;
    QUrl m_server;
    QByteArray m_token;
    int m_timeoutMs;
};

} // namespace chat::admin
