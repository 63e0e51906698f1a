#pragma once

#include "shared/model/result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace chat::server {

// Looks at the raw bytes of one connection before QtHttpServer parses them. QtHttpServer 6.4
// buffers any request line, header block and body whole, and silently rewrites malformed
// percent-encoding; the screen rejects such requests first, from the header block alone, so an
// oversized body is never read.
class RequestScreen
{
public:
    struct Limits
    {
        qsizetype maxRequestLine = 8 * 1024;
        qsizetype maxHeaderBlock = 16 * 1024;
        qint64 maxBody = 64 * 1024;
    };

    RequestScreen() = default;
    explicit RequestScreen(Limits limits)
        : m_limits(limits)
    { }

    // Feeds the next bytes received on the connection (each byte exactly once, in order).
    // Fails with the status and message of the first bad request; after that the connection
    // must be answered and closed.
    Result<void> feed(QByteArrayView bytes);

private:
    Result<void> examineHead(QByteArrayView head);

    Limits m_limits;
    QByteArray m_head; // header block collected so far
    qint64 m_bodyRemaining = 0;
};

} // namespace chat::server
