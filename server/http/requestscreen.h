#pragma once

#include "shared/model/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <deque>

namespace chat::server {

// Looks at the raw bytes of one connection before QtHttpServer parses them. QtHttpServer 6.4
// buffers any request line, header block and body whole, reads a target such as "//x/y" as an
// authority, lets control characters through in header values and silently rewrites malformed
// percent-encoding; the screen rejects such requests first, from the header block alone, so an
// oversized body is never read. It also keeps what the router needs of each request's line
// that QtHttpServer does not tell: the literal target and the HTTP version.
class RequestScreen
{
public:
    struct Limits
    {
        qsizetype maxRequestLine = 8 * 1024;
        qsizetype maxHeaderBlock = 16 * 1024;
        qint64 maxBody = 64 * 1024;
    };

    // What the router needs of a request head, in the order the requests arrived.
    struct Head
    {
        QByteArray target; // the literal origin-form target: path and query, still encoded
        bool http10 = false; // HTTP/1.0: no chunked responses, close unless asked to keep alive
        bool wantsClose = false; // the connection ends after the response
    };

    // Where the connection is: between requests, inside a request head, or inside a body.
    enum class Phase { BetweenRequests, InHead, InBody };

    RequestScreen() = default;
    explicit RequestScreen(Limits limits)
        : m_limits(limits)
    { }

    // Feeds the next bytes received on the connection (each byte exactly once, in order).
    // Fails with the status and message of the first bad request; after that the connection
    // must be answered and closed.
    Result<void> feed(QByteArrayView bytes);

    Phase phase() const;
    // The heads of the requests screened so far and not yet taken, oldest first.
    bool hasHead() const { return !m_heads.empty(); }
    Head takeHead();

private:
    Result<void> examineHead(QByteArrayView head);

    Limits m_limits;
    QByteArray m_head; // header block collected so far
    qint64 m_bodyRemaining = 0;
    std::deque<Head> m_heads;
};

} // namespace chat::server
