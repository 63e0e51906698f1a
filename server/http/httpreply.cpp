#include "server/http/httpreply.h"

#include "server/http/screenedlistener.h"

#include "shared/model/compatjson.h"
#include "shared/model/result.h"

#include <QHttpServerResponder>
#include <QTcpSocket>

namespace chat::server {

HttpReply HttpReply::json(QByteArray body, int status)
{
    return HttpReply { status, { { "Content-Type", "application/json" } }, std::move(body) };
}

HttpReply HttpReply::error(int status, const QString &message)
{
    return json("{\"error\": " + compatjson::quote(message) + "}\n", status);
}

HttpReply HttpReply::error(const Error &error)
{
    return HttpReply::error(error.status ? error.status : 400, error.message);
}

HttpReply HttpReply::storeUnavailable()
{
    return error(503, QStringLiteral("the message store is unavailable: try again shortly"))
        .withHeader("Retry-After", "5");
}

HttpReply HttpReply::eventStream()
{
    return HttpReply { 200,
                       { { "Content-Type", "text/event-stream" },
                         { "Cache-Control", "no-cache" },
                         { "X-Accel-Buffering", "no" } },
                       {} };
}

HttpReply &&HttpReply::withHeader(QByteArray name, QByteArray value) &&
{
    headers.append({ std::move(name), std::move(value) });
    return std::move(*this);
}

QByteArray HttpReply::toBytes(Body include) const
{
    Headers all = headers;
    if (status != 204 && status != 304) // they have no body, and must not say how long it is
        all.emplace_back("Content-Length", QByteArray::number(body.size()));
    return httpwire::head(status, all) + (include == Body::Include ? body : QByteArray());
}

QByteArray HttpReply::chunkedHead() const
{
    Headers all = headers;
    all.emplace_back("Transfer-Encoding", "chunked");
    return httpwire::head(status, all);
}

QByteArray HttpReply::closeDelimitedHead() const
{
    Headers all = headers;
    all.emplace_back("Connection", "close");
    return httpwire::head(status, all);
}

void HttpReply::send(QHttpServerResponder &responder, Body include) const
{
    // QHttpServerResponder 6.4 writes straight to the socket too; writing the bytes ourselves
    // keeps every status line and header block in httpwire.
    QTcpSocket *socket = responder.socket();
    if (!socket)
        return;
    if (ScreenedListener::closesAfterResponse(socket)) {
        HttpReply closing = *this;
        closing.headers.emplace_back("Connection", "close");
        socket->write(closing.toBytes(include));
    } else {
        socket->write(toBytes(include));
    }
    ScreenedListener::responseSent(socket, status);
}

} // namespace chat::server
