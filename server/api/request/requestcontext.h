#pragma once

#include "shared/model/result.h"
#include "shared/text/urlencoding.h"

#include <QByteArray>
#include <QString>

namespace chat::server {

// What the router has learnt about a request before an endpoint sees it, from the request line
// as the screen read it (not as QUrl reinterprets it) and from the connection.
struct RequestContext
{
    QByteArray path; // the literal path, still percent-encoded
    Result<urlencoding::Fields> query = urlencoding::Fields(); // decoded, or why not
    QString client; // the client's address (clientAddress())
    bool viaProxy = false; // it carries a valid Grip-Sig: the GRIP proxy sent it
    bool http10 = false; // HTTP/1.0: no chunked response
};

} // namespace chat::server
