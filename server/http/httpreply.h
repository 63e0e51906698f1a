#pragma once

#include "server/http/httpwire.h"

#include <QByteArray>
#include <QString>

class QHttpServerResponder;

namespace chat {
struct Error;
}

namespace chat::server {

// A complete, non-streaming HTTP response as a value: handlers build one, the server sends it.
struct HttpReply
{
    using Headers = httpwire::Headers;

    int status = 200;
    Headers headers;
    QByteArray body;

    // application/json (no charset, as the original demo answers).
    static HttpReply json(QByteArray body, int status = 200);
    // {"error": "<message>"}\n with the given status.
    static HttpReply error(int status, const QString &message);
    // The same for an Error (400 when it carries no status).
    static HttpReply error(const Error &error);
    // 503: the database cannot be used right now.
    static HttpReply storeUnavailable();
    // 200 text/event-stream, neither cached nor buffered on the way; the body is added.
    static HttpReply eventStream();

    HttpReply &&withHeader(QByteArray name, QByteArray value) &&;

    // Status line, headers, Content-Length, then the body unless the request was a HEAD.
    enum class Body { Include, Omit };
    QByteArray toBytes(Body body = Body::Include) const;
    // The status line and headers alone, for a body that follows in chunks (httpwire::chunk),
    // or for one that ends when the connection closes (for HTTP/1.0 clients).
    QByteArray chunkedHead() const;
    QByteArray closeDelimitedHead() const;
    void send(QHttpServerResponder &responder, Body body = Body::Include) const;
};

} // namespace chat::server
