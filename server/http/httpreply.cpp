#include "server/httpreply.h"

#include "shared/compatjson.h"

#include <QHttpServerResponder>

namespace chat::server {

HttpReply HttpReply::json(QByteArray body, int status)
{
    return HttpReply { status, { { "Content-Type", "application/json" } }, std::move(body) };
}

HttpReply HttpReply::error(int status, const QString &message)
{
    return json("{\"error\": " + compatjson::quote(message) + "}\n", status);
}

HttpReply HttpReply::storeUnavailable()
{
    return error(503, QStringLiteral("the message store is unavailable"));
}

HttpReply &&HttpReply::withHeader(QByteArray name, QByteArray value) &&
{
    headers.append({ std::move(name), std::move(value) });
    return std::move(*this);
}

void HttpReply::send(QHttpServerResponder &responder, Body include) const
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    for (const auto &[name, value] : headers)
        responder.writeHeader(name, value);
    responder.writeHeader("Content-Length", QByteArray::number(body.size()));
    responder.writeBody(include == Body::Include ? body : QByteArray());
}

} // namespace chat::server
