#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <utility>

class QHttpServerResponder;

namespace chat::server {

// A complete, non-streaming HTTP response as a value: handlers build one, the server sends it.
struct HttpReply
{
    using Headers = QList<std::pair<QByteArray, QByteArray>>;

    int status = 200;
    Headers headers;
    QByteArray body;

    // application/json (no charset, as the original demo answers).
    static HttpReply json(QByteArray body, int status = 200);
    // {"error": "<message>"}\n with the given status.
    static HttpReply error(int status, const QString &message);
    // 503: the database cannot be used right now.
    static HttpReply storeUnavailable();

    HttpReply &&withHeader(QByteArray name, QByteArray value) &&;

    // Status line, headers, Content-Length, then the body unless the request was a HEAD.
    enum class Body { Include, Omit };
    void send(QHttpServerResponder &responder, Body body = Body::Include) const;
};

} // namespace chat::server
